"""Rows for spreadsheet programs (CSV and XLSX): text that they would run as a formula is
written so that it stays text."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a
#: formula (or, for tab and carriage return, that they skip before reading one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a cell that a spreadsheet shows and never evaluates: text starting
    like a formula gets a leading single quote; other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Link:
    """A cell that shows ``text`` and opens ``url``."""

    text: str
    url: str


#: The widest a column is made, in characters.
MAX_WIDTH = 60


def write_table(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A header row that stays in view and filters, safe cells, links, fitted widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([safe_cell(name) for name in header])
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    widths = [len(str(name)) for name in header]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell: Any = sheet.cell(number, column)  # the stubs know no ``object`` value
            if isinstance(value, Link):
                cell.value, cell.hyperlink, cell.style = (
                    safe_cell(value.text),
                    value.url,
                    "Hyperlink",
                )
            else:
                cell.value = safe_cell(value)
            if number <= 200:  # enough rows to judge a column's width by
                widths[column - 1] = max(widths[column - 1], len(str(cell.value or "")))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)


def workbook_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> bytes:
    """An .xlsx file of (title, header, rows) sheets."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        write_table(book.create_sheet(_sheet_title(title)), header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """``title`` as Excel accepts a sheet's name: 31 characters, none of ``[]:*?/\\``."""
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31].strip() or "Sheet"
