"""`catalogue import` and `catalogue mail`: the coordinators' pipeline."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalogue.cli import EXIT_INVALID, EXIT_OK, Fatal, _context, _display, _plural, main
from catalogue.cli.review import _session
from catalogue.settings import Settings

if TYPE_CHECKING:
    from catalogue.importing import ImportPlan

#: What each outcome of a row is called in the command's output.
_OUTCOME_LINES = {
    "already": "already imported as {id}; skipped",
    "repeat": "the same practice as row {repeats}; imported once",
}


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row; create nothing.")
@click.pass_obj
def import_command(settings: Settings, file: Path, dry_run: bool) -> None:
    """Import practices from a .csv or .xlsx file into the review queue."""
    from catalogue.importing import plan_import, run_import
    from catalogue.importing.reading import MAX_FILE_BYTES
    from catalogue.importing.values import Lexicon

    context = _context(settings)
    shown = _display(file)
    try:
        with file.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)  # enough to know it is too large
    except OSError as error:
        raise Fatal(f"cannot read {shown}: {error.strerror or error}") from None
    with _session(settings) as session:
        plan = plan_import(session, file.name, content, context, Lexicon(context.vocabularies))
        if not dry_run:
            run_import(session, plan, context, actor="cli")
    for row, problem in plan.numbered_problems():
        click.echo(f"{shown}:{row}: {problem.message}")
    for planned in plan.rows:
        line = _OUTCOME_LINES.get(planned.outcome)
        if line:
            text = line.format(id=planned.submission_id, repeats=planned.repeats)
            click.echo(f"{shown}:{planned.row.number}: {text}")
    click.echo(_import_summary(plan, dry_run))
    sys.exit(EXIT_OK if plan.valid else EXIT_INVALID)


def _import_summary(plan: ImportPlan, dry_run: bool) -> str:
    counts = Counter(planned.outcome for planned in plan.rows)
    rows = _plural(len(plan.rows), "row")
    if plan.problems:
        return (
            f"Read {rows} of {plan.file_name}: nothing imported; "
            f"fix the problems of the file listed above first."
        )
    made = (
        f"{counts['new']} would be imported"
        if dry_run
        else f"{counts['imported']} imported as pending submissions"
    )
    parts = [made]
    if counts["already"]:
        parts.append(f"{counts['already']} already imported")
    if counts["repeat"]:
        parts.append(f"{counts['repeat']} repeated in the file")
    if counts["invalid"]:
        parts.append(f"{counts['invalid']} with problems (listed above)")
    return f"Read {rows} of {plan.file_name}: {', '.join(parts)}."


@main.group()
def mail() -> None:
    """Mail to contributors and coordinators: send what is due, list the outbox."""


@mail.command("send")
@click.pass_obj
def send_command(settings: Settings) -> None:
    """Make the daily digests that are due, then send every message whose time has come
    (new ones, and failed ones whose retry delay has passed). Run it from a timer."""
    from catalogue.db import now
    from catalogue.mail import notices
    from catalogue.mail.sending import send_due, transport_for
    from catalogue.mail.site import current_site

    transport = transport_for(settings)
    assert transport is not None  # settings from the environment always name a folder
    with _session(settings) as session:
        notices.digests(session, current_site(), now())
        session.commit()
        report = send_due(session, transport, settings.mail_from)
    where = "to the mail server" if settings.smtp_url else f"to {settings.mail_folder}"
    line = f"Sent {_plural(report.sent, 'message')} {where}"
    if report.failed:
        line += f"; {report.failed} failed and will be retried (see 'catalogue mail list')"
    click.echo(line + ".")
    if report.unreachable:
        click.echo(f"The mail server could not be reached: {report.unreachable}", err=True)
    sys.exit(EXIT_INVALID if report.failed else EXIT_OK)


@mail.command("list")
@click.option("--state", type=click.Choice(("queued", "sent", "failed")), help="Only these.")
@click.pass_obj
def list_command(settings: Settings, state: str | None) -> None:
    """One line per message, newest first: ID, STATE, ATTEMPTS, RECIPIENT, SUBJECT, ERROR."""
    from sqlmodel import col, select

    from catalogue.db import OutboxMessage

    statement = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(1000)
    if state is not None:
        statement = statement.where(OutboxMessage.state == state)
    with _session(settings) as session:
        for message in session.exec(statement):
            error = " ".join((message.last_error or "").split())
            click.echo(
                f"{message.id}\t{message.state}\t{message.attempts}\t{message.recipient}\t"
                f"{message.subject}\t{error}"
            )
