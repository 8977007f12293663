"""Checking the vocabularies' synonyms and the thesaurus, as coordinators edit them by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from catalogue.content.thesaurus import check_search_terms, load_thesaurus
from catalogue.content.vocabularies import VOCABULARY_FILES, load_vocabularies
from catalogue.settings import Settings
from tests.conftest import ROOT

SIX = "  en: [chess]\n  fr: [échecs]\n  it: [scacchi]\n  lv: [šahs]\n  pl: [szachy]\n  ro: [șah]\n"


def test_the_shipped_vocabularies_and_thesaurus_have_no_problem() -> None:
    folder = ROOT / "data" / "vocabularies"
    assert check_search_terms(folder, VOCABULARY_FILES) == []
    assert len(load_thesaurus(folder / "thesaurus.yml")) >= 150


def test_every_concept_has_terms_in_the_six_languages() -> None:
    vocabularies = load_vocabularies(ROOT / "data" / "vocabularies")
    thin = [
        (concept.id, lang)
        for concept in vocabularies.concepts()
        for lang in ("en", "fr", "it", "lv", "pl", "ro")
        if not concept.terms.get(lang)
    ]
    assert thin == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "chess:\n" + SIX + "  de: [Schach]\n",
            8,
            "unknown language 'de' under 'chess': use one of en, fr, it, lv, pl, ro",
        ),
        (
            "chess:\n" + SIX.replace("[szachy]", "[szachy, '']"),
            6,
            "an empty term under 'chess' (pl)",
        ),
        ("chess:\n" + SIX.replace("  lv: [šahs]\n", ""), 1, "'chess' has no terms in lv"),
        ("Chess Club:\n" + SIX, 1, "concept id 'Chess Club' must be lower-case words"),
        ("chess:\n" + SIX + "draughts:\n  en: [checkers]\n  fr: [Échecs]\n", 10, "'Échecs' (fr)"),
        ("mentoring:\n" + SIX, 1, "'mentoring' is already an activity type"),
        ("chess: [a, b]\n", 1, "'chess' needs its terms per language"),
        ("chess:\n  en: [chess\n", 3, "not valid YAML"),
    ],
)
def test_each_problem_is_reported_at_its_line(
    settings: Settings, runner: CliRunner, text: str, line: int, message: str
) -> None:
    thesaurus = settings.vocabularies / "thesaurus.yml"
    thesaurus.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(thesaurus)])
    assert result.exit_code == 1
    located = [line_ for line_ in result.output.splitlines() if line_.startswith(f"{thesaurus}:")]
    assert any(f"{thesaurus}:{line}: " in found and message in found for found in located), (
        result.output
    )


def test_a_term_under_two_concepts_names_both_places(settings: Settings) -> None:
    thesaurus = settings.vocabularies / "thesaurus.yml"
    thesaurus.write_text("chess:\n" + SIX.replace("[chess]", "[chess, language café]"))
    [problem] = check_search_terms(settings.vocabularies, VOCABULARY_FILES)
    assert problem.path == thesaurus
    assert problem.line == 2
    assert "'language café' (en) is under 'chess' and already under 'conversation-club'" in str(
        problem
    )
    assert "activity_types.yml, line" in problem.message


def test_a_defective_thesaurus_never_stops_the_site(settings: Settings) -> None:
    (settings.vocabularies / "thesaurus.yml").write_text("chess: [not, a, mapping\n")
    vocabularies = load_vocabularies(settings.vocabularies)  # no error: validate reports it
    assert vocabularies.thesaurus == {}


def test_validate_without_paths_checks_the_vocabularies_too(
    settings: Settings, runner: CliRunner
) -> None:
    (settings.vocabularies / "thesaurus.yml").write_text("chess:\n" + SIX + "  xx: [x]\n")
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "thesaurus.yml:8: unknown language 'xx'" in result.output


def test_a_synonym_in_an_unknown_language_is_reported(settings: Settings) -> None:
    path: Path = settings.vocabularies / "activity_types.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  synonyms:\n", "  synonyms:\n    es: [tertulia]\n", 1
    )
    path.write_text(text, encoding="utf-8")
    problems = check_search_terms(settings.vocabularies, VOCABULARY_FILES)
    assert [p.message.split(":")[0] for p in problems] == [
        "unknown language 'es' under 'language-learning'"
    ]
