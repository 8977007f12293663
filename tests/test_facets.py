"""Disjunctive facet counts, tested on plain masks without an index."""

from __future__ import annotations

from catalogue.facets import disjunctive_counts

# Five documents: bits 0..4.
COUNTRY = {"PL": 0b00011, "LV": 0b00100, "FR": 0b11000}
GROUP = {"women": 0b01001, "children": 0b10110}
VALUES = {"country": COUNTRY, "target_group": GROUP}


def test_without_filters_counts_every_value_of_the_matches() -> None:
    counts = disjunctive_counts(0b11111, {}, VALUES, {})
    assert counts == {
        "country": {"PL": 2, "LV": 1, "FR": 2},
        "target_group": {"women": 2, "children": 3},
    }


def test_choosing_a_value_keeps_the_counts_of_its_own_facet() -> None:
    counts = disjunctive_counts(0b11111, {"country": COUNTRY["PL"]}, VALUES, {"country": ("PL",)})
    assert counts["country"] == {"PL": 2, "LV": 1, "FR": 2}
    assert counts["target_group"] == {"women": 1, "children": 1}


def test_values_of_one_facet_are_ored_and_facets_are_anded() -> None:
    filters = {"country": COUNTRY["PL"] | COUNTRY["LV"], "target_group": GROUP["children"]}
    selected = {"country": ("PL", "LV"), "target_group": ("children",)}
    counts = disjunctive_counts(0b11111, filters, VALUES, selected)
    assert counts["country"] == {"PL": 1, "LV": 1, "FR": 1}
    assert counts["target_group"] == {"women": 1, "children": 2}


def test_a_selected_value_is_listed_even_at_zero() -> None:
    counts = disjunctive_counts(0b00001, {"country": COUNTRY["LV"]}, VALUES, {"country": ("LV",)})
    assert counts["country"] == {"PL": 1, "LV": 0}
    assert counts["target_group"] == {}
