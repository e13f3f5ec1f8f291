"""The address picker: province → regency/city → district → village selects on the Kemendagri codes.

Rendered on the server, both inside the pages and as an htmx partial: when one select changes, the levels
are rendered again with those below it listed afresh, and the postcode input (out of band) from the village.
Without JavaScript, the page's "Show the choices" button posts the form back to do the same. The picker's
state lives in lapak.regions.picker (the buyers' address book uses it too) and is re-exported here.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.regions.picker import LEVELS, PickerLevel, RegionPicker, picker_for, picker_from_data, picker_from_village

__all__ = ["LEVELS", "PREFIXES", "PickerLevel", "RegionPicker", "picker_for", "picker_from_data",
           "picker_from_village", "region_picker"]

PREFIXES = ("address", "pickup")


@require_safe
def region_picker(request: HttpRequest, prefix: str) -> HttpResponse:
    """htmx partial: the levels again after a select changed, and the postcode. Public data, like /api/v1/regions/."""
    if prefix not in PREFIXES:
        raise Http404
    picker = picker_from_data(prefix, request.GET, fill_postcode=True)
    return render(request, "sellers/partials/region_update.html", {"picker": picker})
