"""The product import file: its columns, its limits, and reading it into rows (no rules of the catalogue here).

One row per variant; rows with the same `product_ref` form one product, whose fields are read from the first of
them (later rows leave those cells empty or repeat them). The header is row 1, so row numbers in error reports
are the ones a spreadsheet shows. Encoding UTF-8 (a byte-order mark is fine: Excel's "CSV UTF-8" writes one);
delimiter comma or semicolon (Excel in Indonesian and other comma-decimal locales writes ';').
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed

MAX_BYTES = 5 * 1024 * 1024
# Every row goes through the same services as the editor (~25 queries with stock): 2,000 rows take about
# 4 s on SQLite and 12 s on PostgreSQL here, which is as long as a page request should run.
MAX_ROWS = 2_000
MAX_ERRORS = 1_000  # enough to fix a file by; beyond it the count alone is reported


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    product: bool  # read from the first row of each product
    help: str | Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("product_ref", True, False, _("Your own short name for the product. Rows with the same one are "
                                         "variants of one product; it is not stored."), "KAOS-01"),
    Column("category", True, True, _("The category's code, from the list on this page."), "pakaian"),
    Column("title", True, True, _("The product's title, 3 to 200 characters."), "Kaos Katun Lengan Pendek"),
    Column("description_id", True, True, _("The description in Bahasa Indonesia (required for Indonesia)."),
           "Kaos katun nyaman untuk sehari-hari."),
    Column("description_en", False, True, _("The description in English."), "Comfortable cotton T-shirt."),
    Column("origin", False, True, _("domestic (the default), imported_local or cross_border_direct."), "domestic"),
    Column("origin_country", False, True, _("Two-letter country code; ID for products made in Indonesia."), "ID"),
    Column("hs_code", False, True, _("The 8-digit HS code (required for cross-border products)."), ""),
    Column("fob_value_usd", False, True, _("FOB value in US dollars, such as 12.50 (cross-border products)."), ""),
    Column("sku", True, False, _("The variant's SKU, unique among all your products."), "KAOS-01-M-MERAH"),
    Column("price", True, False, _("Price in whole rupiah, such as 75000 or 75.000."), "75000"),
    Column("options", False, False, _("Options as name: value pairs separated by |, such as size: M | colour: "
                                      "Merah."), "size: M | colour: Merah"),
    Column("weight_grams", True, False, _("Shipping weight in grams."), "250"),
    Column("length_mm", True, False, _("Packed length in millimetres."), "300"),
    Column("width_mm", True, False, _("Packed width in millimetres."), "200"),
    Column("height_mm", True, False, _("Packed height in millimetres."), "20"),
    Column("active", False, False, _("yes (the default) or no: whether the variant can be bought."), "yes"),
    Column("stock_quantity", False, False, _("Units to put on the shelf now; empty or 0 for none."), "10"),
    Column("warehouse", False, False, _("The warehouse's name or code (wh_…) for the stock; may be empty if you "
                                        "have one warehouse."), ""),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
PRODUCT_COLUMNS = tuple(c.name for c in COLUMNS if c.product)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as a spreadsheet numbers it (1 is the header; 0 is the file as a whole), and the column
    it is in ("" for the whole row or file)."""

    row: int
    column: str
    message: str | Promise


class CsvImportFailed(ValidationFailed):
    """Nothing was imported; `errors` lists every problem found (up to MAX_ERRORS; `total` counts them all)."""

    code = "csv_import_failed"
    default_message = _("Nothing was imported. Correct the problems listed and upload the file again.")

    def __init__(self, errors: list[RowError]) -> None:
        self.total = len(errors)
        self.errors = sorted(errors, key=lambda e: (e.row, COLUMN_NAMES.index(e.column)
                                                    if e.column in COLUMN_NAMES else -1))[:MAX_ERRORS]
        fields: dict[str, list] = {}
        for error in self.errors:
            fields.setdefault(f"rows.{error.row}.{error.column or 'row'}", []).append(error.message)
        super().__init__(fields=fields)


@dataclass
class CsvRow:
    number: int
    cells: dict[str, str] = field(default_factory=dict)


def template_csv() -> str:
    """A file to start from: the header and one example row (UTF-8 with a BOM, so Excel reads it right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow([c.example for c in COLUMNS])
    return "\ufeff" + out.getvalue()


def csv_rows(data: bytes) -> tuple[list[CsvRow], list[RowError]]:
    """The file's data rows as cells by column name (blank rows skipped) and the rows' structural problems;
    CsvImportFailed when the file as a whole cannot be read (size, encoding, header, quoting, row count)."""
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is larger than %(mb)d MB; split it into smaller files.")
                          % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(_("The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8\".")) from None
    if "\x00" in text or not text.strip():
        raise _file_error(_("The file is empty or is not a CSV text file."))
    delimiter = _delimiter(text)
    hint, _newline, rest = text.partition("\n")
    if hint.strip() in ("sep=,", "sep=;"):  # Excel's own delimiter line, which it hides from the sheet
        delimiter, text = hint.strip()[-1], rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    number = 0  # the last record read whole; a quoting error is in the next one
    try:
        header = [name.strip().lower() for name in next(reader, None) or []]
        _check_header(header)
        number = 1
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue  # spreadsheets leave empty rows (or rows of bare delimiters) at the end
            if len(rows) >= MAX_ROWS:
                raise _file_error(_("The file has more than %(max)s rows; split it into smaller files.")
                                  % {"max": f"{MAX_ROWS:,}"})
            if any(cell.strip() for cell in record[len(header):]):
                errors.append(RowError(number, "", _("This row has more cells than the header has columns.")))
            cells = {name: (record[i] if i < len(record) else "").strip() for i, name in enumerate(header) if name}
            rows.append(CsvRow(number=number, cells=cells))
    except csv.Error:
        raise _file_error(_("Row %(row)d cannot be read: check its quotes, or a cell is too long.")
                          % {"row": number + 1}) from None
    if not rows and not errors:
        raise _file_error(_("The file has no product rows under its header."))
    return rows, errors


def _delimiter(text: str) -> str:
    """Whichever of ',' and ';' splits the first line into more known column names (',' on a tie)."""
    first = text.splitlines()[0] if text.splitlines() else ""

    def known(delimiter: str) -> int:
        try:
            names = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(name.strip().lower() in COLUMN_NAMES for name in names)

    return ";" if known(";") > known(",") else ","


def _check_header(header: list[str]) -> None:
    errors = []
    seen: set[str] = set()
    for name in header:
        if name and name not in COLUMN_NAMES:
            errors.append(RowError(1, "", _("Unknown column \"%(name)s\".") % {"name": name[:40]}))
        elif name and name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            errors.append(RowError(1, name, _("The column is missing from the header row.")))
    if errors:
        raise CsvImportFailed(errors)


def _file_error(message: str | Promise) -> CsvImportFailed:
    return CsvImportFailed([RowError(0, "", message)])
