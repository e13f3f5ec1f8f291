"""Reads about the task queue (placeholder filled by the tasks work)."""


def task_queue_status() -> dict:
    return {"ok": True}
