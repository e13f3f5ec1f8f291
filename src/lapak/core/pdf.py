"""Page furniture shared by Lapak's PDFs (the sellers' statements, the regulators' monthly summary): Bitstream Vera
(shipped with reportlab, so Indonesian text renders the same everywhere) embedded as LapakSans, a canvas that
writes "page n of m" and a footer on every page, and the paragraph styles."""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "LapakSans", "LapakSans-Bold"
MARGIN = 15 * mm


def fonts_register() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def numbered_canvas(label: str, footer: str) -> type[Canvas]:
    """A canvas that holds every page until the end, so each can say "page n of m" (`label` takes %(page)d and
    %(pages)d)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.grey)
                self.drawString(MARGIN, 9 * mm, footer)
                self.drawRightString(A4[0] - MARGIN, 9 * mm, label % {"page": number, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def paragraph_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9)
    return {"cell": base,
            "text": ParagraphStyle("text", parent=base, fontSize=9, leading=12),
            "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20),
            "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)}
