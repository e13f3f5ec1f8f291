"""The creator studio's earnings page, /studio/earnings/ (a marketplace page the studio links to): the signed-in
creator's own clicks, attributed sales, commission and statement, with a CSV download. Aggregates only."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapak.core.errors import LapakError
from lapak.market.affiliates.selectors_creator import creator_period, creator_statement, creator_summary
from lapak.market.affiliates.statement_csv import creator_of, statement_csv


def _creator(request: HttpRequest) -> str:
    try:
        return creator_of(request.user)
    except LapakError:
        raise PermissionDenied from None


def _period(request: HttpRequest) -> tuple[tuple[date, date] | None, dict[str, list[str]]]:
    days: dict[str, date | None] = {}
    errors: dict[str, list[str]] = {}
    for name in ("from", "to"):
        text = request.GET.get(name, "")[:10]
        try:
            days[name] = date.fromisoformat(text) if text else None
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
    if errors:
        return None, errors
    try:
        return creator_period(start=days["from"], end=days["to"]), {}
    except ValueError as exc:
        message = (_("The period may be at most 366 days.") if str(exc) == "too_long"
                   else _("The start must not be after the end."))
        return None, {"from": [message]}


@login_required
@require_safe
def earnings(request: HttpRequest) -> HttpResponse:
    creator = _creator(request)
    period, errors = _period(request)
    context = {"errors": errors, "values": {k: request.GET.get(k, "")[:10] for k in ("from", "to")},
               "studio_section": "earnings"}
    if period is None:
        return render(request, "affiliates/studio/earnings.html", context, status=422)
    start, end = period
    context.update(summary=creator_summary(creator=creator, start=start, end=end),
                   rows=creator_statement(creator=creator, start=start, end=end), start=start, end=end)
    return render(request, "affiliates/studio/earnings.html", context)


@login_required
@require_safe
def statement_download(request: HttpRequest) -> HttpResponse:
    creator = _creator(request)
    period, errors = _period(request)
    if period is None:
        return HttpResponse(" ".join(m for ms in errors.values() for m in ms), status=422,
                            content_type="text/plain; charset=utf-8")
    start, end = period
    body = statement_csv(creator_statement(creator=creator, start=start, end=end))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lapak-creator-statement-{start}-{end}.csv"'
    return response
