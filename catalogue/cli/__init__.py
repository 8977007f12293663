"""The ``catalogue`` command: validate, index and serve here; the other commands live
in the modules of this package, one concern each (review, new, backups)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

import click

from catalogue.content.fields import Context
from catalogue.content.model import Problem
from catalogue.content.thesaurus import check_search_terms
from catalogue.content.tree import check_group, find_practice_files, group_by_slug
from catalogue.content.vocabularies import VOCABULARY_FILES, VocabularyError, load_vocabularies
from catalogue.index.writer import IndexBusy
from catalogue.indexing import IndexReport, context_fingerprint, update_index
from catalogue.settings import SettingError, Settings, load_settings

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
    """Check practice files, the vocabularies and the thesaurus (all of them, or the files
    and folders named)."""
    context = _context(settings)
    tree = find_practice_files(settings.practices)
    named = _expand(paths) if paths else tree
    term_files = _search_term_files(settings, paths)
    wanted = {path.resolve() for path in [*named, *term_files]}
    everything = {path.resolve(): path for path in [*tree, *named]}
    groups, problems = group_by_slug(everything.values())
    checked_slugs = {
        group.slug for group in groups.values() for p in group.paths() if p.resolve() in wanted
    }
    for slug in sorted(checked_slugs):
        problems.extend(check_group(groups[slug], context).problems)
    if term_files:
        problems.extend(check_search_terms(settings.vocabularies, VOCABULARY_FILES))
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


def _search_term_files(settings: Settings, paths: Sequence[Path]) -> list[Path]:
    """The vocabulary and thesaurus files to check: all of them when no path is named,
    else those named (or inside a named folder)."""
    folder = settings.vocabularies.resolve()
    files = sorted(folder.glob("*.yml"))
    if not paths:
        return files
    named = [path.resolve() for path in paths]
    return [f for f in files if any(f == p or f.is_relative_to(p) for p in named)]


def _expand(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(find_practice_files(path))
        elif path.suffix != ".yml":  # vocabularies are checked as such
            files.append(path)
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
    if report.added or report.updated or report.removed:  # date the OAI-PMH records now
        from catalogue.oai import sync_after_indexing  # (loads the database: only then)

        if problem := sync_after_indexing(settings, context.vocabularies):
            click.echo(problem, err=True)
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


# Each module adds its commands to `main` when imported.
from catalogue.cli import backups, new, pipeline, review  # noqa: E402, F401
