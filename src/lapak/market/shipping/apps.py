from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "lapak.market.shipping"
    label = "shipping"
    verbose_name = _("Shipping")

    def ready(self) -> None:
        # Registers the sandbox courier's periodic tick with the scheduler.
        from lapak.market.shipping import tasks  # noqa: F401
