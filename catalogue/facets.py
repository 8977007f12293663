"""Disjunctive facet counts over bit masks of documents.

Within a facet, chosen values are OR-ed; across facets they are AND-ed. Each facet's
counts apply every active filter except its own, so choosing one country still shows
how many results every other country would give.
"""

from __future__ import annotations

from collections.abc import Mapping


def disjunctive_counts(
    matched: int,
    filter_masks: Mapping[str, int],
    value_masks: Mapping[str, Mapping[str, int]],
    selected: Mapping[str, tuple[str, ...]],
) -> dict[str, dict[str, int]]:
    """Facet -> value -> count: values above zero, and every selected value even at zero.

    ``matched`` is the mask of documents matching the query; ``filter_masks`` holds one
    mask per active filter (its chosen values OR-ed); ``value_masks`` the documents of
    each value of each facet.
    """
    counts: dict[str, dict[str, int]] = {}
    for facet, values in value_masks.items():
        base = matched
        for name, mask in filter_masks.items():
            if name != facet:
                base &= mask
        facet_counts = {}
        for value, mask in values.items():
            count = (base & mask).bit_count()
            if count:
                facet_counts[value] = count
        for value in selected.get(facet, ()):
            facet_counts.setdefault(value, 0)
        counts[facet] = facet_counts
    return counts
