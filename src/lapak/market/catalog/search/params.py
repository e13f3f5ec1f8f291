"""Reading a `SearchQuery` from URL parameters (pages and the API share it), with per-field errors."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models.variants import PRICE_MAX
from lapak.market.catalog.search.cursor import cursor_decode
from lapak.market.catalog.search.facets import category_by_slug, province_names
from lapak.market.catalog.search.text import MAX_QUERY_LENGTH
from lapak.market.catalog.search.types import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SORTS, SearchQuery

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}
_DIGITS = re.compile(r"[0-9]{1,13}")


def _value(params: Mapping[str, str], name: str) -> str:
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def search_query_from_params(params: Mapping[str, str]) -> SearchQuery:
    """The query the parameters ask for; unknown parameters are ignored, empty ones mean "not given".

    Parameters: q, category (slug), price_min, price_max (whole rupiah), province (two-digit code), local, umkm,
    halal, in_stock (1/0, true/false, on/off), sort, after (a cursor), limit. Raises ValidationFailed with a
    message per bad parameter.
    """
    errors: dict[str, list] = {}
    values: dict[str, object] = {}
    text = _value(params, "q")
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [_("Search for at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}]
    values["text"] = text
    category = _value(params, "category")
    if category:
        if category_by_slug(category) is None:
            errors["category"] = [_("Choose a category from the list.")]
        values["category"] = category
    for name in ("price_min", "price_max"):
        raw = _value(params, name).replace(".", "")  # "125.000" is how rupiah are written
        if raw:
            if not _DIGITS.fullmatch(raw) or int(raw) > PRICE_MAX:
                errors[name] = [_("Enter a price in whole rupiah, such as 150000.")]
            else:
                values[name] = int(raw)
    if "price_min" in values and "price_max" in values and values["price_min"] > values["price_max"]:
        errors["price_max"] = [_("The highest price must not be below the lowest.")]
    province = _value(params, "province")
    if province:
        if province not in province_names():
            errors["province"] = [_("Choose a province from the list.")]
        values["province"] = province
    for name in ("local", "umkm", "halal", "in_stock"):
        raw = _value(params, name).lower()
        if raw in _TRUE:
            values[name] = True
        elif raw and raw not in _FALSE:
            errors[name] = [_("Choose yes or no.")]
    sort = _value(params, "sort") or "relevance"
    if sort not in SORTS:
        errors["sort"] = [_("Choose one of the offered sort orders.")]
        sort = "relevance"
    values["sort"] = sort
    limit = _value(params, "limit")
    if limit:
        if not _DIGITS.fullmatch(limit) or not 1 <= int(limit) <= PAGE_SIZE_MAX:
            errors["limit"] = [_("Ask for 1 to %(max)d results per page.") % {"max": PAGE_SIZE_MAX}]
        else:
            values["limit"] = int(limit)
    after = _value(params, "after")
    if after:
        try:
            cursor_decode(after, sort="newest" if sort == "relevance" and not text else sort)
        except ValidationFailed as error:
            errors.update(error.fields)
        values["after"] = after
    if errors:
        raise ValidationFailed(fields=errors)
    values.setdefault("limit", PAGE_SIZE_DEFAULT)
    return SearchQuery(**values)
