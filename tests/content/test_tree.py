"""Rules across files: duplicate slugs, orphans, translation languages, drafts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalogue.content.fields import Context
from catalogue.content.tree import check_tree
from tests.conftest import VALID_FIELDS

TRANSLATION = {"title": "Club de conversation", "summary": "Des rencontres hebdomadaires."}


def tree_problems(folder: Path, context: Context) -> list[str]:
    messages = []
    for item in check_tree(folder, context):
        problems = item.problems if hasattr(item, "problems") else [item]
        messages += [f"{p.path.relative_to(folder)}:{p.line}: {p.message}" for p in problems]
    return messages


def test_the_test_corpus_is_valid(data_dir: Path, context: Context) -> None:
    assert tree_problems(data_dir / "practices", context) == []


def test_duplicate_slug_names_both_files(
    data_dir: Path, context: Context, write_practice: Callable[..., Path]
) -> None:
    write_practice("a/club.md", VALID_FIELDS)
    write_practice("b/club.md", VALID_FIELDS)
    assert tree_problems(data_dir / "practices", context) == [
        f"a/club.md:1: duplicate slug 'club': also used by {data_dir}/practices/b/club.md; "
        "rename one file",
        f"b/club.md:1: duplicate slug 'club': also used by {data_dir}/practices/a/club.md; "
        "rename one file",
    ]


def test_translation_without_original_is_an_error(
    data_dir: Path, context: Context, write_practice: Callable[..., Path]
) -> None:
    write_practice("lonely.fr.md", {**TRANSLATION, "lang": "fr"})
    assert tree_problems(data_dir / "practices", context) == [
        "lonely.fr.md:1: translation without an original: lonely.md does not exist in the "
        "practices folder"
    ]


def test_translation_into_the_originals_own_language_is_an_error(
    data_dir: Path, context: Context, write_practice: Callable[..., Path]
) -> None:
    write_practice("club.md", {**VALID_FIELDS, "lang": "fr"})
    write_practice("club.fr.md", {**TRANSLATION, "lang": "fr"})
    [message] = tree_problems(data_dir / "practices", context)
    assert message.startswith("club.fr.md:1: this translation is in 'fr', the language of")


def test_draft_translation_is_valid_but_not_published(
    data_dir: Path, context: Context, write_practice: Callable[..., Path]
) -> None:
    write_practice("club.md", VALID_FIELDS)
    write_practice("club.fr.md", {**TRANSLATION, "lang": "fr", "draft": True})
    write_practice("club.it.md", {**TRANSLATION, "lang": "it"})
    [group] = [
        item
        for item in check_tree(data_dir / "practices", context)
        if getattr(item, "files", None) and item.files.slug == "club"
    ]
    assert group.problems == []
    assert list(group.valid_translations()) == ["fr", "it"]
    from catalogue.content.tree import assemble

    original = group.original()
    assert original is not None
    assert list(assemble(original, group.valid_translations()).translations) == ["it"]
