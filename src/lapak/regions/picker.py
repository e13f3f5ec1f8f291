"""The address picker's state: province → regency/city → district → village selects on the Kemendagri codes.

Pure reads on the region tree, shared by every page that takes an address (the sellers' wizard and shop
profile, warehouses, the buyers' address book). Each page's view renders it with the templates under
`regions/partials/` and serves its own htmx refresh URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError
from lapak.regions.selectors import ancestors_of, children_of, provinces, region_by_code

# (suffix of the input's name, label); the village's input is the one the services read.
LEVELS: tuple[tuple[str, str | Promise], ...] = (
    ("province", _("Province")),
    ("regency", _("Regency or city")),
    ("district", _("District (kecamatan)")),
    ("region_code", _("Village (kelurahan/desa)")),
)


@dataclass
class PickerLevel:
    name: str
    label: str | Promise
    options: list[tuple[str, str]]
    selected: str
    errors: list[str] = field(default_factory=list)


@dataclass
class RegionPicker:
    prefix: str
    levels: list[PickerLevel]
    postcode: str
    postcode_errors: list[str] = field(default_factory=list)

    @property
    def village_chosen(self) -> bool:
        return bool(self.levels[-1].selected)


def picker_for(prefix: str, selected: Mapping[str, str], *, postcode: str = "", fill_postcode: bool = False,
               errors: Mapping[str, list] | None = None) -> RegionPicker:
    """A picker with these codes chosen (keys: the LEVELS suffixes). A code that does not lie under the level
    above is dropped, with everything below it, so changing the province clears the regency and so on."""
    errors = errors or {}
    levels: list[PickerLevel] = []
    parent = ""
    village = None
    for suffix, label in LEVELS:
        name = f"{prefix}_{suffix}"
        if suffix == "province":
            options = [(r.code, r.name) for r in provinces()]
        elif parent:
            options = _children(parent)
        else:
            options = []
        wanted = (selected.get(suffix) or "").strip()
        chosen = wanted if any(code == wanted for code, _name in options) else ""
        levels.append(PickerLevel(name=name, label=label, options=options, selected=chosen,
                                  errors=[str(m) for m in errors.get(name, [])]))
        parent = chosen
        if suffix == "region_code" and chosen:
            village = region_by_code(chosen)
    if fill_postcode:  # a village's postcode is known; without a village, a typed one no longer applies
        postcode = (village.postcode or postcode) if village is not None else ""
    return RegionPicker(prefix=prefix, levels=levels, postcode=postcode,
                        postcode_errors=[str(m) for m in errors.get(f"{prefix}_postcode", [])])


def picker_from_village(prefix: str, village_code: str, postcode: str, *,
                        errors: Mapping[str, list] | None = None) -> RegionPicker:
    """The picker for a stored village (its province, regency and district chosen above it)."""
    region = region_by_code(village_code) if village_code else None
    selected: dict[str, str] = {}
    if region is not None:
        for ancestor in [*ancestors_of(region), region]:
            selected[LEVELS[ancestor.level - 1][0]] = ancestor.code
    return picker_for(prefix, selected, postcode=postcode, errors=errors)


def picker_from_data(prefix: str, data: Mapping[str, str], *, fill_postcode: bool = False,
                     errors: Mapping[str, list] | None = None) -> RegionPicker:
    """The picker as the user left it in a submitted form."""
    selected = {suffix: data.get(f"{prefix}_{suffix}", "") for suffix, _label in LEVELS}
    return picker_for(prefix, selected, postcode=(data.get(f"{prefix}_postcode") or "").strip()[:10],
                      fill_postcode=fill_postcode, errors=errors)


def _children(code: str) -> list[tuple[str, str]]:
    try:
        return [(r.code, r.name) for r in children_of(code)]
    except LapakError:
        return []
