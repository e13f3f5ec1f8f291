"""Database routing: the content platform on its own alias, and regulator and report reads on a read replica.

DESIGN.md: social never transacts, and the separation holds in storage too. Every model whose app lives
under `lapak.social` is read, written and migrated on `social`; everything else on `default`. Relations
across the two aliases are refused (`SocialRouter`).

DESIGN.md also sends regulator and report reads to a read replica. Such reads scan a lot and may be a few
seconds stale without harm, so they are kept off the primary that serves checkout: code that computes
figures runs inside `replica_reads()`, and while that context is active every read of a marketplace or
kernel model goes to the `replica` alias (`ReplicaRouter`) — if one is configured and
`OVERSIGHT_READ_REPLICA` is on. Writes never go there, whatever the context, and social reads stay on
`social`. `ReplicaRouter` must come before `SocialRouter` in DATABASE_ROUTERS: it answers only reads in the
context and defers everything else.

Queries Django runs for a write go to the primary even inside the context: `select_for_update()`,
`get_or_create()` and `update_or_create()` are routed as writes. Plain reads are not: a replica lags the primary, so
code that reads back what it has just written belongs outside the context.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model

SOCIAL_ALIAS = "social"
SOCIAL_PACKAGE = "lapak.social"
REPLICA_ALIAS = "replica"

# A context variable, not a thread-local: each thread and each asyncio task sees only its own context.
_replica_reads: ContextVar[bool] = ContextVar("lapak_replica_reads", default=False)


def _is_social_app(app_label: str) -> bool:
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    return config.name == SOCIAL_PACKAGE or config.name.startswith(SOCIAL_PACKAGE + ".")


def alias_for_app(app_label: str) -> str:
    return SOCIAL_ALIAS if _is_social_app(app_label) else "default"


def replica_configured() -> bool:
    """A replica alias exists and reads may use it."""
    return REPLICA_ALIAS in settings.DATABASES and bool(getattr(settings, "OVERSIGHT_READ_REPLICA", False))


@contextmanager
def replica_reads() -> Iterator[None]:
    """Inside this block, reads of non-social models go to the read replica when one is configured.
    Nests; leaving restores what was in force before."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_reads_active() -> bool:
    """Whether a read made now would go to the replica."""
    return _replica_reads.get() and replica_configured()


class ReplicaRouter:
    """Sends reads made inside `replica_reads()` to the replica; has no opinion on anything else."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if alias_for_app(model._meta.app_label) != "default" or not replica_reads_active():
            return None
        return REPLICA_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> None:
        # A row read from the replica is the same row as on the primary: SocialRouter decides by app alone.
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if db != REPLICA_ALIAS:
            return None
        # In production the replica is a streaming copy of the primary: its schema arrives by replication and
        # `migrate` must not write to it. The test suite's stand-in is a database of its own, so it is migrated
        # like `default` (REPLICA_MIGRATE is on only in the test settings).
        return bool(getattr(settings, "REPLICA_MIGRATE", False)) and alias_for_app(app_label) == "default"


class SocialRouter:
    """Keeps the social content platform in its own database."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return alias_for_app(model._meta.app_label)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return alias_for_app(model._meta.app_label)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return alias_for_app(obj1._meta.app_label) == alias_for_app(obj2._meta.app_label)

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return alias_for_app(app_label) == db
