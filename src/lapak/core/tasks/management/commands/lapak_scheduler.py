"""`manage.py lapak_scheduler`: the long-running process that enqueues periodic jobs when due.

Run one per host if you like: schedulers agree through `PeriodicRun` rows, so each (job, slot) is
enqueued once however many are running. SIGINT/SIGTERM finish the current tick and exit cleanly.
"""

from __future__ import annotations

import logging
import signal
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections

from lapak.core.tasks.periodic import periodic_jobs
from lapak.core.tasks.scheduler import scheduler_tick, seconds_until_next_slot

logger = logging.getLogger("lapak.scheduler")

# Sleep in short steps so a stop signal is honoured within this many seconds even mid-sleep.
_SLEEP_STEP = 0.5


def _drop_stale_connections() -> None:
    # Sleeps outlive CONN_MAX_AGE and database restarts, so reconnect as a worker would; but never
    # inside a transaction someone else opened (a test calling the command).
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        close_old_connections()


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due (long-running; --once for a single tick)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")
        parser.add_argument(
            "--max-sleep", type=float, default=30.0, help="Longest pause between ticks, in seconds (default 30)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._stopping = False
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._run(once=options["once"], max_sleep=max(_SLEEP_STEP, options["max_sleep"]))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("Received %s; the scheduler stops after this tick.", signal.Signals(signum).name)
        self._stopping = True

    def _run(self, *, once: bool, max_sleep: float) -> None:
        names = ", ".join(f"{job.name} every {job.every}" for job in periodic_jobs()) or "none"
        logger.info("Scheduler started; jobs: %s", names)
        while not self._stopping:
            _drop_stale_connections()
            try:
                enqueued = scheduler_tick()
            except DatabaseError:
                # A database hiccup must not kill the scheduler; the slot is retried on the next tick.
                logger.exception("Scheduler tick failed")
                enqueued = []
            for name in enqueued:
                logger.info("Enqueued periodic job %s", name)
            if once:
                self.stdout.write(f"enqueued: {', '.join(enqueued) or '-'}")
                break
            self._sleep(min(max_sleep, seconds_until_next_slot() + 0.05))
        _drop_stale_connections()
        logger.info("Scheduler stopped.")

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(_SLEEP_STEP, left))
