"""The evidence an operator weighs on a case, put side by side, without decrypting anything.

What the automatic checks decoded at submission is kept as review flags, so the comparison of declared data
with the NIK (birth date, sex, district) is read from the flags; the NIK's province and regency come from its
four visible digits. Duplicates are found by the keyed lookup hashes. Full numbers are read only through
`identity_reveal` (with a reason); `decoded_nik` then explains the revealed number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.identity import IDENTITY_FIELDS, identity_hash, identity_masked
from lapak.market.sellers.models import BankAccount, SellerApplication, Sex
from lapak.market.sellers.services.checks import applicant_names
from lapak.market.sellers.validation import nik_check
from lapak.market.sellers.views_desk.common import reason_text
from lapak.regions.selectors import ancestors_of, region_by_code

MATCH, MISMATCH, WARNING, UNCHECKED = "match", "mismatch", "warning", "unchecked"

FIELD_LABELS: dict[str, Promise] = {
    "nik": _("NIK"),
    "passport_number": _("Passport number"),
    "nib": _("NIB (business number)"),
    "npwp": _("NPWP (tax number)"),
    "responsible_nik": _("NIK of the responsible person"),
    "bank_account_number": _("Bank account number"),
}

# What the operator should do about each review flag, in their words (the flag itself says what was found).
FLAG_GUIDANCE: dict[str, Promise] = {
    "birth_date_mismatch": _("Compare the birth date printed on the KTP photo with the declared one. A typo can "
                             "be fixed by asking for more information."),
    "sex_mismatch": _("Check the sex on the KTP photo. In a NIK, 40 is added to the birth day for women."),
    "bank_holder_mismatch": _("Compare the account holder with the applicant. Payouts go only to the seller's "
                              "own account (or the company's)."),
    "bank_account_shared": _("Another shop is paid into the same account. Check whether the same person runs "
                             "both shops, or whether this is fraud."),
    "first_party_in_id": _("In Indonesia the platform itself may not sell on the marketplace (ID-MKT-1)."),
    "responsible_person_is_other_seller": _("The responsible person is already an individual seller. Check that "
                                            "this is not a second shop to get around a refusal."),
    "nik_district_unknown": _("The district code in the NIK is in no Kemendagri list. Compare the NIK with the "
                              "KTP photo digit by digit."),
    "nik_region_historical": _("The NIK was issued before a region split. This is normal; no action is needed "
                               "unless other details differ."),
}


@dataclass(frozen=True)
class Comparison:
    label: str | Promise
    declared: str | Promise
    found: str | Promise
    outcome: str  # MATCH, MISMATCH, WARNING or UNCHECKED
    note: str | Promise = ""


@dataclass(frozen=True)
class IdentityNumber:
    field: str
    label: str | Promise
    masked: str


@dataclass(frozen=True)
class Duplicate:
    label: str | Promise
    public_id: str
    shop_name: str
    status: str | Promise
    is_application: bool


def _date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _sex(value: str | None) -> str | Promise:
    return Sex(value).label if value in Sex.values else "—"


def identity_numbers(application: SellerApplication) -> list[IdentityNumber]:
    """The masked numbers the case holds (the ones an operator may reveal)."""
    numbers = [
        IdentityNumber(name, FIELD_LABELS[name], identity_masked(application, name))
        for name in IDENTITY_FIELDS
        if identity_masked(application, name)
    ]
    account = application.bank_account
    if account is not None and account.number_masked:
        numbers.append(IdentityNumber("bank_account_number", FIELD_LABELS["bank_account_number"],
                                      account.number_masked))
    return numbers


def flag_items(application: SellerApplication) -> list[dict]:
    return [
        {"code": flag.get("code", ""), "text": reason_text(flag), "rule_id": flag.get("rule_id", ""),
         "guidance": FLAG_GUIDANCE.get(flag.get("code", ""), "")}
        for flag in application.review_flags
    ]


def nik_comparisons(application: SellerApplication) -> list[Comparison]:
    """Declared personal data next to what the submission checks found in the NIK."""
    masked = application.nik_masked
    if not masked:
        return []
    codes = {flag.get("code") for flag in application.review_flags}
    checked = application.submitted_at is not None
    rows = [_region_row(masked, application)]
    if not checked:
        unchecked = _("Not checked yet (the application has not been submitted).")
        rows += [Comparison(_("Birth date"), _date(application.birth_date), unchecked, UNCHECKED),
                 Comparison(_("Sex"), _sex(application.sex), unchecked, UNCHECKED)]
        return rows
    rows.append(_flagged(_("Birth date"), _date(application.birth_date), "birth_date_mismatch" in codes,
                         _("Differs from the birth date in the NIK (digits 7–12)."),
                         _("Same as the birth date in the NIK.")))
    rows.append(_flagged(_("Sex"), _sex(application.sex), "sex_mismatch" in codes,
                         _("Differs from the sex the NIK implies."), _("Same as the NIK implies.")))
    if "nik_district_unknown" in codes:
        rows.append(Comparison(_("District of registration"), "—",
                               _("The district code is in no Kemendagri list."), WARNING))
    elif "nik_region_historical" in codes:
        rows.append(Comparison(_("District of registration"), "—", _("A code from before a region split."), WARNING))
    else:
        rows.append(Comparison(_("District of registration"), "—", _("A known Kemendagri district."), MATCH))
    return rows


def _flagged(label: Promise, declared: str | Promise, flagged: bool, bad: Promise, good: Promise) -> Comparison:
    return Comparison(label, declared, bad if flagged else good, MISMATCH if flagged else MATCH)


def _region_row(masked: str, application: SellerApplication) -> Comparison:
    prefix = masked[:4]
    regency = region_by_code(f"{prefix[:2]}.{prefix[2:]}") if prefix.isdigit() else None
    province = region_by_code(prefix[:2]) if prefix.isdigit() else None
    found = ", ".join(r.name for r in (regency, province) if r) or _("Unknown region code")
    address = application.address_region
    if address is None:
        return Comparison(_("Region (NIK digits 1–4)"), "—", found, UNCHECKED)
    chain = [*ancestors_of(address), address]
    declared_regency = next((r for r in chain if r.level == 2), None)
    declared = ", ".join(r.name for r in reversed(chain) if r.level in (2, 4))
    same = regency is not None and declared_regency is not None and regency.code == declared_regency.code
    note = "" if same else _("The KTP was issued elsewhere than the address. Common after a move; not a flag.")
    return Comparison(_("Region (NIK digits 1–4)"), declared, found, MATCH if same else WARNING, note)


def holder_comparison(application: SellerApplication) -> Comparison | None:
    account = application.bank_account
    if account is None:
        return None
    names = " / ".join(applicant_names(application)) or "—"
    if account.holder_matched is None:
        return Comparison(_("Account holder"), names, account.holder_name, UNCHECKED)
    score = round((account.holder_match_score or 0) * 100)
    outcome = MATCH if account.holder_matched else MISMATCH
    note = _("Name match score: %(score)s%%") % {"score": score}
    return Comparison(_("Account holder"), names, account.holder_name, outcome, note)


def duplicates(application: SellerApplication) -> list[Duplicate]:
    """Other shops' applications and payout accounts carrying the same numbers (by keyed hash)."""
    found: list[Duplicate] = []
    others = SellerApplication.objects.exclude(organisation_id=application.organisation_id).select_related(
        "organisation")
    for name, spec in IDENTITY_FIELDS.items():
        lookup = identity_hash(application, name)
        if not lookup:
            continue
        # A NIK may stand in either NIK column elsewhere: as an individual's or as a responsible person's.
        columns = ["nik_hash", "responsible_nik_hash"] if spec.kind == "nik" else [f"{spec.prefix}_hash"]
        for column in columns:
            for other in others.filter(**{column: lookup}).order_by("pk")[:10]:
                found.append(Duplicate(FIELD_LABELS[name], other.public_id, other.organisation.shop_name,
                                       other.get_status_display(), True))
    account = application.bank_account
    if account is not None and account.number_hash:
        shared = BankAccount.objects.filter(number_hash=account.number_hash).exclude(
            organisation_id=application.organisation_id).select_related("organisation").order_by("pk")[:10]
        for other in shared:
            found.append(Duplicate(FIELD_LABELS["bank_account_number"], other.public_id,
                                   other.organisation.shop_name, other.get_status_display(), False))
    return found


