"""The seller centre's statement: the postings of the shop's payable account for a date range, as CSV. The
same readers as the balance page (every member of the shop; 404 outside it). PDF is not offered yet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.payments.selectors_payouts import statement_rows

MAX_DAYS = 366


class _Echo:
    def write(self, value: str) -> str:
        return value


def statement_range(params: dict) -> tuple[date, date] | None:
    """(start, end) from ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: the last 30 days); None when invalid."""
    today = timezone.localdate()
    try:
        end = date.fromisoformat(params.get("to") or today.isoformat())
        start = date.fromisoformat(params.get("from") or (end - timedelta(days=30)).isoformat())
    except ValueError:
        return None
    if start > end or (end - start).days > MAX_DAYS:
        return None
    return start, end


@require_GET
@seller_page
def statement_csv(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    span = statement_range(request.GET)
    if span is None:
        return HttpResponse(_("Choose a start date on or before the end date, at most a year apart."), status=400,
                            content_type="text/plain; charset=utf-8")
    start, end = span
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow([_("Date"), _("Entry"), _("Cause"), _("Reference"), _("Description"),
                               _("Amount (Rp)"), _("Balance after (Rp)")])
        for row in statement_rows(shop.organisation, start=start, end=end):
            yield writer.writerow([timezone.localtime(row.at).isoformat(timespec="seconds"), row.entry,
                                   row.cause_type, row.cause_id, row.memo, row.amount, row.balance_after])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"statement-{shop.organisation.public_id}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
