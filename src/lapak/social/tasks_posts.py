"""Periodic work on posts: keeping tagged products' titles, prices and availability current."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.social.services.posts import post_tags_refresh


@periodic(every=timedelta(hours=1), name="social.post_tags_refresh")
@task
def post_tags_refresh_task() -> dict[str, int]:
    """Re-read the products tagged in recent posts from the marketplace's public catalogue."""
    return post_tags_refresh()
