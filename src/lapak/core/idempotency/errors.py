"""The errors an Idempotency-Key can cause, in the one error shape (lapak.core.errors)."""

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, LapakError, ValidationFailed


class IdempotencyKeyInvalid(LapakError):
    status = 400
    code = "idempotency_key_invalid"
    default_message = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    default_message = _("A request with this Idempotency-Key is still being processed. Retry later.")


class IdempotencyKeyReused(ValidationFailed):
    code = "idempotency_key_reused"
    default_message = _("This Idempotency-Key was already used for a different request.")
