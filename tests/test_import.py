"""`catalogue import`: partners' spreadsheets (CSV as spreadsheet programs write it, and
XLSX) checked row by row, names in any of the six languages, each problem at its row,
valid rows into the review queue once, and files that would cost too much refused."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from catalogue.cli import main
from catalogue.content.fields import Context
from catalogue.db import Submission, make_engine, upgrade_database
from catalogue.i18n import LOCALES
from catalogue.importing import plan_import
from catalogue.importing.reading import MAX_FILE_BYTES, MAX_ROWS
from catalogue.importing.template import TEMPLATE_COLUMNS, template_workbook
from catalogue.importing.values import CHOICE_LABELS, Lexicon
from catalogue.settings import Settings
from tests.conftest import TEST_DATA

FILES = TEST_DATA / "import"
REQUIRED = ("title", "summary", "lang", "country", "organisation", "target_groups",
            "activity_types", "languages", "body")  # fmt: skip


@pytest.fixture
def db(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.database_url)
    upgrade_database(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """The test files, copied where the command is run (problems name them as given)."""
    folder = tmp_path / "import"
    shutil.copytree(FILES, folder)
    return folder


def run(runner: CliRunner, *arguments: str | Path) -> tuple[int, list[str]]:
    result = runner.invoke(main, ["import", *map(str, arguments)])
    return result.exit_code, result.output.splitlines()


def submissions(db: Session) -> list[Submission]:
    db.expire_all()
    return list(db.exec(select(Submission).order_by(Submission.import_row)))  # type: ignore[arg-type]


def test_a_semicolon_csv_with_names_in_other_languages_becomes_pending_submissions(
    runner: CliRunner, files: Path, db: Session
) -> None:
    path = files / "partners_semicolons_with_bom.csv"
    code, lines = run(runner, path, "--dry-run")
    assert (code, lines) == (0, [f"Read 3 rows of {path.name}: 3 would be imported."])
    assert submissions(db) == []
    code, lines = run(runner, path)
    assert (code, lines) == (0, [f"Read 3 rows of {path.name}: 3 imported as pending submissions."])
    made = submissions(db)
    assert [(s.status, s.source, s.import_source, s.import_row) for s in made] == [
        ("pending", "import", path.name, row) for row in (2, 3, 4)
    ]
    polish = json.loads(made[0].fields)
    assert polish["lang"] == "pl"
    assert polish["country"] == "PL"
    assert polish["target_groups"] == ["refugees", "women"]
    assert polish["activity_types"] == ["conversation-club"]
    assert polish["languages"] == ["pl", "uk"]
    assert (polish["cost"], polish["partner_types"], polish["year_started"]) == (
        "low",
        ["library", "ngo"],
        2023,
    )
    assert made[0].submitter_email == "bibliotekarka@example.org"
    assert made[0].locale == "pl"  # mail to that contributor is in Polish
    assert json.loads(made[1].fields)["activity_types"] == [
        "conversation-club",
        "language-learning",
    ]
    assert json.loads(made[2].fields)["languages"] == ["lv", "ru", "uk"]


def test_importing_the_same_rows_again_makes_no_duplicates(
    runner: CliRunner, files: Path, db: Session
) -> None:
    run(runner, files / "partners_semicolons_with_bom.csv")
    first = {s.id for s in submissions(db)}
    # The same Riga row again, from another file written with commas and no BOM.
    path = files / "partners_commas_without_bom.csv"
    code, lines = run(runner, path)
    riga = next(s for s in submissions(db) if s.import_row == 4)
    assert code == 0
    assert lines == [
        f"{path}:2: already imported as {riga.id}; skipped",
        f"Read 1 row of {path.name}: 0 imported as pending submissions, 1 already imported.",
    ]
    assert {s.id for s in submissions(db)} == first


def test_each_problem_is_named_at_its_row_and_the_valid_rows_are_imported(
    runner: CliRunner, files: Path, db: Session
) -> None:
    path = files / "rows_with_problems.csv"
    code, lines = run(runner, path)
    assert code == 1
    assert lines == [
        f"{path}:3: country 'Narnia' is not a country: write its code (PL) or its name in one "
        "of the six languages",
        f"{path}:3: cost 'cheap' is not one of its values; the template's second sheet lists them",
        f"{path}:3: submitter_email 'someone@' is not an email address",
        f"{path}:4: title (column A) is a formula; an import takes values only: type the "
        "value itself",
        f"{path}:5: the same practice as row 2; imported once",
        f"Read 4 rows of {path.name}: 1 imported as pending submissions, 1 repeated in the "
        "file, 2 with problems (listed above).",
    ]
    assert [s.import_row for s in submissions(db)] == [2]


def test_a_misspelt_value_gets_a_did_you_mean(context: Context) -> None:
    lexicon = Lexicon(context.vocabularies)
    with pytest.raises(ValueError, match=r"did you mean 'Poland', PL\?"):
        lexicon.find("country", "Polnad")
    with pytest.raises(ValueError, match=r"did you mean 'storytelling'\?"):
        lexicon.find("activity_types", "storytellng")
    assert lexicon.find("country", "ROMÂNIA") == "RO"
    assert lexicon.find("languages", "lettone") == "lv"
    assert lexicon.find("target_groups", "UCHODZCY") == "refugees"  # no diacritics, any case


def test_a_header_that_names_no_field_stops_the_whole_file(
    runner: CliRunner, files: Path, db: Session
) -> None:
    path = files / "header_with_a_misspelt_column.csv"
    code, lines = run(runner, path)
    assert code == 1
    assert lines[:2] == [
        f"{path}:1: column A: 'titel' is not a field name (did you mean 'title'?)",
        f"{path}:1: the header row has no column 'title'",
    ]
    assert lines[-1] == (
        f"Read 1 row of {path.name}: nothing imported; fix the problems of the file listed "
        "above first."
    )
    assert submissions(db) == []


def test_a_file_that_is_not_utf8_says_how_to_save_it(runner: CliRunner, files: Path) -> None:
    code, lines = run(runner, files / "not_utf8.csv")
    assert code == 1
    assert "is not UTF-8 text" in lines[0]
    assert "'CSV UTF-8'" in lines[0]


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["title", "summary", "lang", "country", "organisation", "target_groups",
          "activity_types", "languages", "body", "year_started", "draft"]  # fmt: skip
VALID = ["Reading corner in Cluj",
         "A weekly reading corner in Romanian and Ukrainian for families.",
         "ro", "România", "Biblioteca Județeană Cluj", "Familii", "Povestire", "ro; uk",
         "## Context\n\nSâmbăta.", 2020.0, False]  # fmt: skip


def test_an_xlsx_file_is_read_with_its_numbers_and_formulas_are_refused(
    runner: CliRunner, tmp_path: Path, db: Session
) -> None:
    formula = [*VALID[:4], "=A2", *VALID[5:]]
    formula[0] = "Another reading corner in Cluj"
    path = tmp_path / "partners.xlsx"
    path.write_bytes(xlsx([HEADER, VALID, [], formula]))
    code, lines = run(runner, path)
    assert code == 1
    assert lines[0] == (
        f"{path}:4: organisation (column E) is a formula; an import takes values only: type "
        "the value itself"
    )
    (made,) = submissions(db)
    fields = json.loads(made.fields)
    assert (fields["country"], fields["year_started"], fields["draft"]) == ("RO", 2020, False)
    assert fields["target_groups"] == ["families"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"title\n" + b"x" * MAX_FILE_BYTES)
    code, lines = run(runner, path)
    assert code == 1
    assert lines[0] == (
        f"{path}:1: the file has 5.0 MB; an import reads at most 5.0 MB: split it into smaller "
        "files"
    )


def test_a_file_of_too_many_rows_is_refused_whole(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    row = ",".join(str(v) for v in VALID[:9])
    path.write_text(",".join(HEADER[:9]) + "\n" + "\n".join([row] * (MAX_ROWS + 1)))
    code, lines = run(runner, path)
    assert code == 1
    assert f"more than {MAX_ROWS} practices" in lines[0]


def test_a_small_xlsx_that_unpacks_to_gigabytes_is_refused_unparsed(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<" + b" " * (60 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 200_000
    code, lines = run(runner, path)
    assert code == 1
    assert "unpacks to 60.0 MB, over the 50.0 MB an import reads" in lines[0]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("practices.ods", b"PK", "is neither a .csv nor an .xlsx file"),
        ("practices.xlsx", b"title,summary\n", "not a zip archive"),
        ("practices.csv", b"", "the file is empty"),
        ("practices.csv", ",".join(REQUIRED).encode() + b"\n", "a header row but no practices"),
    ],
)
def test_a_file_that_is_no_spreadsheet_says_so(
    db: Session, context: Context, name: str, content: bytes, says: str
) -> None:
    plan = plan_import(db, name, content, context, Lexicon(context.vocabularies))
    assert [says in problem.message for problem in plan.problems] == [True]
    assert plan.importable == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_template_example_imports_as_it_is_in_every_language(
    db: Session, context: Context, locale: str
) -> None:
    content = template_workbook(context.vocabularies, locale, {})
    book = openpyxl.load_workbook(io.BytesIO(content))
    practices, values = book.worksheets
    assert [cell.value for cell in practices[1]] == list(TEMPLATE_COLUMNS)
    assert practices.freeze_panes == "A2"
    allowed = {(row[0], row[2]) for row in values.iter_rows(min_row=2, values_only=True)}
    assert {("country", "PL"), ("languages", "uk"), ("target_groups", "refugees")} <= allowed
    assert {("cost", "low"), ("evidence", "evaluated"), ("partner_types", "ngo")} <= allowed
    plan = plan_import(db, "template.xlsx", content, context, Lexicon(context.vocabularies))
    assert plan.valid, plan.numbered_problems()
    assert len(plan.importable) == 1


def test_the_allowed_values_are_named_in_the_readers_language(context: Context) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(context.vocabularies, "fr", {})))
    rows = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert ("country", "country", "PL", "Pologne") in rows
    assert ("languages", "languages", "uk", "ukrainien") in rows


def test_the_import_knows_the_labels_the_forms_show() -> None:
    from catalogue.web.labels import CHOICES

    # Outside a request a lazy label is its message id: the two tables must agree.
    assert {name: {v: str(label) for v, label in options} for name, options in CHOICES.items()} == (
        CHOICE_LABELS
    )
