"""`catalogue backup` and `catalogue restore`."""

from __future__ import annotations

from pathlib import Path

import click

from catalogue.cli import Fatal, _display, main, run_index
from catalogue.settings import Settings


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
