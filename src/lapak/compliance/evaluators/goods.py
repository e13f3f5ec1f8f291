"""What may be sold: the cross-border price floor and positive list (ID-XB-1/2), certificates (ID-PRD-1),
halal certification by date (ID-PRD-2), and a shown shipping origin (GB-XB-1)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Annotated, Any

from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from lapak.compliance.evaluators.base import Evaluator, Finding, Parameters, allow, day, deny, review

CENTS = Decimal(100)


def _goods(facts: Mapping, event: str) -> list[Mapping]:
    """The listings an event is about: one at publication, each line at checkout."""
    return list(facts.get("lines", [])) if event == "checkout.place" else [facts]


def _rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _direct(goods: Mapping, params: Any) -> bool:
    """Sold directly from abroad: by its declared origin, or because its seller is a foreign merchant (whatever
    origin it declares, a foreign merchant's goods reach the buyer across the border)."""
    return goods.get("origin") in params.origins or goods.get("seller_type") in params.seller_types


class CrossBorderFloor(Evaluator):
    class Params(Parameters):
        floor_usd_cents: Annotated[int, Field(gt=0, le=1_000_000_000)]
        currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
        origins: list[str]
        seller_types: list[str] = []

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        goods = [g for g in _goods(facts, event) if _direct(g, params)]
        if not goods:
            return None
        positive = reference.positive_list()
        evidence: dict = {"floor_usd": f"{params.floor_usd_cents / 100:.2f}",
                          "list_label": positive.label if positive else ""}
        priced = [g for g in goods if not (positive and g.get("hs_code") in positive.codes)]
        evidence["exempt_hs_codes"] = sorted({g.get("hs_code") for g in goods if g not in priced})
        if not priced:
            return allow(evidence)
        rate = reference.rate(params.currency)
        if rate is None:
            return review(evidence, problem=_("No Finance Ministry exchange rate is loaded for this day."))
        floor_idr = int((Decimal(params.floor_usd_cents) * rate.idr_per_unit / CENTS).to_integral_value(ROUND_CEILING))
        evidence.update(rate_idr=_rupiah(int(rate.idr_per_unit)), rate_exact=str(rate.idr_per_unit),
                        rate_source=rate.source, rate_valid_from=rate.valid_from.isoformat(), floor_idr=floor_idr)
        for goods_facts in priced:
            fob = goods_facts.get("fob_value_usd_cents")
            # The rupiah leg is checked when the listing is decided (at the rate in force that day); checkout and
            # sweeps on a later week's rate would otherwise refuse a listing whose FOB never changed.
            price = goods_facts.get("price_min")
            if fob is None:
                return deny(evidence, problem=_("No FOB value is declared."))
            if fob < params.floor_usd_cents:
                evidence["fob_usd"] = f"{fob / 100:.2f}"
                return deny(evidence, problem=lambda: _("The declared FOB value is USD %(fob)s.") % {
                    "fob": evidence["fob_usd"]})
            if price is not None and price < floor_idr:
                evidence["price_idr"] = price
                values = {"source": rate.source, "rate": evidence["rate_idr"], "floor": _rupiah(floor_idr),
                          "price": _rupiah(price)}
                return deny(evidence, problem=lambda values=values: _(
                    "At the rate %(source)s (Rp%(rate)s per USD) the floor is Rp%(floor)s; the price per unit is "
                    "Rp%(price)s.") % values)
        return allow(evidence)


class HsCodeDeclared(Evaluator):
    class Params(Parameters):
        origins: list[str]
        digits: Annotated[int, Field(ge=4, le=12)]
        seller_types: list[str] = []

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if not _direct(facts, params):
            return None
        positive = reference.positive_list()
        code = facts.get("hs_code") or ""
        evidence = {"hs_code": code, "list_label": positive.label if positive else "",
                    "on_positive_list": bool(positive and code in positive.codes)}
        if not re.fullmatch(rf"[0-9]{{{params.digits}}}", code):
            return deny(evidence)
        return allow(evidence)


def _valid(certificates: list[Mapping], kind: str, on: date) -> list[Mapping]:
    return [c for c in certificates if c.get("kind") == kind
            and (not c.get("expires_on") or day(c["expires_on"]) >= on)]


class CategoryCertificates(Evaluator):
    class Params(Parameters):
        kinds: list[str]
        bpom_prefixes: list[str]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        required = set(facts.get("category_required_certificates", []))
        required |= reference.certificates_required(facts.get("category", ""))
        required &= set(params.kinds)
        if not required:
            return None
        certificates = facts.get("certificates", [])
        missing = sorted(kind for kind in required if not _valid(certificates, kind, reference.on))
        malformed = [c.get("number", "") for c in _valid(certificates, "bpom", reference.on)
                     if "bpom" in required and not bpom_number_ok(c.get("number", ""), params.bpom_prefixes)]
        evidence = {"required": sorted(required), "missing_kinds": missing, "malformed_numbers": malformed}
        if missing or malformed:
            # A malformed BPOM number is named as such, not as a missing certificate the seller thinks it gave.
            named = [kind.upper() for kind in missing]
            named += [format_lazy(_("BPOM (the number “{number}” is not a BPOM registration number)"), number=n)
                      for n in malformed]
            return deny(evidence, missing=named)
        return allow(evidence)


def bpom_number_ok(number: str, prefixes: list[str]) -> bool:
    """A BPOM registration number: an allowed prefix (MD, ML, NA, TR, DBL, …) then its digits, optionally
    preceded by "BPOM RI" or "POM" as printed on packs; drug numbers end in a letter and a digit (DBL…A1),
    some traditional medicines in a letter. The catalogue checks each kind's exact length when a number is entered
    (catalog/certificates.py); this check holds for numbers that reached the engine another way (imports, edits)."""
    compact = re.sub(r"[\s.\-]", "", number.upper())
    compact = re.sub(r"^(BPOMRI|BPOM|POM)", "", compact)
    alternatives = "|".join(re.escape(p.upper()) for p in sorted(prefixes, key=len, reverse=True))
    return bool(alternatives) and re.fullmatch(rf"(?:{alternatives})[0-9]{{6,15}}(?:[A-Z][0-9]?)?", compact) is not None


HALAL_GROUPS = {"micro": _("micro business"), "small": _("small business"), "medium": _("medium business"),
                "large": _("large business"), "imported": _("imported goods")}


def _long_date(value: date) -> Any:
    """The date as people write it, in the language being rendered ("17 Oktober 2026", "17 October 2026")."""
    return lambda: formats.date_format(value, "j F Y")


class HalalCertificate(Evaluator):
    class Params(Parameters):
        medium_large_from: date
        micro_small_from: date
        imports_from: date
        unknown_class_as: str

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if not facts.get("halal_food"):
            return None
        umkm = facts.get("seller_umkm_class") or ("micro" if facts.get("seller_type") == "individual"
                                                  else params.unknown_class_as)
        if facts.get("origin", "domestic") != "domestic":
            required_from, group = params.imports_from, "imported"
        elif umkm in ("micro", "small"):
            required_from, group = params.micro_small_from, umkm
        else:
            required_from, group = params.medium_large_from, umkm
        evidence = {"group": group, "required_from": required_from.isoformat(),
                    "medium_large_from": params.medium_large_from.isoformat(),
                    "micro_small_from": params.micro_small_from.isoformat(),
                    "imports_from": params.imports_from.isoformat()}
        if reference.on < required_from or _valid(facts.get("certificates", []), "halal", reference.on):
            return allow(evidence)
        return deny(evidence, group=HALAL_GROUPS.get(group, group), required_from=_long_date(required_from),
                    medium_large_from=_long_date(params.medium_large_from),
                    micro_small_from=_long_date(params.micro_small_from),
                    imports_from=_long_date(params.imports_from))


class OriginShown(Evaluator):
    class Params(Parameters):
        origins: list[str]

    def evaluate(self, facts: Mapping, params: Any, event: str, reference: Any) -> Finding | None:
        if facts.get("origin") not in params.origins:
            return None
        if facts.get("origin_country") in (None, "", facts.get("jurisdiction")):
            return deny({"origin_country": facts.get("origin_country")})
        return allow({"origin_country": facts.get("origin_country")})
