"""Typed errors of orders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, NotFound, ValidationFailed


class IllegalTransition(Conflict):
    """The order is not in a state this step may be taken from, or this actor may not take it."""

    code = "order_transition_not_allowed"
    default_message = _("This order cannot make that step now.")

    def __init__(self, *, source: str, target: str, actor_kind: str) -> None:
        self.source, self.target, self.actor_kind = source, target, actor_kind
        super().__init__()


class ReasonRequired(ValidationFailed):
    code = "reason_required"

    def __init__(self) -> None:
        message = _("Say why the order is cancelled.")
        super().__init__(message, fields={"reason": [message]})


class OrderNotFound(NotFound):
    code = "order_not_found"
    default_message = _("There is no such order.")


class ReturnNotFound(NotFound):
    code = "return_not_found"
    default_message = _("There is no such return.")


class ReturnStepNotAllowed(Conflict):
    """The return is not in a state this step may be taken from, or this actor may not take it."""

    code = "return_step_not_allowed"
    default_message = _("This return cannot make that step now.")

    def __init__(self, *, source: str, target: str, actor_kind: str) -> None:
        self.source, self.target, self.actor_kind = source, target, actor_kind
        super().__init__()


class ReturnWindowClosed(Conflict):
    code = "return_window_closed"
    default_message = _("The time to ask for a return of this order has passed.")


class ReturnAlreadyOpen(Conflict):
    code = "return_already_open"
    default_message = _("This order already has a return in progress; wait for it to finish or withdraw it.")
