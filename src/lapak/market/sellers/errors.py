"""The sellers package's typed errors; each maps to the one API error shape through its base class."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.compliance.services import DecisionResult
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed


class TransitionNotAllowed(Conflict):
    """The application is not in a state from which this step is allowed (or another decision won the race)."""

    code = "transition_not_allowed"
    default_message = _("This application has already moved on; reload it to see its current state.")


class DuplicateIdentity(Conflict):
    """The identity number already backs another seller organisation (one NIK, one seller)."""

    code = "identity_already_registered"
    default_message = _("This identity number is already registered to another seller.")


class ComplianceBlocked(Conflict):
    code = "compliance_blocked"
    default_message = _("The rules in force do not allow this step.")

    def __init__(self, *, fields: dict, decision: DecisionResult) -> None:
        super().__init__(fields=fields)
        self.decision = decision


class SellerNotVerified(PermissionDenied):
    code = "seller_not_verified"
    default_message = _("This seller has not been verified yet, so it cannot sell.")


class UploadRefused(ValidationFailed):
    code = "upload_refused"
    default_message = _("The file was refused.")
