"""Rows for spreadsheet programs (CSV now, XLSX later): text that they would run as a
formula is written so that it stays text."""

from __future__ import annotations

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a
#: formula (or, for tab and carriage return, that they skip before reading one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a cell that a spreadsheet shows and never evaluates: text starting
    like a formula gets a leading single quote; other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
