"""Spreadsheet files as rows of cells: ``.csv`` as spreadsheet programs write it (UTF-8
with or without a byte order mark, separated by ``;`` or ``,``) and ``.xlsx`` read with
openpyxl. Whatever the file holds, reading it costs a bounded time and memory."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from catalogue.content.fields import N_
from catalogue.content.validate import FieldProblem

#: The largest file an import reads.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: The most rows of practices (the header row and empty rows aside) one file may hold.
MAX_ROWS = 1000
#: Rows scanned, empty ones included, before a sheet is refused (a sheet can claim a
#: million empty rows in a few bytes).
MAX_SCANNED_ROWS = 20 * MAX_ROWS
#: Columns read; a practice has about 25 fields.
MAX_COLUMNS = 60
#: What the parts of an ``.xlsx`` (a zip archive) may unpack to, together: a small file
#: that unpacks to gigabytes is refused before anything is parsed.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: The longest cell of a CSV file (a description may be 256 KiB).
MAX_CSV_CELL = 1024 * 1024

FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Cell:
    """A cell's value as the spreadsheet holds it, and whether it is a formula."""

    value: Any
    formula: bool = False


@dataclass
class Sheet:
    """The rows of a file, numbered as the spreadsheet numbers them (the header is 1),
    or the problems that kept it from being read (all at row 1)."""

    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


class Unreadable(Exception):
    """A file that cannot be read as a spreadsheet: ``problem`` says why and what to do."""

    def __init__(self, template: str, **params: Any) -> None:
        self.problem = FieldProblem.of(None, template, **params)
        super().__init__(self.problem.message)


def read_sheet(name: str, content: bytes) -> Sheet:
    """The rows of ``content`` (a file called ``name``), or why they cannot be read."""
    try:
        return Sheet(rows=list(_rows(name, content)))
    except Unreadable as unreadable:
        return Sheet(problems=[unreadable.problem])


def _rows(name: str, content: bytes) -> Iterator[tuple[int, list[Cell]]]:
    if len(content) > MAX_FILE_BYTES:
        raise Unreadable(
            N_(
                "the file has %(size)s; an import reads at most %(limit)s: split it into "
                "smaller files"
            ),
            size=_megabytes(len(content)),
            limit=_megabytes(MAX_FILE_BYTES),
        )
    suffix = name.lower().rpartition(".")[2]
    if suffix == "xlsx":
        rows = _xlsx_rows(content)
    elif suffix == "csv":
        rows = _csv_rows(content)
    else:
        raise Unreadable(
            N_("'%(file)s' is neither a .csv nor an .xlsx file; save the spreadsheet as one"),
            file=name,
        )
    kept = 0
    for scanned, (number, cells) in enumerate(rows, start=1):
        if scanned > MAX_SCANNED_ROWS:
            raise Unreadable(
                N_("the sheet has more than %(limit)d rows, empty ones included; delete them"),
                limit=MAX_SCANNED_ROWS,
            )
        if not any(_filled(cell.value) for cell in cells):
            continue
        kept += 1
        if kept > MAX_ROWS + 1:  # the header, then MAX_ROWS practices
            raise Unreadable(
                N_(
                    "the file has more than %(limit)d practices; split it into files of at "
                    "most %(limit)d rows"
                ),
                limit=MAX_ROWS,
            )
        yield number, cells


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Cell]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            N_(
                "the file is not UTF-8 text (byte %(position)d); save it from your spreadsheet "
                "program as 'CSV UTF-8'"
            ),
            position=error.start + 1,
        ) from None
    if "\x00" in text:
        raise Unreadable(N_("the file holds NUL characters: it is not a CSV file"))
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, record in enumerate(reader, start=1):
            yield number, [Cell(value) for value in record[:MAX_COLUMNS]]
    except csv.Error as error:
        raise Unreadable(
            N_("the CSV file cannot be read after row %(row)d: %(reason)s"),
            row=reader.line_num,
            reason=str(error),
        ) from None


def _delimiter(text: str) -> str:
    """``;`` or ``,`` (or a tab): whichever the header row uses; field names hold none."""
    header = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=header.count)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Cell]]]:
    _check_archive(content)
    from openpyxl import load_workbook

    try:
        # Not data_only: a formula must be seen as one, and refused at its row.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(
            N_("the file cannot be read as an .xlsx spreadsheet: %(reason)s"),
            reason=str(error) or type(error).__name__,
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            yield number, [_xlsx_cell(cell) for cell in row]
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as error:
        raise Unreadable(
            N_("the file cannot be read as an .xlsx spreadsheet: %(reason)s"),
            reason=str(error) or type(error).__name__,
        ) from None
    finally:
        book.close()


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable(
            N_("the file is not an .xlsx spreadsheet (not a zip archive); save it again as .xlsx")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(
            N_("the spreadsheet unpacks to %(size)s, over the %(limit)s an import reads; split it"),
            size=_megabytes(unpacked),
            limit=_megabytes(MAX_UNPACKED_BYTES),
        )


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Cell(value, formula=getattr(cell, "data_type", None) == "f")


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would have typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).strip()
