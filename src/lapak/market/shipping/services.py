"""The writes of shipping, in one place for other packages to import (each lives beside its use case)."""

from lapak.market.shipping.cod import cash_on_delivery_set
from lapak.market.shipping.loading import couriers_load
from lapak.market.shipping.sandbox import sandbox_tick
from lapak.market.shipping.shipments import shipment_book, shipment_create
from lapak.market.shipping.tracking import STATUS_CHANGED_TOPIC, tracking_event_record, tracking_webhook_receive

__all__ = ["STATUS_CHANGED_TOPIC", "cash_on_delivery_set", "couriers_load", "sandbox_tick", "shipment_book",
           "shipment_create", "tracking_event_record", "tracking_webhook_receive"]
