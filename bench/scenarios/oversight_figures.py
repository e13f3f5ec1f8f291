"""The `oversight` benchmark's measurements inside Django: rebuilding the rollups, timing every registered figure,
and the report loop that runs beside the checkout load.

`report_loop()`, run in a process of its own with the database's environment, computes every figure from the
source tables (or the rollups), one after another, until it is sent SIGTERM; then it prints how many it computed as
one JSON line. bench/scenarios/oversight.py starts it while checkouts are measured.
"""

from __future__ import annotations

import json
import signal
import time
from datetime import date

from bench._load import percentile

ROLLUP_MS, SCRATCH_MS = 250, 2_000


def query_range(months: int = 24) -> tuple[date, date]:
    """The first day of the month `months` months ago (local time) to today: every order the seed wrote."""
    from django.utils import timezone

    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, 1), today


def rollups_build(*, rebuild: bool) -> dict:
    """Rebuilds every registered rollup from the source tables (what `rollups_rebuild_all` runs), or refreshes it
    (folds in only what changed since its watermark), each timed."""
    from lapak.oversight.rollups import ROLLUPS

    result, started = {}, time.perf_counter()
    for name, rollup in sorted(ROLLUPS.items()):
        begun = time.perf_counter()
        try:
            folded = rollup.rebuild() if rebuild else rollup.refresh()
            result[name] = {"rows_folded": folded, "seconds": round(time.perf_counter() - begun, 2)}
        except Exception as exc:  # a broken rollup is reported, the others still run
            result[name] = {"error": f"{type(exc).__name__}: {exc}"[:300],
                            "seconds": round(time.perf_counter() - begun, 2)}
    return {"mode": "rebuild" if rebuild else "refresh", "rollups": result,
            "total_seconds": round(time.perf_counter() - started, 2),
            "registered": sorted(ROLLUPS)}


def _groupings(figure) -> list[tuple[str, tuple[str, ...]]]:
    """The figure's default grouping and, if it has two dimensions or more, one by up to three of them."""
    groupings = [("default", tuple(figure.default_by))]
    dimensions = tuple(figure.dimensions)
    multi = dimensions[:3]
    if len(dimensions) >= 2 and multi != tuple(figure.default_by):
        groupings.append(("multi", multi))
    return groupings


def _time(figure, query, repeat: int) -> dict:
    from lapak.oversight.privacy import apply_suppression

    seconds, table = [], None
    for i in range(repeat + 1):  # the first is a warm-up: connection, imports, the planner's first look
        started = time.perf_counter()
        table = apply_suppression(figure.compute(query))
        if i:
            seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {"p50_ms": round(percentile(seconds, 50) * 1000, 1), "p95_ms": round(percentile(seconds, 95) * 1000, 1),
            "max_ms": round(seconds[-1] * 1000, 1), "samples": len(seconds), "rows": len(table.rows),
            "suppressed": table.suppressed, "_rows": table.rows}


def figures_time(*, repeat_rollup: int, repeat_scratch: int, jurisdiction: str = "ID") -> dict:
    """Every registered figure, from the rollups and from scratch, for its default grouping and one of several
    dimensions: p50/p95 against the targets, and whether both sources gave the same rows."""
    from lapak.oversight.figures import FigureQuery, figures_in_order

    date_from, date_to = query_range()
    out, failures = [], 0
    for figure in figures_in_order():
        for label, by in _groupings(figure):
            entry: dict = {"figure": figure.key, "grouping": label, "by": list(by)}
            answers = {}
            for source, repeat, target in (("rollup", repeat_rollup, ROLLUP_MS), ("scratch", repeat_scratch,
                                                                                  SCRATCH_MS)):
                query = FigureQuery(jurisdiction=jurisdiction, date_from=date_from, date_to=date_to, by=by,
                                    source=source)
                try:
                    timed = _time(figure, query, repeat)
                except Exception as exc:  # one broken figure must not hide the others' figures
                    failures += 1
                    entry[source] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
                    continue
                answers[source] = timed.pop("_rows")
                timed.update(target_ms=f"<= {target}", **{"pass": timed["p95_ms"] <= target})
                entry[source] = timed
            if len(answers) == 2:
                entry["rollup_equals_scratch"] = _canonical(answers["rollup"]) == _canonical(answers["scratch"])
            out.append(entry)
    timed = [e[s] for e in out for s in ("rollup", "scratch") if "p95_ms" in e.get(s, {})]
    return {"range": [date_from.isoformat(), date_to.isoformat()], "jurisdiction": jurisdiction,
            "figures": out, "measured": len(timed), "errors": failures,
            "all_pass": failures == 0 and bool(timed) and all(t["pass"] for t in timed)}


def _canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in row.items() if not k.startswith("_")}, sort_keys=True, default=str)
                  for row in rows)


def report_loop(source: str = "scratch") -> None:
    """Computes every figure (default grouping, whole range) from `source` over and over until SIGTERM."""
    import django

    django.setup()
    from lapak.oversight.figures import FigureQuery, figures_in_order
    from lapak.oversight.privacy import apply_suppression

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    date_from, date_to = query_range()
    computed, errors, started = 0, 0, time.perf_counter()
    while not stop["now"]:
        for figure in figures_in_order():
            if stop["now"]:
                break
            query = FigureQuery(jurisdiction="ID", date_from=date_from, date_to=date_to, by=tuple(figure.default_by),
                                source=source)
            try:
                apply_suppression(figure.compute(query))
                computed += 1
            except Exception:  # counted; the loop is load, not a check
                errors += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"figures_computed": computed, "errors": errors, "seconds": round(seconds, 1),
                      "figures_per_s": round(computed / seconds, 2) if seconds else 0.0}), flush=True)