def decoded_nik(value: str, application: SellerApplication, field: str) -> list[Comparison]:
    """A revealed NIK, decoded, next to what was declared (shown once, with the revealed number)."""
    declared_birth = application.birth_date if field == "nik" else None
    declared_sex = (application.sex or None) if field == "nik" else None
    result = nik_check(value, declared_birth_date=declared_birth, declared_sex=declared_sex)
    region = ", ".join(part for part in (result.district, result.regency, result.province) if part) or "—"
    rows = [Comparison(_("Region of registration"), "—", region, MATCH if result.district else WARNING)]
    if field == "nik":
        rows.append(_flagged(_("Birth date"), _date(application.birth_date), "birth_date_mismatch" in
                             result.review_flags, _date(result.birth_date), _date(result.birth_date)))
        rows.append(_flagged(_("Sex"), _sex(application.sex), "sex_mismatch" in result.review_flags,
                             _sex(result.sex), _sex(result.sex)))
    else:
        rows += [Comparison(_("Birth date"), "—", _date(result.birth_date), UNCHECKED),
                 Comparison(_("Sex"), "—", _sex(result.sex), UNCHECKED)]
    rows += [Comparison(_("Problem"), "—", issue.message, MISMATCH) for issue in result.errors]
    rows += [Comparison(_("Warning"), "—", issue.message, WARNING) for issue in result.warnings]
    return rows
