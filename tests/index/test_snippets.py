"""Snippets: the window around the first match, found in long bodies too."""

from __future__ import annotations

import pytest

from catalogue.index.snippets import OVERLAP, PIECE, excerpt


@pytest.mark.parametrize("at", [0, PIECE - 3, PIECE + OVERLAP // 2, 3 * PIECE, 5 * PIECE - 10])
def test_the_first_match_is_found_anywhere_in_a_long_body(at: int) -> None:
    text = "x" * at + " Bibliothèque " + "y" * (5 * PIECE - at)
    found = excerpt(text, frozenset({"biblioth"}))
    assert "Bibliothèque" in found


def test_the_earliest_of_several_terms_decides_the_window() -> None:
    text = "a " * 2000 + "early word " + "b " * 600 + "late word"
    found = excerpt(text, frozenset({"late", "early"}))
    assert "early" in found
    assert "late" not in found


def test_no_match_gives_no_excerpt() -> None:
    assert excerpt("nothing here " * 500, frozenset({"absent"})) == ""
