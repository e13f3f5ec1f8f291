from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "lapak.market.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # Registers the periodic expiry of unpaid orders with the scheduler, and the outbox subscriptions.
        from lapak.market.orders import handlers, tasks  # noqa: F401
