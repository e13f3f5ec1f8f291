from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "lapak.market.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # Registers the periodic expiry of unpaid orders with the scheduler.
        from lapak.market.orders import tasks  # noqa: F401
