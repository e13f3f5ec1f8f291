from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lapak.core.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Registers the periodic seal with the scheduler.
        from lapak.core.audit import tasks  # noqa: F401
