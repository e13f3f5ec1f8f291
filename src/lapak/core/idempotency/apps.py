"""Idempotency keys for unsafe API calls (see middleware.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    name = "lapak.core.idempotency"
    label = "idempotency"
    verbose_name = _("Idempotency keys")

    def ready(self) -> None:
        # Registers the hourly cleanup as a periodic job (lapak.core.tasks.periodic).
        from lapak.core.idempotency import tasks  # noqa: F401
