"""Reads on sellers, split by who asks: members, operators, other packages (gates), the regulator (oversight)."""

from lapak.market.sellers.selectors.gates import (
    payout_account,
    payouts_on_hold,
    seller_can_sell,
    seller_require_verified,
)
from lapak.market.sellers.selectors.members import (
    application_current,
    application_for,
    application_history,
    application_missing_items,
    applications_for,
    bank_account_current,
    consent_status,
    consents_of,
    data_requests_of,
    member_role_of,
    members_of,
    organisation_for,
    organisations_for,
)
from lapak.market.sellers.selectors.operators import (
    application_for_operator,
    application_queue,
    bank_accounts_for_review,
    data_request_for_operator,
    data_requests_open,
)
from lapak.market.sellers.selectors.oversight import application_counts, rejection_counts, seller_counts

__all__ = [
    "application_counts",
    "application_current",
    "application_for",
    "application_for_operator",
    "application_history",
    "application_missing_items",
    "application_queue",
    "applications_for",
    "bank_account_current",
    "bank_accounts_for_review",
    "consent_status",
    "consents_of",
    "data_request_for_operator",
    "data_requests_of",
    "data_requests_open",
    "member_role_of",
    "members_of",
    "organisation_for",
    "organisations_for",
    "payout_account",
    "payouts_on_hold",
    "rejection_counts",
    "seller_can_sell",
    "seller_counts",
    "seller_require_verified",
]
