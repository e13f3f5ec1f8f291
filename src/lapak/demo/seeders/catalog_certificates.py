"""Certificate numbers for generated demo products, in the formats `catalog.certificates` accepts.

Made up (held by no real product), but shaped like the real ones: BPOM numbers by product family and origin
(MD/ML food, NA..NE cosmetics by the region of manufacture, TR/TI jamu, SD/SI supplements, DBL/DBI medicines),
BPJPH halal numbers "ID" + digits, and SPPT-SNI numbers naming the standard and a certification body (LSPro).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# Cosmetics notifications carry the region where the product was made: A Asia, B Australia, C Europe, D Africa,
# E America.
_COSMETIC_REGION = {"AU": "B", "FR": "C", "DE": "C", "IT": "C", "GB": "C", "US": "E"}
LSPRO = ("LSPRO-B4T", "LSPRO-BBLM", "LSPRO-SUCOFINDO", "LSPRO-BARISTAND-SBY", "LSPRO-TUV-NUSANTARA")
ISSUERS = {"bpom": "Badan POM RI", "halal": "BPJPH Kementerian Agama"}


@dataclass(frozen=True)
class CertificateSpec:
    kind: str
    number: str
    issuer: str
    expires_on: date


def _digits(rng: random.Random, n: int) -> str:
    return f"{rng.randrange(10**n):0{n}d}"


def bpom_number(rng: random.Random, family: str, origin_country: str) -> str:
    imported = origin_country != "ID"
    if family == "cosmetics":
        return f"N{_COSMETIC_REGION.get(origin_country, 'A')}{_digits(rng, 11)}"
    if family == "traditional_medicine":
        return f"{'TI' if imported else 'TR'}{_digits(rng, 9)}"
    if family == "supplement":
        return f"{'SI' if imported else 'SD'}{_digits(rng, 9)}"
    if family == "medicine":
        return f"DB{'I' if imported else 'L'}{_digits(rng, 10)}A1"
    return f"{'ML' if imported else 'MD'}{_digits(rng, 12)}"  # processed food and drink


def halal_number(rng: random.Random, province: str) -> str:
    return f"ID{province}{_digits(rng, 12)}{rng.randint(19, 25)}"


def sni_number(rng: random.Random, standard: str) -> tuple[str, str]:
    body = rng.choice(LSPRO)
    return f"{standard}/SNI/{body}/{rng.randint(2021, 2025)}/{_digits(rng, 5)}", body.replace("-", " ")


def certificates_for(rng: random.Random, *, kinds: list[str], bpom_family: str, sni_standard: str,
                     origin_country: str, province: str, today: date) -> list[CertificateSpec]:
    """One certificate per kind, valid for another 6 months to 5 years."""
    out = []
    for kind in kinds:
        expires = today + timedelta(days=rng.randint(180, 1825))
        if kind == "bpom":
            out.append(CertificateSpec("bpom", bpom_number(rng, bpom_family, origin_country), ISSUERS["bpom"], expires))
        elif kind == "halal":
            out.append(CertificateSpec("halal", halal_number(rng, province), ISSUERS["halal"], expires))
        else:
            number, issuer = sni_number(rng, sni_standard or "8124")
            out.append(CertificateSpec("sni", number, issuer, expires))
    return out
