"""One row of a spreadsheet as a contribution: its cells turned into the fields of a
practice (lists split at ``;``, names turned into ids), then checked by the one validator,
every problem kept with its row."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from catalogue.content.fields import FIELD_NAMES, N_, RULES, Context
from catalogue.content.suggest import did_you_mean
from catalogue.content.validate import FieldProblem
from catalogue.importing.reading import Cell, cell_text
from catalogue.importing.values import FIELD_KINDS, Lexicon, ValueMiss
from catalogue.mail.addresses import AddressRefused, recipient_address
from catalogue.submissions import MAX_BODY_BYTES, Incoming, check_incoming

#: The columns an import reads: the fields of an original practice, then these two.
COLUMNS: tuple[str, ...] = (*FIELD_NAMES, "body", "submitter_email")
LIST_FIELDS = frozenset(
    {"target_groups", "activity_types", "languages", "partners", "tags", "partner_types"}
)
WHOLE_NUMBERS = frozenset({"year_started", "year_ended"})
TRUTH = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
#: The columns without which no row can be valid (``added`` is set on approval).
REQUIRED_COLUMNS = (*(r.name for r in RULES if r.required and r.name != "added"), "body")
#: Separates the values of a list field in one cell.
SEPARATOR = ";"


@dataclass
class Header:
    """Column index -> field, and what is wrong with the header row."""

    columns: dict[int, str]
    problems: list[FieldProblem]


def column_letter(index: int) -> str:
    """``A`` for the first column, ``AA`` for the 27th, as spreadsheets name them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_header(cells: Sequence[Cell]) -> Header:
    """The fields the header row names; unknown, repeated and missing ones are problems."""
    columns: dict[int, str] = {}
    problems: list[FieldProblem] = []
    for index, cell in enumerate(cells):
        name = cell_text(cell.value).lower() if cell.value is not None else ""
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(
                FieldProblem.of(
                    None,
                    N_("column %(column)s: '%(heading)s' is not a field name%(hint)s"),
                    column=column_letter(index),
                    heading=name,
                    hint=did_you_mean(name, COLUMNS),
                )
            )
        elif name in columns.values():
            problems.append(
                FieldProblem.of(
                    None,
                    N_("column %(column)s: '%(heading)s' is a second column of that name"),
                    column=column_letter(index),
                    heading=name,
                )
            )
        else:
            columns[index] = name
    for required in REQUIRED_COLUMNS:
        if required not in columns.values():
            problems.append(
                FieldProblem.of(
                    None, N_("the header row has no column '%(heading)s'"), heading=required
                )
            )
    return Header(columns, problems)


@dataclass
class Row:
    """A row of practices as it would be imported."""

    number: int
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    email: str | None = None
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when the row can become a submission."""
        return not self.problems

    @property
    def key(self) -> str:
        """A fingerprint of what the row proposes: the same practice imported again from
        this or another file has the same one."""
        content = json.dumps(
            {"fields": self.fields, "body": self.body.strip()}, sort_keys=True, default=str
        )
        return hashlib.sha256(content.encode()).hexdigest()

    def incoming(self) -> Incoming:
        """The row as a contribution, for ``submissions.receive``."""
        return Incoming(dict(self.fields), self.body, self.email)


def read_row(
    number: int, cells: Sequence[Cell], header: Header, lexicon: Lexicon, context: Context
) -> Row:
    """The row's fields, then every problem of the practice they make."""
    row = Row(number)
    reported: set[str] = set()
    for index, cell in enumerate(cells):
        name = header.columns.get(index)
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        problem = _cell_problem(index, name, cell)
        if problem is not None:
            row.problems.append(problem)
            reported.add(name or "")
            continue
        assert name is not None  # _cell_problem refuses a value without a column
        try:
            _take(row, name, cell.value, lexicon)
        except ValueMiss as miss:
            row.problems.append(_problem(name, miss.template, miss.params))
            reported.add(name)
    if len(row.body.encode()) > MAX_BODY_BYTES:
        row.problems.append(
            FieldProblem.of(
                "body", N_("body is over %(limit)d KiB; shorten it"), limit=MAX_BODY_BYTES // 1024
            )
        )
        return row
    checked = check_incoming(row.incoming(), context)
    row.problems += [problem for problem in checked if problem.field not in reported]
    return row


def _cell_problem(index: int, name: str | None, cell: Cell) -> FieldProblem | None:
    column = column_letter(index)
    if name is None:
        return FieldProblem.of(
            None,
            N_("column %(column)s has a value but no field name in the header row"),
            column=column,
        )
    text = cell_text(cell.value)
    if cell.formula or text.startswith("="):
        template = N_(
            "%(field)s (column %(column)s) is a formula; an import takes values only: "
            "type the value itself"
        )
        return _problem(name, template, {"field": name, "column": column})
    return None


def _problem(name: str, template: str, params: dict[str, Any]) -> FieldProblem:
    """A problem of field ``name`` whose message also names a field (``%(field)s``)."""
    return FieldProblem(name, template % params, template, params)


def _take(row: Row, name: str, value: Any, lexicon: Lexicon) -> None:
    """Put one cell's value into the row, as the field rules expect it."""
    text = cell_text(value)
    if name == "body":
        row.body = str(value)
    elif name == "submitter_email":
        try:
            row.email = recipient_address(text)
        except AddressRefused:
            raise ValueMiss(
                N_("%(field)s '%(value)s' is not an email address"), field=name, value=text
            ) from None
    elif name in LIST_FIELDS:
        items = [item.strip() for item in text.split(SEPARATOR) if item.strip()]
        row.fields[name] = [_value(name, item, lexicon) for item in items]
    elif name in WHOLE_NUMBERS:
        row.fields[name] = int(text) if text.isascii() and text.isdigit() else value
    elif name == "draft":
        row.fields[name] = value if isinstance(value, bool) else TRUTH.get(text.lower(), text)
    else:
        row.fields[name] = _value(name, text, lexicon)


def _value(name: str, text: str, lexicon: Lexicon) -> str:
    return lexicon.find(name, text) if name in FIELD_KINDS else text
