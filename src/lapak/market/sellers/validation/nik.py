"""NIK (Nomor Induk Kependudukan, the 16-digit resident number on a KTP) checks, per COMPLIANCE ID-SEL-2.

Layout: PP KK CC DDMMYY SSSS — province, regency/city and district of first registration, date of birth
(women add 40 to the day), and a serial from 0001. There is no check digit, so a structurally valid NIK can
still be one nobody holds; only Dukcapil can say that.

`nik_check` is neutral: it reports what the number says and what is wrong with it. Business rules such as the
minimum age of a seller belong to the caller (see `NikCheck.age_on`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.validation.issues import Issue
from lapak.market.sellers.vault.lookup import mask
from lapak.regions.selectors import NikRegionMatch, NikRegionStatus, nik_region_lookup

NIK_LENGTH = 16
MAX_AGE_YEARS = 120
SEXES = ("F", "M")
_DIGITS = frozenset("0123456789")


@dataclass(repr=False)
class NikCheck:
    valid: bool
    nik: str  # the input without whitespace; shown masked by repr()
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    region_status: str | None = None  # "current", "historical" or "unknown"; None when the number is malformed
    birth_date: date | None = None
    sex: str | None = None  # "F" or "M"
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    review_flags: list[str] = field(default_factory=list)
    declared_checked: bool = False  # whether a declared birth date or sex was compared

    def __repr__(self) -> str:
        return (
            f"NikCheck(valid={self.valid}, nik={_masked(self.nik)!r}, region_status={self.region_status!r}, "
            f"errors={[i.code for i in self.errors]}, warnings={[i.code for i in self.warnings]}, "
            f"review_flags={self.review_flags})"
        )

    __str__ = __repr__

    def age_on(self, on: date) -> int | None:
        """Completed years of age on a day, or None when the NIK has no valid birth date."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def as_api_dict(self) -> dict:
        body: dict = {
            "valid": self.valid,
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "errors": [issue.as_dict() for issue in self.errors],
            "warnings": [issue.as_dict() for issue in self.warnings],
        }
        if self.declared_checked:
            body["review_flags"] = list(self.review_flags)
        return body


def nik_check(
    nik: str,
    *,
    declared_birth_date: date | None = None,
    declared_sex: str | None = None,
    today: date | None = None,
) -> NikCheck:
    """Check a NIK's structure and decode it; compare the decoded birth date and sex with declared ones.

    Whitespace is removed; any other non-digit is a `characters` error. Errors (the NIK is not valid):
    length, characters, province unknown, impossible birth date, serial 0000. Warnings (for a reviewer, the
    NIK stays valid): a district code in neither the current nor the historical Kemendagri lists, or a code
    from before a split. A declared birth date or sex that differs from the NIK's is a review flag, not an
    error. `today` fixes the day the birth century is resolved against (default: today).
    """
    if not isinstance(nik, str):
        raise TypeError("nik_check takes the NIK as a string")
    if declared_sex is not None and declared_sex not in SEXES:
        raise ValueError("declared_sex is 'F' or 'M'")
    number = "".join(nik.split())
    result = NikCheck(valid=False, nik=number)
    if not set(number) <= _DIGITS:
        result.errors.append(Issue("characters", "nik_characters", MESSAGES["characters"]))
    if len(number) != NIK_LENGTH:
        message = format_lazy(MESSAGES["length"], count=len(number))
        result.errors.append(Issue("length", "nik_length", message))
    if result.errors:
        return result  # the positions of the parts are unreliable: stop here

    _check_region(result, nik_region_lookup(number[:6]))
    _check_birth(result, number[6:12], today or date.today())
    if number[12:] == "0000":
        result.errors.append(Issue("serial", "nik_serial", MESSAGES["serial"]))

    if declared_birth_date is not None or declared_sex is not None:
        result.declared_checked = True
        if declared_birth_date is not None and result.birth_date and declared_birth_date != result.birth_date:
            result.review_flags.append("birth_date_mismatch")
        if declared_sex is not None and result.sex and declared_sex != result.sex:
            result.review_flags.append("sex_mismatch")
    result.valid = not result.errors
    return result


def _check_region(result: NikCheck, match: NikRegionMatch) -> None:
    result.region_status = str(match.status)
    if not match.province_known:
        result.errors.append(Issue("province", "nik_province", MESSAGES["province"]))
        return
    result.province = match.province.name if match.province else None
    result.regency = match.regency.name if match.regency else None
    result.district = match.district.name if match.district else None
    if match.status == NikRegionStatus.HISTORICAL and match.historical is not None:
        message = format_lazy(
            MESSAGES["historical"], year=match.historical.changed_in, successor=match.historical.successor.name
        )
        result.warnings.append(Issue("district", "nik_region_historical", message))
    if not match.district_known:
        result.warnings.append(Issue("district", "nik_district_unknown", MESSAGES["district_unknown"]))


def _check_birth(result: NikCheck, ddmmyy: str, today: date) -> None:
    day, month, short_year = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    sex = "F" if day > 40 else "M"
    if sex == "F":
        day -= 40
    born = _resolve_century(day, month, short_year, today)
    if born is None:
        result.errors.append(Issue("date", "nik_date", MESSAGES["date"]))
        return
    result.birth_date, result.sex = born, sex


def _resolve_century(day: int, month: int, short_year: int, today: date) -> date | None:
    """The latest real date with these digits that is not in the future and at most 120 years ago."""
    for century in (today.year // 100, today.year // 100 - 1, today.year // 100 - 2):
        try:
            candidate = date(century * 100 + short_year, month, day)
        except ValueError:
            continue  # 29 February can be real in one century and not in another
        if candidate <= today and today.year - candidate.year <= MAX_AGE_YEARS:
            return candidate
    return None


def _masked(number: str) -> str:
    if len(number) == NIK_LENGTH and set(number) <= _DIGITS:
        return mask("nik", number)
    return "•" * len(number)


MESSAGES = {
    "length": _("A NIK has 16 digits; this one has {count}."),
    "characters": _("A NIK contains digits only; remove letters, punctuation and other characters."),
    "province": _("The first two digits of this NIK are not the code of any Indonesian province."),
    "date": _("Digits 7 to 12 of this NIK are not a real date of birth (DDMMYY; for women, 40 is added to the day)."),
    "serial": _("The last four digits of this NIK (the serial number) cannot be 0000."),
    "district_unknown": _(
        "The district code in this NIK is in neither the current nor the historical Kemendagri lists. "
        "Check it against the KTP."
    ),
    "historical": _(
        "This NIK carries a region code from before a split ({year}); the area is now {successor}. "
        "NIKs keep the code they were issued with."
    ),
}
