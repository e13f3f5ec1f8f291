from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "lapak.market.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        # Registers the periodic expiry with the scheduler.
        from lapak.market.inventory import tasks  # noqa: F401
