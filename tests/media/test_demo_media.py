"""The demo catalogue shows pictures and materials the project made itself, described for
readers who cannot see them in every language a practice is shown in, and small."""

from __future__ import annotations

from datetime import date

import pytest

from catalogue.content.fields import Context
from catalogue.content.tree import CheckedGroup, check_tree
from catalogue.content.vocabularies import Vocabularies
from tests.conftest import ROOT

PRACTICES = ROOT / "data" / "practices"


@pytest.fixture(scope="module")
def with_media(vocabularies: Vocabularies) -> list[CheckedGroup]:
    groups = check_tree(PRACTICES, Context(vocabularies, date.today()))
    return [
        group
        for group in groups
        if isinstance(group, CheckedGroup)
        and (practice := group.original()) is not None
        and (practice.images or practice.materials)
    ]


def test_at_least_twelve_demo_practices_have_pictures_and_materials(
    with_media: list[CheckedGroup],
) -> None:
    complete = [
        group
        for group in with_media
        if (practice := group.original()) and practice.images and practice.materials
    ]
    assert len(complete) >= 12
    assert not [problem for group in with_media for problem in group.problems]


def test_every_demo_picture_is_described_credited_and_licensed(
    with_media: list[CheckedGroup],
) -> None:
    for group in with_media:
        practice = group.original()
        assert practice is not None
        for image in practice.images:
            assert len(image.alt) >= 40, image.file  # a sentence, not a file name
            assert image.credit, image.file
            assert image.licence, image.file


def test_translations_of_demo_practices_describe_the_pictures_in_their_language(
    with_media: list[CheckedGroup],
) -> None:
    translated = 0
    for group in with_media:
        practice = group.original()
        assert practice is not None
        for lang, version in group.valid_translations().items():
            if practice.images:
                assert len(version.image_alts) == len(practice.images), (group.files.slug, lang)
                assert version.image_alts != tuple(image.alt for image in practice.images)
                translated += 1
    assert translated >= 5


def test_demo_media_files_stay_small() -> None:
    files = [path for path in PRACTICES.glob("*/*") if path.is_file()]
    assert files
    assert max(path.stat().st_size for path in files) < 100_000
    assert sum(path.stat().st_size for path in files) < 2_000_000
