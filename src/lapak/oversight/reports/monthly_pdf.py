"""The monthly summary as a PDF, laid out as the seller statements are (payments/services/statements_pdf.py):
A4, Bitstream Vera embedded (shipped inside reportlab), "page n of m", rupiah as Indonesians write them, times
in the jurisdiction's civil time, in the reader's language (Indonesian by default, or English).

A pure function of the gathered summary: it reads no database and decides nothing about who may see what."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lapak.core.money import Money
from lapak.core.pdf import BOLD, FONT, MARGIN, fonts_register, numbered_canvas, paragraph_styles
from lapak.oversight.figures.base import Column
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD
from lapak.oversight.reports.monthly import MonthlySummary
from lapak.oversight.reports.results import FieldResult

_BABEL = {"id": "id_ID", "en": "en_ID"}
USABLE = A4[0] - 2 * MARGIN
MAX_COLUMNS = 5
DASH = "—"


def cell_text(value: Any, kind: str, lang: str, unit: str = "IDR") -> str:
    """One value as a reader writes it; a suppressed cell (None) as a dash."""
    locale = _BABEL.get(lang, lang)
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if kind == "money":
        return Money(int(value), unit or "IDR").format(lang)
    if kind == "share":
        return format_percent(value, "#,##0.0 %", locale=locale)
    if kind == "count" and isinstance(value, int | float):
        return format_decimal(value, locale=locale)
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _own_table(own: list[FieldResult], lang: str, styles: dict) -> Table:
    data = []
    for result in own:
        value = result.values[0] if result.values else None
        kind = "money" if result.field.unit == "IDR" else "count"
        shown = value.value if value is not None else None
        data.append([Paragraph(escape(str(result.field.label)), styles["cell"]),
                     cell_text(shown, kind, lang, (value.unit if value else "") or "IDR")])
    table = Table(data, colWidths=[90 * mm, 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("FONT", (1, 0), (1, -1), BOLD, 8.5),
                               ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.4, colors.grey)]))
    return table


def _figure_table(columns: list[Column], rows: list[dict], lang: str, styles: dict) -> Table:
    shown = [c for c in columns if c.kind in ("dimension", "date", "text")][:2]
    shown += [c for c in columns if c.kind in ("count", "money", "share")][:MAX_COLUMNS - len(shown)]
    head = [Paragraph(escape(str(c.label)), styles["cell"]) for c in shown]
    data = [head] + [[Paragraph(escape(cell_text(row.get(c.key), c.kind, lang)), styles["cell"])
                      for c in shown] for row in rows]
    table = Table(data, colWidths=[USABLE / len(shown)] * len(shown), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 7.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")])]))
    return table


def _anchor(summary: MonthlySummary, lang: str) -> str:
    head = summary.tree_head
    if not head:
        return _("The audit log had no signed tree head yet when this summary was made.")
    signed = format_datetime(head["timestamp_ms"] / 1000, "dd/MM/yyyy HH:mm", tzinfo=summary.period.zone,
                             locale=_BABEL.get(lang, lang))
    return (_("Anchored in the audit log: signed tree head of size %(size)d, root %(root)s, signed %(at)s by key "
              "%(key)s.") % {"size": head["tree_size"], "root": head["root_hash"], "at": signed,
                             "key": head["key_id"]})


def monthly_pdf(*, summary: MonthlySummary, language: str = "id") -> bytes:
    """The summary as PDF bytes in `language` ("id" or "en")."""
    fonts_register()
    lang = language if language in _BABEL else "id"
    period = summary.period
    with translation.override(lang):
        styles = paragraph_styles()
        babel = _BABEL[lang]
        month = format_date(period.first, "MMMM y", locale=babel)
        generated = format_datetime(summary.generated_at, "dd/MM/yyyy HH:mm zzz", tzinfo=period.zone, locale=babel)
        story: list = [
            Paragraph("Lapak", styles["h1"]),
            Paragraph(escape(_("Monthly oversight summary")), styles["h2"]),
            Paragraph(escape(_("Jurisdiction: %(code)s · Month: %(month)s") % {"code": period.jurisdiction,
                                                                               "month": month}), styles["text"]),
            Paragraph(escape(_("Generated: %(at)s") % {"at": generated}), styles["text"]),
        ]
        if not period.complete:
            story.append(Paragraph(escape(_("Provisional: the month has not ended.")), styles["text"]))
        story += [Spacer(1, 3 * mm), _own_table(summary.own, lang, styles)]
        for figure in summary.figures:
            story.append(_figure_block(figure, lang, styles))
        story += [Paragraph(escape(_("Privacy")), styles["h2"]),
                  Paragraph(escape(_("Aggregates only. A cell with fewer than %(n)d distinct sellers or buyers behind "
                                     "it is suppressed (shown as “—”, or “<10” for a count of people), and so is the "
                                     "next smallest cell when only one would be, so it cannot be recovered from a "
                                     "total.") % {"n": SUPPRESSION_THRESHOLD}), styles["text"]),
                  Paragraph(escape(_("Evidence")), styles["h2"]),
                  Paragraph(escape(_anchor(summary, lang)), styles["text"])]
        buffer = BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=18 * mm, initialFontName=FONT, title=_("Monthly oversight summary"),
                                author="Lapak", subject=f"{period.jurisdiction} {period.label}")
        footer = f"Lapak · {period.jurisdiction} · {period.label}"
        doc.build(story, canvasmaker=numbered_canvas(_("Page %(page)d of %(pages)d"), footer))
    return buffer.getvalue()


def _figure_block(figure: Any, lang: str, styles: dict) -> KeepTogether:
    parts: list = [Paragraph(escape(str(figure.title)), styles["h2"])]
    if figure.error:
        parts.append(Paragraph(escape(_("Unavailable: %(reason)s") % {"reason": figure.error}), styles["text"]))
        return KeepTogether(parts)
    for label, value in figure.headline:
        parts.append(Paragraph(f"{escape(str(label))}: <b>{escape(str(value))}</b>", styles["text"]))
    if figure.rows:
        parts.append(Spacer(1, 1.5 * mm))
        parts.append(_figure_table(figure.columns, figure.rows, lang, styles))
        if figure.rows_total > len(figure.rows):
            parts.append(Paragraph(escape(_("First %(shown)d of %(total)d rows; the full table is on the portal.")
                                          % {"shown": len(figure.rows), "total": figure.rows_total}), styles["cell"]))
    elif not figure.headline:
        parts.append(Paragraph(escape(_("No data for this month.")), styles["text"]))
    return KeepTogether(parts)
