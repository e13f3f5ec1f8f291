"""Importing this package registers every scenario. Add a module here and import it below."""

from bench.scenarios import (
    browse,  # noqa: F401
    checkout,  # noqa: F401
    compliance_sweep,  # noqa: F401
    feed,  # noqa: F401
    hot_sku,  # noqa: F401
    http_baseline,  # noqa: F401
    ledger_balance,  # noqa: F401
    live_chat,  # noqa: F401
    oversight,  # noqa: F401
    payment_notify,  # noqa: F401
    reserve_contention,  # noqa: F401
    search,  # noqa: F401
)
