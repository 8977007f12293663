"""The ``catalogue`` command: validate, index and serve."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from catalogue.content.fields import Context, FieldError
from catalogue.content.model import Problem
from catalogue.content.tree import check_group, find_practice_files, group_by_slug
from catalogue.content.vocabularies import VocabularyError, load_vocabularies
from catalogue.i18n import LOCALES
from catalogue.index.writer import IndexBusy
from catalogue.indexing import IndexReport, context_fingerprint, update_index
from catalogue.settings import SettingError, Settings, load_settings

if TYPE_CHECKING:
    from sqlmodel import Session

# The database layer loads in a quarter of a second: only the commands that use it import it.
STATUSES = ("pending", "approved", "rejected", "invalid")

T = TypeVar("T")

EXIT_OK, EXIT_INVALID, EXIT_FATAL = 0, 1, 2


class Fatal(click.ClickException):
    """An error that stops a command before it could do its work (exit 2)."""

    exit_code = EXIT_FATAL


def _context(settings: Settings) -> Context:
    try:
        return Context(load_vocabularies(settings.vocabularies), date.today())
    except VocabularyError as error:
        raise Fatal(str(error)) from None


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    return (
        str(absolute.relative_to(Path.cwd()))
        if absolute.is_relative_to(Path.cwd())
        else str(absolute)
    )


def _print_problems(problems: Iterable[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
        click.echo(f"{_display(problem.path)}:{problem.line}: {problem.message}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group()
@click.version_option(package_name="catalogue")
@click.pass_context
def main(ctx: click.Context) -> None:
    """The catalogue of library practices for the integration of migrants and refugees."""
    try:
        ctx.obj = load_settings()
    except SettingError as error:
        raise Fatal(str(error)) from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def validate(settings: Settings, paths: Sequence[Path]) -> None:
    """Check practice files (all of them, or the files and folders named)."""
    context = _context(settings)
    tree = find_practice_files(settings.practices)
    named = _expand(paths) if paths else tree
    wanted = {path.resolve() for path in named}
    everything = {path.resolve(): path for path in [*tree, *named]}
    groups, problems = group_by_slug(everything.values())
    checked_slugs = {
        group.slug for group in groups.values() for p in group.paths() if p.resolve() in wanted
    }
    for slug in sorted(checked_slugs):
        problems.extend(check_group(groups[slug], context).problems)
    mine = [problem for problem in problems if problem.path.resolve() in wanted]
    _print_problems(mine)
    bad_files = len({problem.path for problem in mine})
    if mine:
        click.echo(
            f"Checked {_plural(len(wanted), 'file')}: {_plural(len(mine), 'problem')} "
            f"in {_plural(bad_files, 'file')}."
        )
        sys.exit(EXIT_INVALID)
    click.echo(f"Checked {_plural(len(wanted), 'file')}: no problems.")


def _expand(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(find_practice_files(path) if path.is_dir() else [path])
    return files


def _track(items: Sequence[T], description: str) -> Iterable[T]:
    if len(items) < 50 or not sys.stderr.isatty():
        return items
    from rich.console import Console
    from rich.progress import track

    return track(items, description=description, transient=True, console=Console(stderr=True))


def run_index(settings: Settings, *, rebuild: bool = False) -> IndexReport:
    """Bring the index up to date, printing problems and a summary line."""
    context = _context(settings)
    try:
        report = update_index(
            settings.practices,
            settings.index,
            context,
            context_key=context_fingerprint(settings.vocabularies),
            rebuild=rebuild,
            track=_track,
            on_wait=lambda: click.echo(
                "Another process is updating the index; waiting for it to finish…", err=True
            ),
        )
    except IndexBusy as error:
        raise Fatal(str(error)) from None
    except OSError as error:
        raise Fatal(f"cannot write the index in {settings.index}: {error}") from None
    if report.repaired:
        click.echo(
            f"The index in {settings.index} was rebuilt from the files: {report.repaired}.",
            err=True,
        )
    _print_problems(report.problems)
    click.echo(_summary(report))
    return report


def _summary(report: IndexReport) -> str:
    parts = [
        f"{report.added} added",
        f"{report.updated} updated",
        f"{report.removed} removed",
        f"{report.unchanged} unchanged",
    ]
    line = f"Indexed {_plural(report.files, 'file')}: {', '.join(parts)}"
    if report.drafts:
        line += f"; {_plural(report.drafts, 'draft')} not published"
    if report.problems:
        line += f"; {_plural(report.invalid_files, 'file')} with problems (listed above)"
    return f"{line} ({report.seconds:.1f} s)."


@main.command()
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.pass_obj
def index(settings: Settings, rebuild: bool) -> None:
    """Bring the search index up to date with the practice files."""
    report = run_index(settings, rebuild=rebuild)
    sys.exit(EXIT_INVALID if report.problems else EXIT_OK)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Update the index and the database, then serve the site with gunicorn."""
    from catalogue.settings import weak_secret_key

    problem = weak_secret_key(settings.secret_key)
    if problem:
        raise Fatal(problem)
    from catalogue.db import make_engine, upgrade_database
    from catalogue.serve import serve_forever

    run_index(settings)
    engine = make_engine(settings.database_url)
    upgrade_database(engine)
    engine.dispose()
    click.echo(f"Serving the catalogue on http://{host}:{port}/ with {_plural(workers, 'worker')}")
    serve_forever(host, port, workers)


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


