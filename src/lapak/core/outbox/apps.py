"""Outbox events (see services.outbox_emit, registry.outbox_subscribe, delivery)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "lapak.core.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        # Registers the delivery tasks and the periodic sweep. Subscribers import their own handlers
        # modules in their own AppConfig.ready() (see registry.py).
        from lapak.core.outbox import tasks  # noqa: F401
