"""What a seller member may read: only the organisations they belong to, and those organisations' data."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.sellers.models import (
    ApplicationTransition,
    BankAccount,
    ConsentRecord,
    DataSubjectRequest,
    Membership,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.permissions import EDITORS, member_role_of, require_member
from lapak.market.sellers.rules import CONSENT_PURPOSES, consent_policy_version
from lapak.market.sellers.services.checks import completeness_report

__all__ = ["member_role_of"]


def organisations_for(*, user: object) -> QuerySet[SellerOrganisation]:
    """The organisations `user` is a member of (any role), newest first; empty for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return SellerOrganisation.objects.none()
    return SellerOrganisation.objects.filter(memberships__user=user).order_by("-created_at", "-pk")


def organisation_for(*, user: object, public_id: str) -> SellerOrganisation:
    """The organisation with this id if `user` is a member; NotFound otherwise (existence is not confirmed)."""
    organisation = organisations_for(user=user).filter(public_id=public_id).first()
    if organisation is None:
        raise NotFound(_("There is no such seller."), code="seller_not_found")
    return organisation


def members_of(*, organisation: SellerOrganisation, user: object) -> QuerySet[Membership]:
    require_member(organisation, user)
    return organisation.memberships.select_related("user").order_by("added_at", "pk")


def applications_for(*, user: object, organisation: SellerOrganisation | None = None) -> QuerySet[SellerApplication]:
    """Applications of the user's organisations (optionally one of them), newest first."""
    mine = SellerApplication.objects.filter(organisation__in=organisations_for(user=user))
    if organisation is not None:
        mine = mine.filter(organisation=organisation)
    return mine.select_related("organisation").order_by("-created_at", "-pk")


def application_for(*, user: object, public_id: str) -> SellerApplication:
    """One application of the user's organisations; NotFound for anyone else's, and PermissionDenied for
    staff: an application holds the applicant's personal data, which only the owner and managers handle."""
    application = applications_for(user=user).filter(public_id=public_id).first()
    if application is None:
        raise NotFound(_("There is no such application."), code="application_not_found")
    require_member(application.organisation, user, EDITORS)
    return application


def application_current(*, organisation: SellerOrganisation, user: object) -> SellerApplication | None:
    """The organisation's latest application (the one to resume or to show), for a member."""
    require_member(organisation, user)
    return organisation.applications.order_by("-created_at", "-pk").first()


def application_history(*, application: SellerApplication) -> list[ApplicationTransition]:
    """The application's steps, oldest first (reasons in both languages). Callers got the application from
    a selector that checked access."""
    return list(application.transitions.order_by("created_at", "pk"))


def application_missing_items(*, application: SellerApplication) -> dict[str, list]:
    """What is still missing before submission (field → messages), without decrypting anything: for the wizard.

    A foreign merchant's missing ID-XB-3 items, and an MLM company in Indonesia, are listed too (at
    submission they reject the application).
    """
    report, _account = completeness_report(application)
    missing = dict(report.missing)
    for refusal in report.refusals:
        missing[refusal.part or refusal.code] = [refusal.message_id if _language() == "id" else refusal.message_en]
    return missing


def bank_account_current(*, organisation: SellerOrganisation, user: object) -> BankAccount | None:
    require_member(organisation, user)
    return organisation.bank_accounts.filter(is_current=True).first()


def consents_of(*, user: object) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-granted_at", "-pk")


def consent_status(*, user: object) -> dict[str, bool]:
    """For each purpose: is there live consent at the current policy version?"""
    live = set(consents_of(user=user).filter(ended_at__isnull=True, policy_version=consent_policy_version())
               .values_list("purpose", flat=True))
    return {purpose: purpose in live for purpose in CONSENT_PURPOSES}


def data_requests_of(*, user: object) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(subject=user).prefetch_related("events").order_by("-created_at", "-pk")


def _language() -> str:
    from django.utils import translation

    return "id" if (translation.get_language() or "id").startswith("id") else "en"
