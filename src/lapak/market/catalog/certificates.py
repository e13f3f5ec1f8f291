"""Certificate number formats, kept as data.

Sources (public, checked Nov 2026): BPOM's own "cara membaca nomor izin edar" explainers as republished by the
press (e.g. cewekbanget.grid.id, "arti dan cara baca nomor izin edar BPOM RI", citing BPOM) and pharmacy course
notes on registration numbers: processed food carries MD (domestic) or ML (imported) and 12 digits; cosmetics
notifications carry NA (ASEAN-notified, domestic) or NB/NC/ND/NE and 11 digits; traditional medicine TR/TI/TL
(and HT herbal terstandar, FF fitofarmaka) with 9 digits; health supplements SD/SI/SL with 9 digits; medicines a
3-letter code (D|G brand/generic, B|T|K|P|N class, L|I|X origin) + 10 digits + a letter and a digit.
The "BPOM RI"/"POM" words printed before the number are not part of it and are stripped.

Halal: BPJPH certificates (UU 33/2014, issued since 2019) read "ID" followed by digits (region, year and serial);
lengths seen in the public register differ by year, so we accept ID + 10 to 24 digits.

SNI: SPPT-SNI certificates are numbered by each accredited certification body (LSPro) in its own scheme, so no
national format exists. We accept 4-60 characters of letters, digits, spaces and . / - containing at least one
digit: permissive, but bounded so free text and markup cannot pass as a number.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

BPOM_FORMATS: dict[str, re.Pattern[str]] = {
    "food": re.compile(r"M[DL]\d{12}"),
    "cosmetics": re.compile(r"N[ABCDE]\d{11}"),
    "traditional_medicine": re.compile(r"(?:T[RIL]|HT|FF)\d{9}[A-Z]?"),
    "supplement": re.compile(r"S[DIL]\d{9}"),
    "medicine": re.compile(r"[DG][BTKPN][LIX]\d{10}[A-Z]\d"),
}
HALAL_FORMAT = re.compile(r"ID\d{10,24}")
SNI_FORMAT = re.compile(r"(?=.*\d)[A-Z0-9][A-Z0-9 ./-]{2,58}[A-Z0-9]")

_BPOM_PREFIX = re.compile(r"^(?:BPOM\s*RI|BADAN\s*POM\s*RI|POM\s*RI|BPOM|POM)\s*")


def certificate_number_normalise(kind: str, number: str) -> str:
    """Upper-case, trim, and drop the spaces and printed "BPOM RI" words that are not part of the number."""
    value = " ".join(str(number).upper().split())
    if kind == "bpom":
        value = _BPOM_PREFIX.sub("", value).replace(" ", "").replace("-", "")
    elif kind == "halal":
        value = value.replace(" ", "").replace("-", "")
    return value


def certificate_number_error(kind: str, number: str) -> str | None:
    """The message explaining why `number` (already normalised) is not a valid number of `kind`, or None."""
    if kind == "bpom":
        if any(pattern.fullmatch(number) for pattern in BPOM_FORMATS.values()):
            return None
        return str(_("Enter a BPOM number such as MD 123456789012, NA18191200123, TR123456789 or SD123456789."))
    if kind == "halal":
        if HALAL_FORMAT.fullmatch(number):
            return None
        return str(_("Enter a BPJPH halal certificate number: ID followed by its digits."))
    if kind == "sni":
        if SNI_FORMAT.fullmatch(number):
            return None
        return str(_("Enter the SNI certificate number as printed (letters, digits, '.', '/' or '-')."))
    return str(_("Choose SNI, BPOM or halal."))
