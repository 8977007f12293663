"""Cells for spreadsheet programs never run as formulas."""

from __future__ import annotations

import pytest

from catalogue.spreadsheet import safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example","Org")', '\'=HYPERLINK("http://evil.example","Org")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Riga welcome desk", "Riga welcome desk"),
        ("", ""),
        (7, 7),
    ],
)
def test_text_that_looks_like_a_formula_stays_text(value: object, cell: object) -> None:
    assert safe_cell(value) == cell
