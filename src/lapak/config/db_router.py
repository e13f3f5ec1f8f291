"""Routes the content platform's models to the `social` database alias.

DESIGN.md: social never transacts, and the separation holds in storage too. Every model whose app lives
under `lapak.social` is read, written and migrated on `social`; everything else on `default`. Relations
across the two aliases are refused.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model

SOCIAL_ALIAS = "social"
SOCIAL_PACKAGE = "lapak.social"


def _is_social_app(app_label: str) -> bool:
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    return config.name == SOCIAL_PACKAGE or config.name.startswith(SOCIAL_PACKAGE + ".")


def alias_for_app(app_label: str) -> str:
    return SOCIAL_ALIAS if _is_social_app(app_label) else "default"


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
