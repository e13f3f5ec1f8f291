"""The oversight portal's pages: the overview, one page per figure (chart, table, method, downloads)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import readable_jurisdictions
from lapak.compliance.selectors import jurisdiction_codes
from lapak.core.errors import NotFound, PermissionDenied, ValidationFailed
from lapak.oversight.access import oversight_page
from lapak.oversight.figures.base import FIGURES, Figure, figures_in_order
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD
from lapak.oversight.rendering import chart, figure_csv_text, figure_json, table_body
from lapak.oversight.selectors import FigureAnswer, figure_read

_PAGE_PARAMS = ("jurisdiction", "from", "to", "by")


@oversight_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "oversight/home.html", {
        "figures": figures_in_order(), "threshold": SUPPRESSION_THRESHOLD,
        "jurisdictions": readable_jurisdictions(request.user) or [],
    })


@oversight_page
def figure_page(request: HttpRequest, key: str) -> HttpResponse:
    figure = _figure(key)
    params = _page_params(request, figure)
    context: dict[str, Any] = {"figure": figure, "form_errors": {}, "answer": None}
    try:
        answer = _read(request, key, params, channel="page")
    except ValidationFailed as error:
        context["form_errors"] = error.fields
        context["general_errors"] = error.fields.get("__all__", [])
        status = 400
    else:
        context.update(answer=answer, chart=chart(answer), body=table_body(answer),
                       query_string=urlencode(_canonical(answer)))
        status = 200
    context.update(_form_context(request, figure, params, context["answer"]))
    return render(request, "oversight/figure.html", context, status=status)


@oversight_page
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    answer = _download(request, key, channel="csv")
    response = HttpResponse(figure_csv_text(answer), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}-{answer.query.jurisdiction}.csv"'
    return response


@oversight_page
def figure_json_download(request: HttpRequest, key: str) -> HttpResponse:
    answer = _download(request, key, channel="json")
    body = json.dumps(figure_json(answer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _download(request: HttpRequest, key: str, *, channel: str) -> FigureAnswer:
    figure = _figure(key)
    try:
        return _read(request, key, _page_params(request, figure), channel=channel)
    except ValidationFailed as error:
        raise Http404(str(error.message)) from error


def _read(request: HttpRequest, key: str, params: dict[str, str], *, channel: str) -> FigureAnswer:
    """figure_read, with a jurisdiction the reader may not read answering 403 like any other page."""
    try:
        return figure_read(user=request.user, key=key, params=params, channel=channel)
    except PermissionDenied as error:
        raise DjangoPermissionDenied(str(error.message)) from error


def _figure(key: str) -> Figure:
    figure = FIGURES.get(key)
    if figure is None:
        raise Http404(str(NotFound.default_message))
    return figure


def _page_params(request: HttpRequest, figure: Figure) -> dict[str, str]:
    """The page's form sends each dimension as a checkbox (`by_dim`); links carry `by` as in the API."""
    params = {name: request.GET[name] for name in _PAGE_PARAMS if name in request.GET}
    if "by" not in params and ("by_dim" in request.GET or "from" in request.GET or "to" in request.GET):
        params["by"] = ",".join(request.GET.getlist("by_dim"))
    return params


def _canonical(answer: FigureAnswer) -> dict[str, str]:
    query = answer.query
    return {"jurisdiction": query.jurisdiction, "from": query.date_from.isoformat(), "to": query.date_to.isoformat(),
            "by": ",".join(query.by)}


def _form_context(request: HttpRequest, figure: Figure, params: dict[str, str], answer: FigureAnswer | None) -> dict:
    readable = readable_jurisdictions(request.user)
    chosen = answer.query.by if answer else tuple(part for part in params.get("by", "").split(",") if part)
    values = {"jurisdiction": answer.query.jurisdiction if answer else params.get("jurisdiction", ""),
              "from": answer.query.date_from.strftime("%Y-%m") if answer else params.get("from", ""),
              "to": answer.query.date_to.isoformat() if answer else params.get("to", "")}
    return {
        "values": values,
        "jurisdiction_choices": readable if readable is not None else jurisdiction_codes(),
        "date_fields": [("from", _("From")), ("to", _("To"))],
        "dimension_choices": [(key, label, key in chosen) for key, label in figure.dimensions.items()],
    }
