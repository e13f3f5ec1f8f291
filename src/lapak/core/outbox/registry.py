"""Which in-process handlers receive which topic.

A handler is a plain function `handler(event: OutboxEvent) -> None`, registered with
`@outbox_subscribe("order.placed")`. Registration happens when the handler's module is imported, and
nothing imports it by magic: an app that subscribes imports its own `handlers` module in its
`AppConfig.ready()`::

    class OrdersConfig(AppConfig):
        def ready(self) -> None:
            from lapak.market.orders import handlers  # noqa: F401  (outbox subscriptions)

Handlers run after the emitting transaction committed, outside any transaction of ours, at least once
(a retry after a failure runs every handler of the topic again), so they must be idempotent; a handler
that writes opens its own `transaction.atomic()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lapak.core.outbox.models import OutboxEvent

Handler = Callable[["OutboxEvent"], None]

_handlers: dict[str, list[Handler]] = {}


def outbox_subscribe(topic: str) -> Callable[[Handler], Handler]:
    """Registers the decorated function for `topic`; registering the same function twice is a no-op."""

    def register(handler: Handler) -> Handler:
        subscribers = _handlers.setdefault(topic, [])
        if handler not in subscribers:
            subscribers.append(handler)
        return handler

    return register


def outbox_unsubscribe(topic: str, handler: Handler) -> None:
    """Removes a handler (for tests that subscribe their own)."""
    subscribers = _handlers.get(topic, [])
    if handler in subscribers:
        subscribers.remove(handler)


def handlers_for(topic: str) -> list[Handler]:
    return list(_handlers.get(topic, ()))
