"""The command line: output lines, summaries and exit codes of the contract."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from catalogue.cli import main
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS


def test_validate_all_files_of_a_valid_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    # The 10 practice files, the two vocabularies and the thesaurus.
    assert (result.exit_code, result.output) == (0, "Checked 13 files: no problems.\n")


def test_validate_reports_path_line_message_and_exits_1(
    runner: CliRunner, write_practice: Callable[..., Path]
) -> None:
    path = write_practice("broken.md", {**VALID_FIELDS, "tittle": "x", "country": "Polska"})
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == [
        f"{path}:5: country 'Polska' is not an ISO 3166-1 country code such as 'PL' or 'FR'",
        f"{path}:12: unknown field 'tittle' (did you mean 'title'?)",
    ]
    assert lines[-1] == "Checked 14 files: 2 problems in 1 file."


def test_validate_named_files_only(
    runner: CliRunner, write_practice: Callable[..., Path], settings: Settings
) -> None:
    write_practice("broken.md", {**VALID_FIELDS, "country": "Polska"})
    good = settings.practices / "riga-welcome-desk.md"
    result = runner.invoke(main, ["validate", str(good)])
    assert (result.exit_code, result.output) == (0, "Checked 1 file: no problems.\n")


def test_validate_a_named_translation_checks_it_against_its_original(
    runner: CliRunner, write_practice: Callable[..., Path]
) -> None:
    path = write_practice(
        "riga-welcome-desk.en.md",
        {"title": "Welcome", "summary": "A translation in the original language.", "lang": "en"},
    )
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert ":1: this translation is in 'en', the language of the original" in result.output


def test_index_summarises_and_exits_0_when_all_files_are_valid(runner: CliRunner) -> None:
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 0
    assert result.output.startswith(
        "Indexed 10 files: 7 added, 0 updated, 0 removed, 0 unchanged; 1 draft not published ("
    )
    again = runner.invoke(main, ["index"])
    assert "0 added, 0 updated, 0 removed, 7 unchanged" in again.output


def test_index_exits_1_with_invalid_files_but_indexes_the_valid_ones(
    runner: CliRunner, write_practice: Callable[..., Path]
) -> None:
    path = write_practice("broken.md", {**VALID_FIELDS, "added": "2025-02-30"})
    write_practice("fine.md", VALID_FIELDS)
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 1
    assert f"{path}:11: added 2025-02-30 is not a date that exists" in result.output
    assert "8 added" in result.output
    assert "1 file with problems" in result.output


def test_index_rebuild(runner: CliRunner) -> None:
    runner.invoke(main, ["index"])
    result = runner.invoke(main, ["index", "--rebuild"])
    assert (result.exit_code, "7 added" in result.output) == (0, True)


def test_index_exits_2_when_vocabularies_are_unusable(
    runner: CliRunner, settings: Settings
) -> None:
    (settings.vocabularies / "target_groups.yml").write_text("refugees: [not, a, mapping]\n")
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 2
    assert "target_groups.yml: 'refugees' needs 'label' and 'description' mappings" in result.output


def test_index_exits_2_when_the_index_folder_cannot_be_written(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["index"], env={"CATALOGUE_INDEX": str(blocker / "index")})
    assert result.exit_code == 2
    assert "cannot write the index" in result.output


NEW_ANSWERS = [
    "Hi",  # too short: asked again
    "Homework club for newcomer teenagers",
    "Volunteers help teenagers who arrived this year with homework, twice a week.",
    "en",
    "Polska",  # not a code: asked again
    "PL",
    "Gdańsk",
    "Neighbourhood Library (example)",
    "youth, refugee",  # unknown id: asked again
    "youth, refugees",
    "homework-help, volunteering",
    "pl, uk",
    "",  # partners skipped
    "2024",
    "",
    "ongoing",
    "",
    "",
    "homework, teenagers",
    "low",
    "",
    "library, ngo",
    "",  # slug: accept the one made from the title
]


def test_new_asks_each_field_checks_it_and_writes_a_valid_file(
    runner: CliRunner, settings: Settings
) -> None:
    result = runner.invoke(main, ["new"], input="\n".join(NEW_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "title has 2 characters; it needs 3 to 200" in result.output
    assert "country 'Polska' is not an ISO 3166-1 country code" in result.output
    assert "unknown target group 'refugee' (did you mean 'refugees'?)" in result.output
    path = settings.practices / "homework-club-for-newcomer-teenagers.md"
    text = path.read_text()
    assert "target_groups: [youth, refugees]" in text
    assert "## How to adopt it" in text
    validated = runner.invoke(main, ["validate", str(path)])
    assert validated.exit_code == 0, validated.output
