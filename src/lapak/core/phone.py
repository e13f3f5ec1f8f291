"""Indonesian mobile numbers, normalised to E.164 (+628…) with the `phonenumbers` numbering plan.

Shared by seller onboarding and the buyers' address book, so it lives in the kernel (accounts must not
depend on the marketplace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.core.issues import Issue

# People write numbers with spaces, dashes, dots and brackets: "0812-3456-7890", "(0812) 345 6789".
_SEPARATORS = re.compile(r"[\s\-.()]")
_MOBILE = re.compile(r"(?:\+62|62|0)(8[0-9]+)")
_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def _masked(e164: str) -> str:
    """All but the last two characters hidden, as the identity vault masks kinds it has no shape for."""
    return "•" * max(len(e164) - 2, 0) + e164[-2:] if len(e164) >= 4 else "•" * len(e164)


@dataclass(repr=False)
class PhoneCheck:
    valid: bool
    e164: str | None = None
    errors: list[Issue] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"PhoneCheck(valid={self.valid}, e164={_masked(self.e164 or '')!r})"

    __str__ = __repr__


def phone_check(raw: str) -> PhoneCheck:
    """Accepts 08…, 628… and +628… (separators ignored); anything else, or a number outside the plan, is an error."""
    text = _SEPARATORS.sub("", raw)
    result = PhoneCheck(valid=False)
    if not re.fullmatch(r"\+?[0-9]+", text):
        result.errors.append(
            Issue("characters", "phone_characters", _("A phone number contains digits, and may start with +."))
        )
        return result
    match = _MOBILE.fullmatch(text)
    if match is None:
        result.errors.append(
            Issue("prefix", "phone_prefix", _("Enter an Indonesian mobile number starting with 08, 628 or +628."))
        )
        return result
    parsed = phonenumbers.parse("+62" + match.group(1), None)
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        result.errors.append(Issue("number", "phone_number", _("This is not a valid Indonesian mobile number.")))
        return result
    result.valid = True
    result.e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return result


def phone_normalise(raw: str, *, field_name: str = "phone") -> str:
    """The number in E.164 (+628…); raises ValidationFailed (with the message under `field_name`) otherwise."""
    result = phone_check(raw)
    if result.e164 is None:
        issue = result.errors[0]
        raise ValidationFailed(issue.message, code=issue.code, fields={field_name: [issue.message]})
    return result.e164
