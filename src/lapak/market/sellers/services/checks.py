"""The automatic checks run when an application is submitted.

They sort what they find into three kinds: missing data (the submission is refused and the application
stays a draft), refusals (hard failures: the application is rejected automatically, with reasons that are
recorded), and review flags (an operator decides). Identity numbers are decrypted for the checks through
the vault, so each read is logged with the purpose "kyc_verification".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.compliance_facts import foreign_items_present
from lapak.market.sellers.identity import identity_hash, identity_present, identity_read
from lapak.market.sellers.models import BankAccount, ConsentRecord, IdentityClaim, SellerApplication
from lapak.market.sellers.reasons import Reason, foreign_item_missing, reason, reason_from_lazy
from lapak.market.sellers.rules import REQUIRED_CONSENT_PURPOSES, consent_policy_version
from lapak.market.sellers.validation import (
    NameMatch,
    holder_name_matches,
    nib_check,
    nik_check,
    npwp_check,
    passport_check,
)

CHECKS_ACTOR = "system:kyc-checks"
BUSINESS_TYPES = ("business", "first_party", "mlm")


@dataclass
class CheckReport:
    missing: dict[str, list] = field(default_factory=dict)
    refusals: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)
    claims: list[tuple[str, str, str]] = field(default_factory=list)  # (claim kind, lookup hash, field name)
    holder: NameMatch | None = None


def completeness_report(application: SellerApplication) -> tuple[CheckReport, BankAccount | None]:
    """Consent and completeness only, with nothing decrypted (the wizard shows this before submission)."""
    report = CheckReport()
    organisation = application.organisation
    _check_consent(application, report)
    if report.missing:
        return report, None  # without consent, identity data is not processed at all (ID-PDP-1)
    if organisation.seller_type == "mlm" and organisation.jurisdiction == "ID":
        report.refusals.append(reason("mlm_not_allowed"))
        return report, None  # ID-SEL-5 blocks onboarding whatever else the application says
    documents = set(application.documents.filter(erased_at__isnull=True).values_list("kind", flat=True))
    account = BankAccount.objects.filter(organisation=organisation, is_current=True).first()
    _check_complete(application, documents, account, report)
    return report, account


def application_checks(application: SellerApplication) -> CheckReport:
    """Run every automatic check on an application (the caller holds its row lock)."""
    report, account = completeness_report(application)
    if report.missing or report.refusals:
        return report
    organisation = application.organisation
    _check_numbers(application, report)
    _check_bank_account(application, account, report)
    if organisation.seller_type == "first_party" and organisation.jurisdiction == "ID":
        report.flags.append(reason("first_party_in_id"))
    return report


def applicant_names(application: SellerApplication) -> list[str]:
    """The names a payout account's holder may carry: the person's, the company's, its responsible person's."""
    names = [application.full_name, application.company_name, application.responsible_person_name]
    return [name for name in names if name.strip()]


def holder_match(holder_name: str, names: list[str]) -> NameMatch | None:
    """The best match of a holder name against any of `names`; None when there is nothing to compare with."""
    results = [holder_name_matches(holder_name, name) for name in names]
    return max(results, key=lambda m: (m.matched, m.score)) if results else None


def _check_consent(application: SellerApplication, report: CheckReport) -> None:
    live = set(
        ConsentRecord.objects.filter(
            user_id=application.applicant_id, ended_at__isnull=True, policy_version=consent_policy_version()
        ).values_list("purpose", flat=True)
    )
    if not set(REQUIRED_CONSENT_PURPOSES) <= live:
        report.missing["consent"] = [
            _("Agree to the processing of your identity data for verification and payouts before submitting.")
        ]


def _need(report: CheckReport, name: str, present: object) -> None:
    if not present:
        report.missing[name] = [_("This is required before you can submit.")]


def _check_complete(
    application: SellerApplication, documents: set[str], account: BankAccount | None, report: CheckReport
) -> None:
    kind = application.organisation.seller_type
    if kind == "individual":
        _need(report, "full_name", application.full_name)
        _need(report, "id_document_kind", application.id_document_kind)
        if application.id_document_kind == "ktp":
            _need(report, "nik", identity_present(application, "nik"))
            _need(report, "ktp_photo", "ktp_photo" in documents)
        elif application.id_document_kind == "passport":
            _need(report, "passport_number", identity_present(application, "passport_number"))
            _need(report, "passport_photo", "passport_photo" in documents)
        _need(report, "birth_date", application.birth_date)
        _need(report, "sex", application.sex)
        _need(report, "selfie", "selfie" in documents)
    elif kind in BUSINESS_TYPES:
        _need(report, "company_name", application.company_name)
        _need(report, "nib", identity_present(application, "nib"))
        _need(report, "npwp", identity_present(application, "npwp"))
        _need(report, "deed", "deed" in documents)
        _need(report, "responsible_person_name", application.responsible_person_name)
        _need(report, "responsible_nik", identity_present(application, "responsible_nik"))
    elif kind == "foreign" and application.organisation.jurisdiction == "ID":
        present = foreign_items_present(application, documents, account)
        # ID-XB-3: an incomplete foreign registration is refused (and the refusal kept), naming each item.
        report.refusals.extend(foreign_item_missing(item) for item, value in present.items() if not value)
    elif kind == "foreign":
        _need(report, "company_name", application.company_name)
        _need(report, "origin_country", application.origin_country)
    _need(report, "phone", application.phone)
    if kind != "foreign":
        _need(report, "address_line", application.address_line)
    if not (kind == "foreign" and application.organisation.jurisdiction == "ID"):
        _need(report, "bank_account", account)


def _check_numbers(application: SellerApplication, report: CheckReport) -> None:
    def read(name: str) -> str | None:
        return identity_read(application, name, actor=CHECKS_ACTOR, purpose="kyc_verification")

    kind = application.organisation.seller_type
    if kind == "individual" and application.id_document_kind == "ktp" and (nik := read("nik")):
        result = nik_check(nik, declared_birth_date=application.birth_date, declared_sex=application.sex or None)
        _collect(report, "nik", result.errors, result.warnings, "ID-SEL-2")
        report.flags.extend(reason(code) for code in result.review_flags)
        report.claims.append(("nik", identity_hash(application, "nik"), "nik"))
    if kind == "individual" and application.id_document_kind == "passport" and (number := read("passport_number")):
        result = passport_check(number)
        _collect(report, "passport_number", result.errors, result.warnings, "ID-SEL-1")
        report.claims.append(("passport", identity_hash(application, "passport_number"), "passport_number"))
    if kind in BUSINESS_TYPES:
        for name, check, claim in (("nib", nib_check, "nib"), ("npwp", npwp_check, "npwp")):
            if value := read(name):
                result = check(value)
                _collect(report, name, result.errors, result.warnings, "ID-SEL-3")
                report.claims.append((claim, identity_hash(application, name), name))
        if value := read("responsible_nik"):
            result = nik_check(value)
            _collect(report, "responsible_nik", result.errors, result.warnings, "ID-SEL-2")
            taken = IdentityClaim.objects.filter(kind="nik", lookup_hash=identity_hash(application, "responsible_nik"))
            if taken.exclude(organisation_id=application.organisation_id).exists():
                report.flags.append(reason("responsible_person_is_other_seller"))


def _collect(report: CheckReport, part: str, errors: list, warnings: list, rule_id: str) -> None:
    report.refusals.extend(reason_from_lazy(i.code, i.message, rule_id=rule_id, part=part) for i in errors)
    report.flags.extend(reason_from_lazy(i.code, i.message, rule_id=rule_id, part=part) for i in warnings)


def _check_bank_account(application: SellerApplication, account: BankAccount | None, report: CheckReport) -> None:
    if account is None:
        return
    report.holder = holder_match(account.holder_name, applicant_names(application))
    if report.holder is not None and not report.holder.matched:
        report.flags.append(reason("bank_holder_mismatch"))
    shared = BankAccount.objects.filter(number_hash=account.number_hash, is_current=True).exclude(
        organisation_id=application.organisation_id
    )
    if account.number_hash and shared.exists():
        report.flags.append(reason("bank_account_shared"))
