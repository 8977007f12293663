"""Every interface language is complete: no empty, fuzzy or mismatched message."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from catalogue.i18n import LOCALES
from tests.conftest import ROOT


def catalogue_of(locale: str):  # type: ignore[no-untyped-def]
    path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def template_ids() -> set[object]:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    catalogue = catalogue_of(locale)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            "fuzzy" in message.flags
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert missing == []
    assert template_ids() <= {message.id for message in catalogue if message.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match_their_source(locale: str) -> None:
    problems = [(message.id, errors) for message, errors in catalogue_of(locale).check() if errors]
    assert problems == []


def test_the_catalogues_hold_every_message_of_the_code_and_templates() -> None:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "N_": None}
    method_map = [("catalogue/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {
        message if isinstance(message, str) else tuple(message)
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=keywords
        )
    }
    stale = found - template_ids()
    assert stale == set(), "run `make extract-messages` and translate the new messages"


def test_templates_have_no_text_outside_gettext() -> None:
    """Every word a reader sees comes from a catalogue: none is written into a template."""
    import re

    allowed = {"CSV", "UTC", "JSON", "API"}
    leftovers = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
        text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in allowed]
        if words:
            leftovers[path.relative_to(ROOT).as_posix()] = words
    assert leftovers == {}
