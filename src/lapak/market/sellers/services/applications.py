"""The applicant's side of an application: start it, save drafts (resumable, partial), submit, withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.identity import identity_set
from lapak.market.sellers.lock_objects import application_for_update, organisation_for_update
from lapak.market.sellers.models import (
    EDITABLE_STATUSES,
    ApplicationStatus,
    BankAccount,
    BankAccountStatus,
    IdDocumentKind,
    IdentityClaim,
    MemberRole,
    Membership,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
    Sex,
)
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.services.checks import CheckReport, application_checks
from lapak.market.sellers.services.workflow import APPLICANT, SYSTEM, application_transition
from lapak.market.sellers.validation import nib_check, nik_check, npwp_check, passport_check, phone_check
from lapak.regions.models import RegionLevel
from lapak.regions.selectors import region_by_code

TEXT_FIELDS = {"full_name": 150, "address_line": 250, "company_name": 200, "responsible_person_name": 150,
               "origin_address": 300, "shipping_origin": 200}
IDENTITY_CHECKS = {"nik": nik_check, "responsible_nik": nik_check, "passport_number": passport_check,
                   "nib": nib_check, "npwp": npwp_check}
DRAFT_FIELDS = frozenset({*TEXT_FIELDS, *IDENTITY_CHECKS, "id_document_kind", "birth_date", "sex", "phone",
                          "address_region_code", "address_postcode", "origin_country", "bahasa_descriptions_declared"})


def application_start(*, organisation: SellerOrganisation, actor: object) -> SellerApplication:
    """A new draft for an organisation that has no open application and is not verified or closed.

    The applicant (the data subject whose consent, export and erasure rights apply) is always the shop's
    owner, even when a manager starts the draft.
    """
    require_member(organisation, actor, EDITORS)
    try:
        with transaction.atomic():
            locked = organisation_for_update().get(pk=organisation.pk)
            if locked.status in (OrganisationStatus.VERIFIED, OrganisationStatus.CLOSED):
                raise Conflict(_("This shop cannot start a new application."), code="application_not_needed")
            if locked.status == OrganisationStatus.REJECTED:
                SellerOrganisation.objects.filter(pk=locked.pk).update(status=OrganisationStatus.UNVERIFIED)
            owner = Membership.objects.get(organisation=locked, role=MemberRole.OWNER).user
            return SellerApplication.objects.create(organisation=locked, applicant=owner)
    except IntegrityError as exc:  # the one-open-application constraint
        raise Conflict(_("This shop already has an application in progress."), code="application_open") from exc


def application_draft_save(*, application: SellerApplication, actor: object, data: Mapping[str, object]) -> (
        SellerApplication):
    """Save part of an application (a wizard step). Keys: DRAFT_FIELDS; an empty value clears a field.

    Guarantees: only a draft or an application waiting for more information changes; what is given is
    checked for form (identity numbers by the validation module, a village-level region, an Indonesian
    mobile number) and nothing is saved if any of it is wrong; completeness waits for submission. Identity
    numbers are sealed in the vault before they reach the row.
    """
    require_member(application.organisation, actor, EDITORS)
    unknown = sorted(set(data) - DRAFT_FIELDS)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in unknown})
    errors: dict[str, list] = {}
    values, numbers = draft_fields_clean(data, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        locked = application_for_update().get(pk=application.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise Conflict(_("This application can no longer be changed."), code="application_not_editable")
        for name, value in values.items():
            setattr(locked, name, value)
        for name, value in numbers.items():
            identity_set(locked, name, value)
        locked.save()
    return locked


def application_submit(*, application: SellerApplication, actor: object) -> SellerApplication:
    """Submit (or resubmit) an application for review.

    Guarantees, in one transaction: the consents and the data the seller type needs are present (else
    ValidationFailed naming each missing field, and the application stays as it was); the automatic checks
    run; the identity numbers are claimed for this organisation (one NIK, one seller: a number another
    organisation holds raises DuplicateIdentity and nothing is written); hard failures (MLM in Indonesia, an
    incomplete foreign merchant, a malformed number) reject the application automatically with recorded
    reasons; anything else doubtful becomes a review flag.
    """
    found: dict[str, CheckReport] = {}

    def prepare(locked: SellerApplication) -> None:
        # Lock order: application (held), organisation, bank accounts; the payout account cannot change now.
        organisation_for_update().get(pk=locked.organisation_id)
        report = application_checks(locked)
        if report.missing:
            raise ValidationFailed(_("The application is not complete yet."), code="application_incomplete",
                                   fields=report.missing)
        found["report"] = report
        locked.review_flags = [flag.as_dict() for flag in report.flags]
        locked.submitted_at = timezone.now()
        locked.reviewer = None
        account = BankAccount.objects.filter(organisation_id=locked.organisation_id, is_current=True).first()
        locked.bank_account = account
        if account is not None and report.holder is not None:
            status = account.status if report.holder.matched else BankAccountStatus.NEEDS_REVIEW
            BankAccount.objects.filter(pk=account.pk).update(
                holder_match_score=report.holder.score, holder_matched=report.holder.matched, status=status
            )
        if not report.refusals:
            _claims_take(locked, report)

    with transaction.atomic():
        submitted = application_transition(
            application=application, to=ApplicationStatus.SUBMITTED, actor=actor, actor_kind=APPLICANT,
            on_locked=prepare,
        )
        if found["report"].refusals:
            return application_transition(
                application=submitted, to=ApplicationStatus.REJECTED, actor=None, actor_kind=SYSTEM,
                reasons=found["report"].refusals,
            )
    return submitted


def application_withdraw(*, application: SellerApplication, actor: object) -> SellerApplication:
    """The applicant withdraws an open application; its identity claims are released."""
    return application_transition(application=application, to=ApplicationStatus.WITHDRAWN, actor=actor,
                                  actor_kind=APPLICANT)


def _claims_take(application: SellerApplication, report: CheckReport) -> None:
    # Re-claim from scratch: a resubmission may carry corrected numbers.
    IdentityClaim.objects.filter(application=application).delete()
    for kind, lookup, field_name in report.claims:
        holder = IdentityClaim.objects.filter(kind=kind, lookup_hash=lookup).first()
        if holder is not None and holder.organisation_id != application.organisation_id:
            raise DuplicateIdentity(fields={field_name: [DuplicateIdentity.default_message]})
        if holder is not None:  # this organisation's own claim, from an earlier application
            IdentityClaim.objects.filter(pk=holder.pk).update(application=application)
            continue
        try:
            # A plain INSERT: the unique constraint decides between two organisations racing for one number
            # (get_or_create/update_or_create would swallow the IntegrityError and hand over the other's claim).
            with transaction.atomic():
                IdentityClaim.objects.create(
                    kind=kind, lookup_hash=lookup, organisation_id=application.organisation_id, application=application
                )
        except IntegrityError as exc:  # another organisation claimed it in the same instant
            raise DuplicateIdentity(fields={field_name: [DuplicateIdentity.default_message]}) from exc


def draft_fields_clean(data: Mapping[str, object], errors: dict[str, list]) -> tuple[dict, dict]:
    values: dict = {}
    numbers: dict[str, str] = {}
    for name, value in data.items():
        if name != "bahasa_descriptions_declared" and value is not None and not isinstance(value, str):
            errors[name] = [_("Enter text.")]
            continue
        text = value.strip() if isinstance(value, str) else value
        if name in TEXT_FIELDS:
            values[name] = (text or "")[: TEXT_FIELDS[name]]
        elif name in IDENTITY_CHECKS:
            if text and (issues := IDENTITY_CHECKS[name](text).errors):
                errors[name] = [issue.message for issue in issues]
            numbers[name] = text or ""
        elif name == "id_document_kind":
            _choice(values, errors, name, text, IdDocumentKind.values)
        elif name == "sex":
            _choice(values, errors, name, text, Sex.values)
        elif name == "birth_date":
            values[name] = _date(text, errors)
        elif name == "phone":
            result = phone_check(text) if text else None
            if result is not None and not result.valid:
                errors[name] = [issue.message for issue in result.errors]
            values[name] = result.e164 if result else ""
        elif name == "address_region_code":
            region = region_by_code(text) if text else None
            if text and (region is None or region.level != RegionLevel.VILLAGE):
                errors[name] = [_("Choose the village (kelurahan/desa) of the address.")]
            values["address_region"] = region
        elif name == "address_postcode":
            if text and not (len(text) == 5 and text.isascii() and text.isdigit()):
                errors[name] = [_("A postcode has five digits.")]
            values[name] = text or ""
        elif name == "origin_country":
            if text and not (len(text) == 2 and text.isascii() and text.isalpha()):
                errors[name] = [_("Give the two-letter country code, such as CN or GB.")]
            values[name] = (text or "").upper()
        elif name == "bahasa_descriptions_declared":
            values["bahasa_descriptions_declared_at"] = timezone.now() if value is True else None
    return values, numbers


def _choice(values: dict, errors: dict, name: str, value: object, allowed: list[str]) -> None:
    if value and value not in allowed:
        errors[name] = [_("Choose one of the options.")]
    values[name] = value or ""


def _date(value: object, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors["birth_date"] = [_("Enter the date as YYYY-MM-DD.")]
        return None
