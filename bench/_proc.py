"""CPU time of process trees, read from /proc, so a result shows who used the machine's cores."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[1].split()  # after "pid (comm)": [state, ppid, ...]


def tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU of `root_pid` and its live descendants, plus what their reaped children used."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_ticks, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        fields = _stat_fields(pid)
        if fields is None:
            continue
        # Fields 14-17 of proc(5): utime, stime, cutime, cstime (indices 11-14 once pid and comm are cut).
        total_ticks += sum(int(value) for value in fields[11:15])
        stack.extend(children.get(pid, []))
    return total_ticks / _TICKS


def cores() -> int:
    """The cores this process may run on (the machine's count, unless an affinity mask narrows it)."""
    return len(os.sched_getaffinity(0))


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot: user, nice, system, irq and softirq from /proc/stat.

    Idle, iowait and steal (time the hypervisor gave to other machines) are not busy time here.
    """
    user, nice, system, _idle, _iowait, irq, softirq = (
        int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]
    )
    return (user + nice + system + irq + softirq) / _TICKS
