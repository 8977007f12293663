"""Reviewing and curating: contributions, accounts, featured practices."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import click

from catalogue.cli import Fatal, _context, _display, main, run_index
from catalogue.content.fields import FieldError
from catalogue.i18n import LOCALES
from catalogue.settings import Settings

if TYPE_CHECKING:
    from sqlmodel import Session

# The database layer loads in a quarter of a second: only the commands that use it import it.
STATUSES = ("pending", "approved", "rejected", "invalid")


@main.group()
def submissions() -> None:
    """Review contributions: list, approve, reject."""


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    from sqlmodel import Session

    from catalogue.db import make_engine, upgrade_database

    engine = make_engine(settings.database_url)
    try:
        upgrade_database(engine)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()  # a command's connections end with it


@submissions.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only submissions with this status.")
@click.pass_obj
def list_command(settings: Settings, status: str | None) -> None:
    """One line per submission: ID, status, title (tab-separated)."""
    from catalogue.submissions import list_submissions

    with _session(settings) as session:
        for submission in list_submissions(session, status):
            title = json.loads(submission.fields).get("title", "")
            click.echo(f"{submission.id}\t{submission.status}\t{' '.join(str(title).split())}")


@submissions.command()
@click.argument("submission_id")
@click.option("--slug", help="The practice's slug (made from its title when not given).")
@click.pass_obj
def approve(settings: Settings, submission_id: str, slug: str | None) -> None:
    """Write the practice file, bring the index up to date, mark the submission approved."""
    from catalogue.submissions import SubmissionRefused
    from catalogue.submissions import approve as approve_submission

    with _session(settings) as session:
        try:
            path = approve_submission(
                session, submission_id, settings.practices, _context(settings), slug=slug
            )
        except (SubmissionRefused, FieldError) as refused:
            raise Fatal(_refusal(refused)) from None
        except OSError as error:
            raise Fatal(
                f"cannot write the practice file in {settings.practices}: {error.strerror}; "
                f"the submission is still pending"
            ) from None
    click.echo(f"Approved {submission_id}: wrote {_display(path)}")
    run_index(settings)


@submissions.command()
@click.argument("submission_id")
@click.pass_obj
def show(settings: Settings, submission_id: str) -> None:
    """A submission in full: its state, its problems, and the change it proposes."""
    from catalogue.submissions import SubmissionRefused, find_submission, proposed_change

    with _session(settings) as session:
        try:
            submission = find_submission(session, submission_id)
        except SubmissionRefused as refused:
            raise Fatal(str(refused)) from None
        target = f" of {submission.target_slug}" if submission.target_slug else ""
        click.echo(
            f"{submission.id}: {submission.kind}{target}, {submission.status}, "
            f"received {submission.created_at:%Y-%m-%d %H:%M} from the {submission.source}"
        )
        for problem in json.loads(submission.problems):
            click.echo(f"  problem: {problem['field'] or 'practice'}: {problem['message']}")
        if submission.message:
            click.echo(f"  message: {submission.message}")
        click.echo(proposed_change(submission, settings.practices))


@submissions.command()
@click.argument("submission_id")
@click.option("--reason", required=True, help="Why: the contributor reads it.")
@click.pass_obj
def reject(settings: Settings, submission_id: str, reason: str) -> None:
    """Reject a pending submission with a reason the contributor will see."""
    from catalogue.submissions import SubmissionRefused
    from catalogue.submissions import reject as reject_submission

    with _session(settings) as session:
        try:
            reject_submission(session, submission_id, reason)
        except SubmissionRefused as refused:
            raise Fatal(_refusal(refused)) from None
    click.echo(f"Rejected {submission_id}.")


@submissions.command()
@click.pass_obj
def purge(settings: Settings) -> None:
    """Remove the files of submissions decided more than the retention period ago."""
    from catalogue.media.uploads import RETENTION, UploadStore, purge_expired

    with _session(settings) as session:
        removed = purge_expired(session, UploadStore(settings.uploads))
    days = RETENTION.days
    click.echo(f"Removed {removed} file(s) kept longer than {days} days after a decision.")


def _refusal(refused: Exception) -> str:
    problems = getattr(refused, "problems", [])
    details = "".join(f"\n  {p.field or 'practice'}: {p.message}" for p in problems)
    return f"{refused}{details}"


@main.group()
def user() -> None:
    """Accounts of coordinators and administrators."""


@user.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(("coordinator", "admin")), required=True)
@click.pass_obj
def add_user(settings: Settings, email: str, role: str) -> None:
    """Create an account; the password comes from a prompt, or standard input if piped."""
    from catalogue.accounts import AccountError, add_account

    password = _read_password()
    with _session(settings) as session:
        try:
            add_account(session, email, password, role, actor="cli")
        except AccountError as error:
            raise Fatal(str(error)) from None
    click.echo(f"Created the {role} account {email.strip().lower()}.")


@user.command("password")
@click.argument("email")
@click.pass_obj
def set_user_password(settings: Settings, email: str) -> None:
    """Give an account a new password (prompt or standard input); ends its sessions."""
    from catalogue.accounts import AccountError, set_password

    password = _read_password()
    with _session(settings) as session:
        try:
            set_password(session, email, password, actor="cli")
        except AccountError as error:
            raise Fatal(str(error)) from None
    click.echo(f"New password set for {email.strip().lower()}; its sessions are ended.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@main.group()
def featured() -> None:
    """Practices shown first on the home page."""


@featured.command("add")
@click.argument("slug")
@click.option("--position", type=click.IntRange(min=1), help="1 is first (default: last).")
@click.option("--locale", type=click.Choice(LOCALES), help="Only for readers of this language.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day shown.")
@click.option("--note", help="A private note for coordinators.")
@click.pass_obj
def add_featured_command(
    settings: Settings,
    slug: str,
    position: int | None,
    locale: str | None,
    until: datetime | None,
    note: str | None,
) -> None:
    """Feature a published practice."""
    from catalogue.curation import add_featured

    _require_published(settings, slug)
    with _session(settings) as session:
        entry = add_featured(
            session,
            slug,
            "cli",
            position=position,
            locale=locale,
            until=until.date() if until else None,
            note=note,
        )
        click.echo(f"Featured {slug} at position {entry.position}.")


@featured.command("remove")
@click.argument("slug")
@click.pass_obj
def remove_featured_command(settings: Settings, slug: str) -> None:
    """Stop featuring a practice."""
    from catalogue.curation import CurationError, remove_featured

    with _session(settings) as session:
        try:
            remove_featured(session, slug, "cli")
        except CurationError as error:
            raise Fatal(str(error)) from None
    click.echo(f"{slug} is no longer featured.")


@featured.command("list")
@click.pass_obj
def list_featured_command(settings: Settings) -> None:
    """One line per entry: POSITION, SLUG, LOCALE, UNTIL (tab-separated)."""
    from catalogue.curation import list_featured

    with _session(settings) as session:
        for entry in list_featured(session):
            until = entry.until.isoformat() if entry.until else "-"
            click.echo(f"{entry.position}\t{entry.slug}\t{entry.locale or '*'}\t{until}")


def _require_published(settings: Settings, slug: str) -> None:
    from catalogue.index.reader import IndexReader, IndexUnavailable

    try:
        reader = IndexReader(settings.index)
        found = reader.snapshot().docnum(slug)
        reader.close()
    except IndexUnavailable as error:
        raise Fatal(str(error)) from None
    if found is None:
        raise Fatal(f"there is no published practice '{slug}' (run 'catalogue index'?)")
