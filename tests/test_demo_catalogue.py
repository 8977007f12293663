"""The demo catalogue shipped in data/ is valid and shows off every facet."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from catalogue.content.fields import Context
from catalogue.content.model import Practice
from catalogue.content.tree import CheckedGroup, check_tree
from catalogue.content.vocabularies import Vocabularies
from tests.conftest import ROOT

PRACTICES = ROOT / "data" / "practices"


@pytest.fixture(scope="module")
def groups(vocabularies: Vocabularies) -> list[CheckedGroup]:
    context = Context(vocabularies, date.today())
    return [item for item in check_tree(PRACTICES, context) if isinstance(item, CheckedGroup)]


@pytest.fixture(scope="module")
def originals(groups: list[CheckedGroup]) -> list[Practice]:
    return [p for g in groups if (p := g.original()) is not None]


def test_every_demo_file_is_valid(groups: list[CheckedGroup]) -> None:
    assert [str(problem) for group in groups for problem in group.problems] == []


def test_demo_catalogue_is_large_and_varied(originals: list[Practice]) -> None:
    published = [p for p in originals if not p.draft]
    assert len(published) >= 40
    assert len({p.lang for p in published}) >= 5
    assert len({p.country for p in published}) >= 8
    assert any(p.draft for p in originals)


def test_demo_catalogue_has_translations(groups: list[CheckedGroup]) -> None:
    assert sum(len(group.valid_translations()) for group in groups) >= 5


def test_every_facet_value_is_used(originals: list[Practice], vocabularies: Vocabularies) -> None:
    used = Counter(
        (name, value)
        for practice in originals
        if not practice.draft
        for name in ("target_groups", "activity_types")
        for value in getattr(practice, name)
    )
    missing = [
        (name, value)
        for name in ("target_groups", "activity_types")
        for value in vocabularies.ids(name)
        if (name, value) not in used
    ]
    assert missing == []


def test_organisations_are_marked_as_examples(originals: list[Practice]) -> None:
    markers = (
        "example",
        "exemple",
        "esempio",
        "przykład",
        "piemērs",
        "exemplu",
        "beispiel",
        "ejemplo",
    )
    unmarked = [p.slug for p in originals if not any(m in p.organisation.lower() for m in markers)]
    assert unmarked == []


def test_vocabularies_have_every_contract_id(vocabularies: Vocabularies) -> None:
    assert set(vocabularies.ids("target_groups")) >= {
        "refugees",
        "asylum-seekers",
        "migrants",
        "children",
        "youth",
        "women",
        "families",
        "seniors",
        "job-seekers",
        "newcomers",
        "host-community",
        "library-staff",
        "unaccompanied-minors",
        "people-with-disabilities",
    }
    assert set(vocabularies.ids("activity_types")) >= {
        "language-learning",
        "conversation-club",
        "storytelling",
        "mother-tongue",
        "multilingual-collection",
        "homework-help",
        "digital-skills",
        "information-services",
        "employment-support",
        "cultural-events",
        "intercultural-dialogue",
        "creative-workshops",
        "welcome-services",
        "wellbeing",
        "staff-training",
        "local-partnership",
        "volunteering",
        "outreach",
        "mentoring",
    }
