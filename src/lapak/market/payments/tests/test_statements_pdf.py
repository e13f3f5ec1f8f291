"""The statement PDF as a pure function: read back with pypdf, every row and figure is there, in the reader's
language, with rupiah written the Indonesian way, and a long statement continues over pages, each numbered."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from lapak.market.payments.selectors_payouts import BALANCE, OWED, StatementRow, StatementSummary
from lapak.market.payments.services.statements_pdf import StatementHeader, statement_pdf
from lapak.market.payments.tests.statement_support import pdf_pages

AT = datetime(2026, 5, 20, 3, 30, tzinfo=UTC)  # 10:30 WIB


def _summary(**figures: int) -> StatementSummary:
    base = dict(opening_balance=0, closing_balance=0, opening_owed=0, closing_owed=0, releases=0, goods=0,
                commission=0, pph22=0, pph22_returned=0, netted=0)
    return StatementSummary(**{**base, **figures})


def _header(language: str = "id", **extra: object) -> StatementHeader:
    values = dict(shop_name="Toko Budi & Anak", shop_id="org_budi123", start=date(2026, 5, 1), end=date(2026, 5, 31),
                  generated_at=datetime(2026, 6, 1, 1, 0, tzinfo=UTC), language=language)
    return StatementHeader(**{**values, **extra})


def _row(n: int, amount: int, balance: int, *, cause: str = "escrow_release", account: str = BALANCE) -> StatementRow:
    return StatementRow(at=AT + timedelta(minutes=n), entry=f"jrn_{n}", cause_type=cause, cause_id=f"so_ref{n:05d}",
                        memo="memo", amount=amount, balance_after=balance, account=account)


def test_the_pdf_carries_the_header_rows_and_figures():
    rows = [_row(1, 1_234_567, 1_334_567), _row(2, 40_000, 40_000, cause="refund_request", account=OWED),
            _row(3, -40_000, 1_294_567, cause="receivable_netting"),
            _row(4, -40_000, 0, cause="receivable_netting", account=OWED),
            _row(5, -1_294_567, 0, cause="payout")]
    summary = _summary(opening_balance=100_000, closing_balance=0, netted=40_000, releases=1, goods=1_300_000,
                       commission=52_000, pph22=6_500, pph22_returned=200)
    (page,) = pdf_pages(statement_pdf(rows=rows, summary=summary, header=_header("en")))
    for text in ("Lapak", "Statement of account", "Toko Budi & Anak", "org_budi123", "1 May 2026", "31 May 2026",
                 "01/06/2026 08:00 WIB", "Opening balance", "Rp100.000", "Rp1.234.567", "Rp1.334.567",
                 "Rp1.294.567", "Commission charged in the period", "Rp52.000", "PPh 22 withheld in the period",
                 "Rp6.500", "Rp200", "Owed to Lapak", "Set off against what you owe Lapak", "Settled from your balance",
                 "Payout to your bank account", "20/05/2026\n10:31", "Page 1 of 1"):
        assert text in page, text
    for n in range(1, 6):
        assert f"so_ref{n:05d}" in page
    # Totals: debits of the balance table are the netting and the payout; its credits the release.
    assert "Rp1.334.567" in page.split("Totals and closing balance")[1]


def test_indonesian_is_the_default_and_english_follows_the_reader():
    rows = [_row(1, 50_000, 50_000)]
    indonesian = pdf_pages(statement_pdf(rows=rows, summary=_summary(closing_balance=50_000), header=_header()))[0]
    english = pdf_pages(statement_pdf(rows=rows, summary=_summary(closing_balance=50_000), header=_header("en")))[0]
    assert "1 Mei 2026" in indonesian and "31 Mei 2026" in indonesian and "Rp50.000" in indonesian
    assert "1 May 2026" in english and "Page 1 of 1" in english


def test_a_long_statement_continues_over_numbered_pages_with_its_header_repeated():
    rows, balance = [], 0
    for n in range(1, 301):
        balance += 1_000 * n
        rows.append(_row(n, 1_000 * n, balance))
    pages = pdf_pages(statement_pdf(rows=rows, summary=_summary(closing_balance=balance), header=_header("en")))
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Date (WIB)" in page and "Balance" in page  # the column header on every page
    text = "\n".join(pages)
    assert all(f"so_ref{n:05d}" in text for n in range(1, 301))
    assert f"Rp{balance:,}".replace(",", ".") in pages[-1]  # the closing balance ends the table


def test_every_font_is_embedded_and_the_page_is_a4():
    body = statement_pdf(rows=[_row(1, 5_000, 5_000)], summary=_summary(), header=_header("en"))
    page = PdfReader(io.BytesIO(body)).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in font["/FontDescriptor"].get_object() for font in fonts)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_without_anything_owed_there_is_no_owed_table():
    page = pdf_pages(statement_pdf(rows=[], summary=_summary(), header=_header("en")))[0]
    assert "Opening balance" in page and "Owed to Lapak (refunds after payout)" not in page
