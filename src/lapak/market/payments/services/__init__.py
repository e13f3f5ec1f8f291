"""Writers of payments; import them from here."""

from lapak.market.payments.services.intents import payment_intent_create, payment_intents_expire
from lapak.market.payments.services.notifications import payment_notification_receive
from lapak.market.payments.services.reconcile import payment_intent_refresh, payment_intents_reconcile

__all__ = ["payment_intent_create", "payment_intent_refresh", "payment_intents_expire",
           "payment_intents_reconcile", "payment_notification_receive"]
