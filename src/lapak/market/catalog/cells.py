"""Reading what sellers type (in a form or a spreadsheet cell) into the values the catalogue services take.

The services own the rules (ranges, lengths, formats); these helpers only undo spreadsheet habits: thousands
separators ("75.000" in Indonesian, "75,000" in English), a leading "Rp", a decimal comma. Text that is not a
number is handed on unchanged, so the service answers with its own message ("Enter a whole number.").
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

_WHOLE = re.compile(r"[+-]?\d{1,40}")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*")
_USD_PLAIN = re.compile(r"\d{1,15}(?:[.,]\d{1,2})?")
_USD_EN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_USD_ID = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")
_CURRENCY = re.compile(r"^(?:rp\.?|idr|us\$|usd|\$)\s*", re.IGNORECASE)
_YES = frozenset({"yes", "y", "ya", "true", "1", "active", "aktif"})
_NO = frozenset({"no", "n", "tidak", "false", "0", "inactive", "nonaktif", "tidak aktif"})


class CellError(ValueError):
    """The text cannot be read at all; `message` says how to write it."""

    def __init__(self, message: object) -> None:
        self.message = message
        super().__init__(str(message))


def whole_number(text: object) -> int | str | None:
    """An int from "75000", "75.000", "75,000" or "Rp 75.000"; None when empty; otherwise the text itself."""
    value = str(text if text is not None else "").strip()
    if not value:
        return None
    bare = _CURRENCY.sub("", value).replace(" ", "").replace("\u00a0", "")
    if _WHOLE.fullmatch(bare):
        return int(bare)
    if _GROUPED.fullmatch(bare):
        return int(bare.replace(".", "").replace(",", ""))
    return value


def usd_cents(text: object) -> int | None:
    """US cents from "12.50", "12,50", "1,250.00" or "1.250,00"; None when empty; CellError otherwise.

    Three digits after the only separator are thousands ("1,250" is 1250 dollars), one or two are cents."""
    value = _CURRENCY.sub("", str(text if text is not None else "").strip()).replace(" ", "")
    if not value:
        return None
    if _USD_PLAIN.fullmatch(value):
        amount = Decimal(value.replace(",", "."))
    elif _USD_EN.fullmatch(value):
        amount = Decimal(value.replace(",", ""))
    elif _USD_ID.fullmatch(value):
        amount = Decimal(value.replace(".", "").replace(",", "."))
    else:
        raise CellError(_("Enter the amount in US dollars, such as 12.50."))
    return int(amount * 100)


def options_parse(text: object, *, separator: str) -> dict[str, str]:
    """{"size": "M", "colour": "Merah"} from "size: M" pairs split by `separator` (a new line, or "|")."""
    options: dict[str, str] = {}
    for part in str(text if text is not None else "").split(separator):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name, value = " ".join(name.split()), " ".join(value.split())
        if not colon or not name or not value:
            raise CellError(_("Write each option as name: value, such as size: M."))
        if name.casefold() in {known.casefold() for known in options}:
            raise CellError(_("The option %(name)s is given twice.") % {"name": name})
        options[name] = value
    return options


def options_format(options: dict, *, separator: str) -> str:
    return separator.join(f"{name}: {value}" for name, value in (options or {}).items())


def yes_no(text: object) -> bool | str | None:
    """True or False from yes/no words in English or Bahasa Indonesia; None when empty; else the text itself."""
    value = " ".join(str(text if text is not None else "").split())
    if not value:
        return None
    if value.casefold() in _YES:
        return True
    if value.casefold() in _NO:
        return False
    return value
