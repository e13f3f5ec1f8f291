"""Midtrans-shaped errors: `{"status_code": "4xx", "status_message": ..., "id": ...}` with the same HTTP status."""

from __future__ import annotations

import uuid
from typing import Any


class GatewayError(Exception):
    """An error answer of the Core API. `validation_messages` is present only for 400s, as Midtrans does."""

    def __init__(self, status: int, message: str, validation_messages: list[str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.validation_messages = validation_messages

    def body(self) -> dict[str, Any]:
        """The JSON body Midtrans sends for this error."""
        data: dict[str, Any] = {"status_code": str(self.status), "status_message": self.message}
        if self.validation_messages is not None:
            data["validation_messages"] = self.validation_messages
        data["id"] = str(uuid.uuid4())
        return data


def invalid(*messages: str) -> GatewayError:
    """A 400 listing what is wrong with the payload."""
    return GatewayError(400, "One or more parameters in the payload is invalid.", list(messages))


def unauthorized() -> GatewayError:
    """Wrong or missing server key."""
    return GatewayError(401, "Access denied due to unauthorized transaction, please check client or server key")


def not_found() -> GatewayError:
    """No transaction with that order_id or transaction_id."""
    return GatewayError(404, "Transaction doesn't exist.")


def duplicate_order() -> GatewayError:
    """A second charge for an order_id already used."""
    return GatewayError(406, "order_id has been paid and utilized, please use another order ID")


def cannot_modify() -> GatewayError:
    """The action does not apply to the transaction's current status."""
    return GatewayError(412, "Merchant cannot modify the status of the transaction")
