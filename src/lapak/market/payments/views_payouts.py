"""The seller centre's statement: the postings of the shop's balance (seller payable) and of what it owes Lapak
(seller receivable) for a date range, as CSV or PDF. The same readers as the balance page (every member of the
shop; 404 outside it). A bad range is a 400 with its reason, never a 500."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.payments.selectors_payouts import statement_count, statement_rows, statement_summary
from lapak.market.payments.services.statements_pdf import StatementHeader, statement_pdf

MAX_DAYS = 366
MAX_PDF_ROWS = 5000  # about 100 A4 pages; beyond it the CSV (streamed) is the way


class BadRange(ValueError):
    """The statement's date range cannot be served; the message says why, in the reader's language."""


def _echo_writer() -> csv.writer:
    class Echo:
        def write(self, value: str) -> str:
            return value

    return csv.writer(Echo())


EARLIEST = date(2020, 1, 1)  # before Lapak kept any ledger; also keeps date arithmetic far from year 1 and 9999


def statement_range(params: dict) -> tuple[date, date]:
    """(start, end) from ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: the last 30 days); BadRange when invalid."""
    today = timezone.localdate()
    try:
        end = date.fromisoformat(params.get("to") or today.isoformat())
        start = date.fromisoformat(params.get("from") or (end - timedelta(days=30)).isoformat())
    except (ValueError, OverflowError):  # not a date, or year 1 minus 30 days
        raise BadRange(_("Enter the dates as day, month and year.")) from None
    if start < EARLIEST or end > today + timedelta(days=366):
        raise BadRange(_("Choose dates between 2020 and next year."))
    if start > end:
        raise BadRange(_("Choose a start date on or before the end date."))
    if (end - start).days > MAX_DAYS:
        raise BadRange(_("Choose a period of at most a year."))
    return start, end


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _filename(organisation_id: str, start: date, end: date, ext: str) -> str:
    return f'attachment; filename="statement-{organisation_id}-{start.isoformat()}-{end.isoformat()}.{ext}"'


@require_GET
@seller_page
def statement_csv(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    try:
        start, end = statement_range(request.GET)
    except BadRange as exc:
        return _bad_request(str(exc))
    writer = _echo_writer()

    def lines() -> Iterator[str]:
        yield writer.writerow([_("Date"), _("Entry"), _("Cause"), _("Reference"), _("Description"),
                               _("Amount (Rp)"), _("Balance after (Rp)"), _("Account")])
        labels = {"balance": _("Balance"), "owed": _("Owed to Lapak")}
        for row in statement_rows(shop.organisation, start=start, end=end):
            yield writer.writerow([timezone.localtime(row.at).isoformat(timespec="seconds"), row.entry,
                                   row.cause_type, row.cause_id, row.memo, row.amount, row.balance_after,
                                   labels[row.account]])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename(shop.organisation.public_id, start, end, "csv")
    return response


def _pdf_language() -> str:
    language = (translation.get_language() or "id")[:2]
    return language if language in ("id", "en") else "id"


@require_GET
@seller_page
def statement_pdf_view(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    try:
        start, end = statement_range(request.GET)
    except BadRange as exc:
        return _bad_request(str(exc))
    organisation = shop.organisation
    if statement_count(organisation, start=start, end=end) > MAX_PDF_ROWS:
        return _bad_request(_("This period has more than %(n)d postings: choose a shorter one, or download the CSV.")
                            % {"n": MAX_PDF_ROWS})
    header = StatementHeader(shop_name=organisation.shop_name, shop_id=organisation.public_id, start=start,
                             end=end, generated_at=timezone.now(), language=_pdf_language())
    body = statement_pdf(rows=statement_rows(organisation, start=start, end=end),
                         summary=statement_summary(organisation, start=start, end=end), header=header)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = _filename(organisation.public_id, start, end, "pdf")
    return response
