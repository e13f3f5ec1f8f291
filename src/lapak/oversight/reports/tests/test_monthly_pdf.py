"""The monthly summary PDF: it parses, and carries the month's headline numbers, every registered figure, the
suppression note and the signed tree head it is anchored to, in the reader's language."""

from __future__ import annotations

import io

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from lapak.core.audit.models import AuditEvent, TreeHead
from lapak.oversight.figures.base import figures_in_order
from lapak.oversight.reports.periods import month_parse

pytestmark = pytest.mark.django_db
URL = "/api/v1/oversight/reports/monthly.pdf"


def _text(response) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_pdf_carries_the_months_headline_numbers(api_client, bearer, regulator, market):
    response = api_client.get(URL, {"month": market.quarter.month, "lang": "en"}, **bearer(regulator))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"lapak-ID-{market.quarter.month}-summary.pdf" in response["Content-Disposition"]
    text, pages = _text(response)
    assert pages <= 3
    assert "Monthly oversight summary" in text
    assert "Sellers with sales\n25" in text and "Buyers\n20" in text
    net = market.commission_charged - 200
    assert f"Rp{net:,}".replace(",", ".") in text  # Rp5.355: rupiah as Indonesians write them
    assert "Rp490.000" in text  # the sales figure's month row: 25 seller orders of the market
    for figure in figures_in_order():
        assert str(figure.title) in text.replace("\n", " ")
    assert "fewer than 10 distinct sellers or buyers" in text.replace("\n", " ")
    head = TreeHead.objects.order_by("-tree_size").first()
    assert f"size {head.tree_size}" in text and head.root_hash in text.replace("\n", "")
    event = AuditEvent.objects.get(action="oversight.query", subject_id="report:monthly")
    assert event.after["params"] == {"channel": "api", "month": market.quarter.month, "lang": "en"}


def test_the_language_follows_the_reader(api_client, bearer, regulator, market):
    indonesian, _pages = _text(api_client.get(URL, {"month": market.quarter.month}, HTTP_ACCEPT_LANGUAGE="id",
                                              **bearer(regulator)))
    english, _pages = _text(api_client.get(URL, {"month": market.quarter.month}, HTTP_ACCEPT_LANGUAGE="en",
                                           **bearer(regulator)))
    asked, _pages = _text(api_client.get(URL, {"month": market.quarter.month, "lang": "id"},
                                         HTTP_ACCEPT_LANGUAGE="en", **bearer(regulator)))
    first = month_parse(market.quarter.month, jurisdiction="ID").first
    assert format_date(first, "MMMM y", locale="id_ID") in indonesian  # Indonesian unless asked otherwise
    assert format_date(first, "MMMM y", locale="en_ID") in english
    assert format_date(first, "MMMM y", locale="id_ID") in asked  # `lang` wins over the header


def test_a_month_with_nothing_still_makes_a_pdf(api_client, bearer, regulator):
    response = api_client.get(URL, {"month": "2025-01", "lang": "en"}, **bearer(regulator))
    assert response.status_code == 200
    text, _pages = _text(response)
    assert "no signed tree head yet" in text.replace("\n", " ")
    assert "Sellers with sales\n<10" in text
