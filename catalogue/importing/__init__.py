"""Importing partners' spreadsheets: each row checked by the same validator as the web
form, valid rows received as pending submissions into the same review queue, marked with
their file and row, and never imported twice. The command line (``catalogue import``) and
the back office's upload both call ``plan_import`` then ``run_import``."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlmodel import Session, col, select

from catalogue.content.fields import N_, Context
from catalogue.content.validate import FieldProblem
from catalogue.db import Submission
from catalogue.importing.reading import read_sheet
from catalogue.importing.rows import Row, read_header, read_row
from catalogue.importing.values import Lexicon

#: What a row becomes: ``new`` (a submission, once imported), ``imported`` (it was, now),
#: ``already`` (a submission of an earlier import has the same content), ``repeat`` (an
#: earlier row of the file has it), ``invalid`` (it has problems).
OUTCOMES = ("new", "imported", "already", "repeat", "invalid")


@dataclass
class PlannedRow:
    """A row and what it becomes."""

    row: Row
    outcome: str = "new"
    #: The submission it became or already is; for a repeat, the row it repeats.
    submission_id: str | None = None
    repeats: int | None = None

    @property
    def title(self) -> str:
        """The practice's title as the row gives it."""
        return str(self.row.fields.get("title", ""))

    @property
    def country(self) -> str:
        """The country code as the row gives it (after names were turned into codes)."""
        return str(self.row.fields.get("country", ""))


@dataclass
class ImportPlan:
    """A file read and checked row by row; nothing is stored until ``run_import``."""

    file_name: str
    #: Problems of the whole file or its header row (reported at row 1): with any, no
    #: row is imported.
    problems: list[FieldProblem] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def importable(self) -> list[PlannedRow]:
        """The rows that would become new submissions."""
        return [] if self.problems else [r for r in self.rows if r.outcome == "new"]

    @property
    def valid(self) -> bool:
        """True when the file and every row are free of problems."""
        return not self.problems and all(r.outcome != "invalid" for r in self.rows)

    def numbered_problems(self) -> list[tuple[int, FieldProblem]]:
        """Every problem with its row number (1 for the file and its header), in order."""
        found = [(1, problem) for problem in self.problems]
        found += [(r.row.number, p) for r in self.rows for p in r.row.problems]
        return found


def plan_import(
    session: Session, file_name: str, content: bytes, context: Context, lexicon: Lexicon
) -> ImportPlan:
    """Read and check ``content``; say for each row what it would become."""
    name = PurePath(file_name).name
    sheet = read_sheet(name, content)
    plan = ImportPlan(name, list(sheet.problems))
    if not sheet.rows:
        if not plan.problems:
            plan.problems.append(FieldProblem.of(None, N_("the file is empty: nothing to import")))
        return plan
    (_, header_cells), *rest = sheet.rows
    header = read_header(header_cells)
    plan.problems += header.problems
    seen: dict[str, int] = {}
    for number, cells in rest:
        planned = PlannedRow(read_row(number, cells, header, lexicon, context))
        if not planned.row.valid:
            planned.outcome = "invalid"
        elif planned.row.key in seen:
            planned.outcome, planned.repeats = "repeat", seen[planned.row.key]
        else:
            seen[planned.row.key] = number
        plan.rows.append(planned)
    _mark_already_imported(session, plan)
    if not plan.rows and not plan.problems:
        plan.problems.append(
            FieldProblem.of(None, N_("the file has a header row but no practices"))
        )
    return plan


def _mark_already_imported(session: Session, plan: ImportPlan) -> None:
    wanted = {r.row.key: r for r in plan.rows if r.outcome == "new"}
    if not wanted:
        return
    statement = select(Submission.import_key, Submission.id).where(
        col(Submission.import_key).in_(list(wanted))
    )
    for key, submission_id in session.exec(statement):
        planned = wanted[str(key)]
        planned.outcome, planned.submission_id = "already", submission_id


def run_import(
    session: Session,
    plan: ImportPlan,
    context: Context,
    *,
    actor: str,
    until: float | None = None,
) -> list[Submission]:
    """Receive every importable row as a pending submission; a row that another import
    took meanwhile is left alone. Coordinators hear of the import once.

    With ``until`` (a ``time.monotonic()`` value), no row but the first is started after
    it: the rows left keep the outcome ``new``, for another run (a web request must end).
    """
    from catalogue.mail import notify_import
    from catalogue.submissions import SubmissionRefused, receive

    made: list[Submission] = []
    _mark_already_imported(session, plan)
    for planned in plan.importable:
        if until is not None and made and time.monotonic() > until:
            break  # at least one row a run: each run moves on
        row, key = planned.row, planned.row.key
        # An import is not a stranger's flood: each row counts as a sender of its own,
        # so the limit on submissions per address never stops a file halfway.
        sender = hashlib.sha256(f"import\0{key}".encode()).hexdigest()
        try:
            submission = receive(
                session, row.incoming(), context=context, source="import", sender=sender
            )
        except SubmissionRefused as refused:  # the validator is the same: only a race
            row.problems.append(FieldProblem(None, refused.message))
            planned.outcome = "invalid"
            continue
        submission.import_source, submission.import_row = plan.file_name, row.number
        submission.import_key = key
        session.add(submission)  # committed with the next row's, or below: a commit less
        planned.outcome, planned.submission_id = "imported", submission.id
        made.append(submission)
    session.commit()
    notify_import(session, len(made), plan.file_name, by=actor)
    return made
