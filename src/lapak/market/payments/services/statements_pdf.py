"""The seller's statement as a PDF (issue 6 part 6): the same postings as the CSV, laid out for reading and for the
shop's tax records (ID-TAX-2: the commission and the PPh 22 withheld in the period).

A pure function of its inputs (rows, figures, shop, period, language, time): it reads no database, so the view
decides who may see what. A4, a table that continues over pages with its header repeated, "page n of m" on
every page, rupiah as Indonesians write them (Rp1.234.567), times in WIB. The font is Bitstream Vera, shipped
inside reportlab and embedded in the file, so the PDF looks the same on every reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lapak.core.money import Money
from lapak.core.pdf import BOLD, FONT, MARGIN, fonts_register, numbered_canvas, paragraph_styles
from lapak.market.payments.selectors_payouts import BALANCE, OWED, StatementRow, StatementSummary

WIB = ZoneInfo("Asia/Jakarta")
_BABEL = {"id": "id_ID", "en": "en_ID"}
# 174 mm of the 180 between the margins. An order's or payout's reference (30 characters) stays on one line
# under its description; amounts up to Rp999.999.999.999 fit their columns.
WIDTHS = [20 * mm, 73 * mm, 27 * mm, 27 * mm, 27 * mm]




@dataclass(frozen=True)
class StatementHeader:
    shop_name: str
    shop_id: str
    start: date
    end: date
    generated_at: datetime
    language: str = "id"


def rupiah(amount: int, language: str) -> str:
    return Money(amount, "IDR").format(language)


def row_description(row: StatementRow) -> str:
    """What a posting was, in the reader's words (the ledger memo is for staff)."""
    if row.cause_type == "escrow_release":
        return _("Escrow released for an order")
    if row.cause_type == "payout":
        return _("Payout refused by the bank, returned") if row.reversal else _("Payout to your bank account")
    if row.cause_type == "refund_request":
        return _("Refund to a buyer after payout: owed to Lapak") if row.account == OWED else _(
            "Refund to a buyer after escrow release")
    if row.cause_type == "receivable_netting":
        return _("Settled from your balance") if row.account == OWED else _("Set off against what you owe Lapak")
    return row.memo






def _table(data: list[list], *, header_rows: int = 1, total_rows: int = 0) -> Table:
    table = Table(data, colWidths=WIDTHS, repeatRows=header_rows)
    style = [("FONT", (0, 0), (-1, -1), FONT, 7.5), ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
             ("FONT", (0, 1), (-1, 1), BOLD, 7.5)]
    if total_rows:
        style += [("FONT", (0, -total_rows), (-1, -1), BOLD, 7.5),
                  ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.6, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _postings_table(rows: list[StatementRow], *, opening: int, closing: int, lang: str,
                    styles: dict[str, ParagraphStyle], opening_label: str, closing_label: str) -> Table:
    """Debit = against the shop (its balance went down, or what it owes Lapak went up); credit = in its favour."""
    head = [_("Date (WIB)"), _("Description and reference"), _("Debit"), _("Credit"), _("Balance")]
    data: list[list] = [head, ["", Paragraph(escape(opening_label), styles["cell"]), "", "", rupiah(opening, lang)]]
    debits = credits = 0
    for row in rows:
        against_shop = (row.amount < 0) == (row.account == BALANCE)
        amount = abs(row.amount)
        debits += amount if against_shop else 0
        credits += 0 if against_shop else amount
        when = format_datetime(row.at, "dd/MM/yyyy'<br/>'HH:mm", tzinfo=WIB, locale=_BABEL.get(lang, lang))
        what = f'{escape(row_description(row))}<br/><font size="7" color="#4b5563">{escape(row.cause_id)}</font>'
        data.append([Paragraph(when, styles["cell"]), Paragraph(what, styles["cell"]),
                     rupiah(amount, lang) if against_shop else "", "" if against_shop else rupiah(amount, lang),
                     rupiah(row.balance_after, lang)])
    data.append(["", Paragraph(escape(closing_label), styles["cell"]), rupiah(debits, lang),
                 rupiah(credits, lang), rupiah(closing, lang)])
    return _table(data, total_rows=1)


def statement_pdf(*, rows: Iterable[StatementRow], summary: StatementSummary, header: StatementHeader) -> bytes:
    """The statement as PDF bytes, in `header.language` ("id" or "en"). Every row appears once, in order, in the
    table of its account (the shop's balance, or what it owes Lapak; the second only when there is any)."""
    fonts_register()
    lang = header.language
    with translation.override(lang):
        styles = paragraph_styles()
        rows = list(rows)
        babel = _BABEL.get(lang, lang)
        period = _("%(start)s to %(end)s") % {"start": format_date(header.start, "d MMMM y", locale=babel),
                                               "end": format_date(header.end, "d MMMM y", locale=babel)}
        generated = format_datetime(header.generated_at, "dd/MM/yyyy HH:mm", tzinfo=WIB, locale=babel) + " WIB"
        story: list = [
            Paragraph("Lapak", styles["h1"]),
            Paragraph(escape(_("Statement of account")), styles["h2"]),
            Paragraph(escape(_("Shop: %(name)s (%(id)s)") % {"name": header.shop_name, "id": header.shop_id}),
                      styles["text"]),
            Paragraph(escape(_("Period: %(period)s") % {"period": period}), styles["text"]),
            Paragraph(escape(_("Generated: %(at)s") % {"at": generated}), styles["text"]),
            Spacer(1, 4 * mm),
            _summary(summary, lang),
            Paragraph(escape(_("Your balance with Lapak")), styles["h2"]),
            _postings_table([r for r in rows if r.account == BALANCE], opening=summary.opening_balance,
                            closing=summary.closing_balance, lang=lang, styles=styles,
                            opening_label=_("Opening balance"), closing_label=_("Totals and closing balance")),
        ]
        owed = [r for r in rows if r.account == OWED]
        if owed or summary.opening_owed or summary.closing_owed:
            story += [Paragraph(escape(_("Owed to Lapak (refunds after payout)")), styles["h2"]),
                      Paragraph(escape(_("Set off against your balance before your next payout.")), styles["text"]),
                      _postings_table(owed, opening=summary.opening_owed, closing=summary.closing_owed, lang=lang,
                                      styles=styles, opening_label=_("Owed at the start"),
                                      closing_label=_("Totals and owed at the end"))]
        buffer = BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=18 * mm, initialFontName=FONT, title=_("Statement of account"),
                                author="Lapak",
                                subject=f"{header.shop_id} {header.start.isoformat()}..{header.end.isoformat()}")
        footer = f"Lapak · {header.shop_name} · {header.shop_id}"
        doc.build(story, canvasmaker=numbered_canvas(_("Page %(page)d of %(pages)d"), footer))
    return buffer.getvalue()


def _summary(summary: StatementSummary, lang: str) -> Table:
    lines = [
        (_("Opening balance"), summary.opening_balance), (_("Closing balance"), summary.closing_balance),
        (_("Owed to Lapak at the end"), summary.closing_owed), (_("Set off in the period"), summary.netted),
        (_("Goods released to you in the period"), summary.goods),
        (_("Commission charged in the period"), summary.commission),
        (_("PPh 22 withheld in the period"), summary.pph22),
        (_("PPh 22 given back on refunds in the period"), summary.pph22_returned),
    ]
    data = [[label, rupiah(amount, lang)] for label, amount in lines]
    data.append([_("Escrow releases in the period"), str(summary.releases)])
    table = Table(data, colWidths=[80 * mm, 40 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("FONT", (0, 0), (-1, 1), BOLD, 8.5),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.4, colors.grey)]))
    return table
