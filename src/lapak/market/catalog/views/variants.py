"""The variant picker: option axes (size, colour, …) built from the variants' option values, and stock wording.

Every choice is a link to `?variant=<public id>`, so the picker works without JavaScript; htmx only swaps the
buy box in place. A choice leads to the variant that keeps the other axes as they are when one exists, else to
the first variant with that value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lapak.market.catalog.models import Variant

LOW_STOCK = 5  # below this many units the page says how many are left

# Axis names are the seller's own words; the common ones get a translated label.
_AXIS_LABELS = {
    "size": _("Size"), "ukuran": _("Size"), "colour": _("Colour"), "color": _("Colour"), "warna": _("Colour"),
    "flavour": _("Flavour"), "flavor": _("Flavour"), "rasa": _("Flavour"), "model": _("Model"),
    "type": _("Type"), "tipe": _("Type"), "jenis": _("Type"), "weight": _("Weight"), "berat": _("Weight"),
}


@dataclass(frozen=True)
class OptionChoice:
    value: str
    variant: Variant  # where choosing this value leads
    selected: bool
    in_stock: bool


@dataclass(frozen=True)
class OptionAxis:
    name: str
    label: str
    choices: list[OptionChoice]


@dataclass(frozen=True)
class StockStatus:
    key: str  # "in_stock", "low", "out": the CSS modifier
    text: str


def axis_label(name: str) -> str:
    return str(_AXIS_LABELS.get(name.strip().lower(), name[:1].upper() + name[1:]))


def variant_chosen(variants: list[Variant], wanted: str, available: dict[int, int]) -> Variant | None:
    """The variant named in ?variant=, else the first one in stock, else the first one (None without variants)."""
    for variant in variants:
        if variant.public_id == wanted:
            return variant
    return next((v for v in variants if available.get(v.id, 0) > 0), variants[0] if variants else None)


def variant_axes(variants: list[Variant], chosen: Variant | None, available: dict[int, int]) -> list[OptionAxis]:
    names: list[str] = []
    for variant in variants:
        names.extend(name for name in variant.options if name not in names)
    current = dict(chosen.options) if chosen else {}
    axes = []
    for name in names:
        values: list[str] = []
        for variant in variants:
            value = variant.options.get(name)
            if value is not None and value not in values:
                values.append(value)
        choices = []
        for value in values:
            target = _lead_to(variants, {**current, name: value}, name, value)
            choices.append(OptionChoice(value=value, variant=target, selected=current.get(name) == value,
                                        in_stock=available.get(target.id, 0) > 0))
        axes.append(OptionAxis(name=name, label=axis_label(name), choices=choices))
    return axes


def _lead_to(variants: list[Variant], wanted: dict[str, str], name: str, value: str) -> Variant:
    exact = next((v for v in variants if v.options == wanted), None)
    return exact or next(v for v in variants if v.options.get(name) == value)


def stock_status(units: int) -> StockStatus:
    if units <= 0:
        return StockStatus("out", str(_("Out of stock")))
    if units < LOW_STOCK:
        return StockStatus("low", ngettext("Only %(count)d left", "Only %(count)d left", units) % {"count": units})
    return StockStatus("in_stock", str(_("In stock")))
