"""Checks of a voucher's terms, all at once and per field, before anything is written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.promotions.models import BASIS_POINTS, MAX_AMOUNT, VoucherKind

_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,31}")
MAX_PER_BUYER = 1_000
MAX_REDEMPTIONS = 100_000_000
MAX_WINDOW = timedelta(days=366 * 2)
# The terms a voucher has; code and kind are fixed at creation (a changed meaning would be a new voucher).
TERMS = ("amount", "percent_bp", "max_discount", "min_spend", "per_buyer_limit", "budget", "max_redemptions",
         "valid_from", "valid_until", "active")


def normalise_code(code: object) -> str:
    return code.strip().upper()[:40] if isinstance(code, str) else ""


def _whole(value: object) -> int | None:
    """An int from an int or a text of digits (with an optional minus); None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,20}", value.strip()):
        return int(value.strip())
    return None


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def voucher_code_checked(code: object) -> str:
    text = normalise_code(code)
    if not _CODE.fullmatch(text):
        message = _("A code has 3 to 32 letters, digits or dashes, starting with a letter or digit.")
        raise ValidationFailed(fields={"code": [message]})
    return text


def voucher_terms_checked(data: Mapping[str, Any], *, kind: str, creating: bool) -> dict[str, Any]:
    """The terms in `data` (all of TERMS, missing ones at their defaults), checked together; every problem is
    reported under its field, and nothing here touches the database."""
    errors: dict[str, list] = {}
    values: dict[str, Any] = {}

    def number(name: str, low: int, high: int, *, optional: bool, default: int | None = None) -> None:
        raw = data.get(name)
        if raw in (None, ""):
            if optional:
                values[name] = default
                return
            errors[name] = [_("This field is required.")]
            return
        value = _whole(raw)
        if value is None:
            errors[name] = [_("Enter a whole number.")]
        elif value < low:
            errors[name] = [_("At least %(low)s.") % {"low": f"{low:,}"}]
        elif value > high:
            errors[name] = [_("At most %(high)s.") % {"high": f"{high:,}"}]
        else:
            values[name] = value

    if kind == VoucherKind.FIXED:
        number("amount", 1, MAX_AMOUNT, optional=False)
        for name in ("percent_bp", "max_discount"):
            if data.get(name) not in (None, "", 0):
                errors[name] = [_("Only percentage vouchers have this.")]
        values.update(percent_bp=0, max_discount=None)
    elif kind == VoucherKind.PERCENTAGE:
        raw = _whole(data.get("percent_bp"))
        if raw is not None and raw > BASIS_POINTS:
            errors["percent_bp"] = [_("A percentage is at most 100 % (10,000 basis points).")]
        else:
            number("percent_bp", 1, BASIS_POINTS, optional=False)
        number("max_discount", 1, MAX_AMOUNT, optional=True)
        if data.get("amount") not in (None, "", 0):
            errors["amount"] = [_("Only fixed vouchers have this.")]
        values["amount"] = 0
    else:
        errors["kind"] = [_("Choose fixed or percentage.")]
    number("min_spend", 0, MAX_AMOUNT, optional=True, default=0)
    number("per_buyer_limit", 1, MAX_PER_BUYER, optional=True, default=1)
    number("budget", 1, MAX_AMOUNT, optional=True)
    number("max_redemptions", 1, MAX_REDEMPTIONS, optional=True)
    active = data.get("active", True)
    if not isinstance(active, bool):
        errors["active"] = [_("Enter true or false.")]
    values["active"] = active
    for name in ("valid_from", "valid_until"):
        moment = _moment(data.get(name))
        if moment is None:
            errors[name] = [_("Enter a date and time, such as 2026-12-01T00:00:00+07:00.")]
        values[name] = moment
    start, end = values["valid_from"], values["valid_until"]
    if start is not None and end is not None and "valid_until" not in errors:
        if end <= start:
            errors["valid_until"] = [_("The end must come after the start.")]
        elif end - start > MAX_WINDOW:
            errors["valid_until"] = [_("A voucher runs for at most two years.")]
        elif creating and end <= timezone.now():
            errors["valid_until"] = [_("The end must be in the future.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return values
