from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightServiceConfig(AppConfig):
    """The money and service figures of the oversight portal (payment methods, PPh 22, payouts, complaints, returns
    and refunds) and the rollups they read."""

    name = "lapak.oversight.service"
    label = "oversight_service"
    verbose_name = _("Oversight: money and service figures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lapak.oversight.service import services  # noqa: F401  (registers the rollups)
