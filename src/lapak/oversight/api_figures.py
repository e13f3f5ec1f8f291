"""`/api/v1/oversight/figures…`: every figure as JSON, for regulators (bearer token issued against a second
factor) and operators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from lapak.compliance.access import readable_jurisdictions
from lapak.core.schemas import ErrorOut
from lapak.oversight.access import query_log, require_reader
from lapak.oversight.figures.base import figures_in_order
from lapak.oversight.rendering import figure_json
from lapak.oversight.selectors import figure_read

router = Router(tags=["oversight"])
E = ErrorOut


@router.get("/figures", response={200: list[dict], 401: E, 403: E}, summary="The figures a regulator can read")
def figures_list(request: HttpRequest) -> list[dict[str, Any]]:
    require_reader(request)
    allowed = readable_jurisdictions(request.auth) or []
    query_log(user=request.auth, jurisdiction=allowed[0] if len(allowed) == 1 else "", what="figures",
              params={"channel": "api"})
    return [{"key": figure.key, "title": str(figure.title), "description": str(figure.description),
             "dimensions": {key: str(label) for key, label in figure.dimensions.items()},
             "default_by": list(figure.default_by), "rules": list(figure.rule_ids)}
            for figure in figures_in_order()]


@router.get("/figures/{key}", response={200: dict, 401: E, 403: E, 404: E, 422: E},
            summary="One figure: columns, rows (small cells suppressed), how it was computed")
def figure_get(request: HttpRequest, key: str) -> dict[str, Any]:
    """Query parameters: `jurisdiction`, `from`, `to` (YYYY-MM-DD or YYYY-MM), `by` (comma-separated
    dimensions). Cells with fewer than 10 sellers or buyers behind them come back as `null` with
    `"suppressed": true`."""
    require_reader(request)
    answer = figure_read(user=request.auth, key=key, params=request.GET.dict(), channel="api")
    return figure_json(answer)