def _refusal(refused: Exception) -> str:
    problems = getattr(refused, "problems", [])
    details = "".join(f"\n  {p.field or 'practice'}: {p.message}" for p in problems)
    return f"{refused}{details}"


#: What ``catalogue new`` asks, in order: field, question, whether it may be skipped.
QUESTIONS: tuple[tuple[str, str, bool], ...] = (
    ("title", "Title (3-200 characters)", False),
    ("summary", "Summary: one or two plain sentences (20-600 characters)", False),
    ("lang", "Language of your text (ISO 639-1, e.g. en, pl)", False),
    ("country", "Country (ISO 3166-1, e.g. PL, LV)", False),
    ("city", "City or town", True),
    ("organisation", "Organisation that runs it", False),
    ("target_groups", "Who it serves (ids, comma-separated)", False),
    ("activity_types", "Types of activity (ids, comma-separated)", False),
    ("languages", "Languages the activity runs in (codes, comma-separated)", False),
    ("partners", "Partners (comma-separated)", True),
    ("year_started", "Year started", True),
    ("year_ended", "Year ended", True),
    ("status", "Status (ongoing, completed, planned)", True),
    ("website", "Website (https://…)", True),
    ("contact", "Contact", True),
    ("tags", "Keywords (comma-separated)", True),
    ("cost", "Cost to run it again (none, low, medium, high)", True),
    ("evidence", "How results are known (anecdotal, monitored, evaluated)", True),
    (
        "partner_types",
        "Kinds of partners (library, municipality, ngo, migrant-led, school, other)",
        True,
    ),
)
_LIST_FIELDS = frozenset(
    {"target_groups", "activity_types", "languages", "partners", "tags", "partner_types"}
)
BODY_TEMPLATE = """## Context

## Objectives

## Activities

## Partners

## Resources and cost

## Results

## What we learned

## How to adopt it
"""


@main.command()
@click.pass_obj
def new(settings: Settings) -> None:
    """Write a new practice file from answers to questions, each checked as it is given."""
    from datetime import date

    from catalogue.content.fields import RULES_BY_NAME
    from catalogue.submissions import (
        SubmissionRefused,
        practice_file_text,
        slug_from_title,
        write_new,
    )

    context = _context(settings)
    for name in ("target_groups", "activity_types"):
        click.echo(f"{name} ids: {', '.join(context.vocabularies.ids(name))}")
    values: dict[str, object] = {}
    for name, question, optional in QUESTIONS:
        while True:
            answer = click.prompt(question, default="" if optional else None, show_default=False)
            raw = _answer_value(name, answer.strip())
            if optional and raw in ("", []):
                break
            try:
                values[name] = RULES_BY_NAME[name].check(name, raw, context)
                break
            except FieldError as error:
                click.echo(f"  {error}", err=True)
    values["added"] = date.today()
    groups, _ = group_by_slug(find_practice_files(settings.practices))
    slug = click.prompt("Slug (file name)", default=slug_from_title(str(values["title"])))
    while slug in groups or not _valid_slug(slug):
        click.echo(f"  '{slug}' is taken or not a valid slug (a-z, 0-9, single hyphens)", err=True)
        slug = click.prompt("Slug (file name)")
    path = settings.practices / f"{slug}.md"
    try:
        write_new(path, practice_file_text(values, BODY_TEMPLATE), replace=False)
    except SubmissionRefused as refused:
        raise Fatal(str(refused)) from None
    click.echo(f"Wrote {_display(path)}: describe the practice under each heading, then run")
    click.echo(f"  catalogue validate {_display(path)}")


def _answer_value(name: str, answer: str) -> object:
    if name in _LIST_FIELDS:
        return [item.strip() for item in answer.split(",") if item.strip()]
    if name.startswith("year_") and answer.isascii() and answer.isdigit():
        return int(answer)
    return answer


def _valid_slug(slug: str) -> bool:
    from catalogue.content.validate import check_slug

    try:
        check_slug(slug)
    except FieldError:
        return False
    return True


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

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    with _session(settings) as session:
        try:
            add_account(session, email, password, role, actor="cli")
        except AccountError as error:
            raise Fatal(str(error)) from None
    click.echo(f"Created the {role} account {email.strip().lower()}.")


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


@main.command("backup")
@click.argument("archive", type=click.Path(path_type=Path))
@click.pass_obj
def backup_command(settings: Settings, archive: Path) -> None:
    """Write one archive with the practice files, the vocabularies and the database."""
    from catalogue.backup import BackupError, backup, summary

    try:
        manifest = backup(settings, archive)
    except (BackupError, OSError) as error:
        raise Fatal(f"no backup made: {error}") from None
    click.echo(f"Wrote {_display(archive)}: {summary(manifest)}.")


@main.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def restore_command(settings: Settings, archive: Path) -> None:
    """Bring back a backup into an empty data folder and database, then index it."""
    from catalogue.backup import BackupError, restore, summary

    try:
        manifest = restore(settings, archive)
    except (BackupError, OSError, KeyError, ValueError) as error:
        raise Fatal(f"nothing restored: {error}") from None
    click.echo(f"Restored {summary(manifest)}.")
    run_index(settings, rebuild=True)


if __name__ == "__main__":
    main()
