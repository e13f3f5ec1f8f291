"""NIB, NPWP and passport number checks (COMPLIANCE ID-SEL-1, ID-SEL-3).

NIB (Nomor Induk Berusaha): the 13-digit business number issued by OSS; no public check digit, so only its
format is checked. NPWP (Nomor Pokok Wajib Pajak, the tax number): the old 15-digit form ends its first nine
digits with a Luhn check digit; the 16-digit form is a resident individual's NIK, or "0" + the old 15 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.id import npwp as stdnum_npwp

from lapak.market.sellers.validation.issues import Issue
from lapak.market.sellers.validation.nik import nik_check
from lapak.market.sellers.vault.lookup import mask

NIB_LENGTH = 13
_NPWP_SEPARATORS = re.compile(r"[\s.\-]")
# Indonesian passports are one letter and seven digits ("A1234567", "X1234567" for some series, "E…" for
# e-passports). The format comes from public sources, not from Imigrasi; two letters and six digits is also
# accepted so an older or special series is sent to a reviewer instead of being refused, but nothing longer.
_PASSPORT = re.compile(r"[A-Z][0-9]{7}|[A-Z]{2}[0-9]{6}")
PASSPORT_LENGTH = 8


@dataclass(repr=False)
class NumberCheck:
    valid: bool
    number: str  # normalised; shown masked by repr()
    kind: str  # "nib", "npwp" or "passport"
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    form: str | None = None  # NPWP only: "npwp15", "npwp16_nik" or "npwp16"

    def __repr__(self) -> str:
        return (
            f"NumberCheck(kind={self.kind!r}, valid={self.valid}, number={mask(self.kind, self.number)!r}, "
            f"form={self.form!r}, errors={[i.code for i in self.errors]})"
        )

    __str__ = __repr__


def nib_check(nib: str) -> NumberCheck:
    """13 digits, whitespace ignored. Format only: OSS publishes no check digit."""
    number = "".join(nib.split())
    result = NumberCheck(valid=False, number=number, kind="nib")
    if number and not (number.isascii() and number.isdigit()):
        result.errors.append(Issue("characters", "nib_characters", _("A NIB contains digits only.")))
    if len(number) != NIB_LENGTH:
        message = format_lazy(_("A NIB has 13 digits; this one has {count}."), count=len(number))
        result.errors.append(Issue("length", "nib_length", message))
    result.valid = not result.errors
    return result


def npwp_check(npwp: str) -> NumberCheck:
    """An NPWP in either form; whitespace, dots and dashes (as in 01.312.166.0-091.000) are ignored.

    15 digits: python-stdnum checks the check digit. 16 digits starting with 0: the inner 15 digits are
    checked the same way. Other 16 digits: a resident individual's NIK, checked as a NIK (needs the region
    tables), whose errors and warnings are reported as they are.
    """
    number = _NPWP_SEPARATORS.sub("", npwp)
    result = NumberCheck(valid=False, number=number, kind="npwp")
    if number and not (number.isascii() and number.isdigit()):
        result.errors.append(Issue("characters", "npwp_characters", _("An NPWP contains digits only.")))
    elif len(number) not in (15, 16):
        message = format_lazy(_("An NPWP has 15 or 16 digits; this one has {count}."), count=len(number))
        result.errors.append(Issue("length", "npwp_length", message))
    elif len(number) == 16 and not number.startswith("0"):
        result.form = "npwp16_nik"
        as_nik = nik_check(number)
        result.errors.extend(as_nik.errors)
        result.warnings.extend(as_nik.warnings)
    else:
        result.form = "npwp15" if len(number) == 15 else "npwp16"
        try:
            stdnum_npwp.validate(number[-15:])
        except InvalidChecksum:
            message = _("The check digit of this NPWP (the ninth of the old 15 digits) does not match.")
            result.errors.append(Issue("check_digit", "npwp_check_digit", message))
        except ValidationError:
            result.errors.append(Issue("format", "npwp_format", _("This is not an NPWP.")))
    result.valid = not result.errors
    return result


def passport_check(number: str) -> NumberCheck:
    """An Indonesian passport number: one letter and seven digits (see _PASSPORT); case and whitespace ignored."""
    text = "".join(number.split()).upper()
    result = NumberCheck(valid=False, number=text, kind="passport")
    if text and not (text.isascii() and text.isalnum()):
        result.errors.append(
            Issue("characters", "passport_characters", _("A passport number contains letters and digits only."))
        )
    elif len(text) != PASSPORT_LENGTH:
        message = format_lazy(_("A passport number has 8 characters; this one has {count}."), count=len(text))
        result.errors.append(Issue("length", "passport_length", message))
    elif not _PASSPORT.fullmatch(text):
        message = _("An Indonesian passport number is a letter followed by seven digits, such as A1234567.")
        result.errors.append(Issue("format", "passport_format", message))
    result.valid = not result.errors
    return result
