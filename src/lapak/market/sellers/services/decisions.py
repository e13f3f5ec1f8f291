"""Operators' steps on an application: take it into review, then verify, reject or ask for more."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.sellers.errors import TransitionNotAllowed
from lapak.market.sellers.models import OPEN_STATUSES, ApplicationStatus, SellerApplication
from lapak.market.sellers.reasons import OPERATOR_REASON_CODES, reason
from lapak.market.sellers.services.workflow import OPERATOR, SYSTEM, application_transition

DECISIONS = (ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED, ApplicationStatus.MORE_INFO_NEEDED)


def application_review_start(*, application: SellerApplication, actor: object) -> SellerApplication:
    """An operator takes a submitted application into review (and becomes its reviewer)."""
    return application_transition(
        application=application, to=ApplicationStatus.IN_REVIEW, actor=actor, actor_kind=OPERATOR
    )


def application_decide(
    *, application: SellerApplication, actor: object, decision: str, reason_codes: Sequence[str] = (),
    note: str = "",
) -> SellerApplication:
    """An operator's decision: "verified", "rejected" or "more_info_needed".

    Guarantees: a rejection or a request for more information names at least one catalogue reason (stored
    in Bahasa Indonesia and English, and e-mailed to the applicant in their language); of two operators
    deciding at once, exactly one decision is applied and the other gets TransitionNotAllowed; a
    verification the compliance engine does not allow is refused (ComplianceBlocked).
    """
    if decision not in DECISIONS:
        raise ValidationFailed(fields={"decision": [_("Choose verified, rejected or more information needed.")]})
    unknown = [code for code in reason_codes if code not in OPERATOR_REASON_CODES]
    if unknown:
        raise ValidationFailed(fields={"reason_codes": [_("Choose reasons from the list.")]})
    if decision != ApplicationStatus.VERIFIED and not reason_codes:
        raise ValidationFailed(fields={"reason_codes": [_("Give at least one reason.")]})
    if "other" in reason_codes and not note.strip():
        raise ValidationFailed(fields={"note": [_("Explain the other reason in the note.")]})
    return application_transition(
        application=application, to=decision, actor=actor, actor_kind=OPERATOR,
        reasons=[reason(code) for code in dict.fromkeys(reason_codes)], note=note.strip()[:2000],
    )


def application_withdraw_by_system(*, application: SellerApplication, reason_code: str) -> SellerApplication | None:
    """Withdraw an open application for the platform (consent withdrawn, erasure asked); None if it is closed."""
    if application.status not in OPEN_STATUSES:
        return None
    try:
        return application_transition(
            application=application, to=ApplicationStatus.WITHDRAWN, actor=None, actor_kind=SYSTEM,
            reasons=[reason(reason_code)],
        )
    except TransitionNotAllowed:
        return None  # decided meanwhile: nothing left to withdraw
