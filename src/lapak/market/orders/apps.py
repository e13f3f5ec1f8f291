from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "lapak.market.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # Registers the periodic expiry of unpaid orders with the scheduler, and the outbox subscriptions.
        from lapak.market.orders import handlers, tasks  # noqa: F401
        from lapak.market.orders.models.refunds import BankRefund, bank_refund_context
        from lapak.market.sellers.vault import register_encrypted_field

        # The buyer's account number for a bank refund is sealed with the identity vault: `vault_rotate` re-encrypts it.
        register_encrypted_field(BankRefund, "number_encrypted", bank_refund_context)
