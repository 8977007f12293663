"""The map of Europe: countries shaded by how many practices each has, drawn on the
server as SVG from the committed ``catalogue/data/europe.json`` (Natural Earth, made by
``tools/build_map.py``); nothing is fetched at run time."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "europe.json"
#: Shades of the legend; 0 is a country without practices.
SHADES = 4


@cache
def outline() -> dict[str, Any]:
    """The map data, read once per process."""
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class MapCountry:
    """A country as drawn: its shape (or dot), shade, and, with practices, its link."""

    code: str
    name: str
    count: int
    shade: int
    path: str | None
    dot: tuple[int, int] | None
    href: str | None
    selected: bool


@dataclass(frozen=True)
class Band:
    """One entry of the legend: counts from ``low`` to ``high``."""

    shade: int
    low: int
    high: int


@dataclass(frozen=True)
class EuropeMap:
    """Everything the map template draws."""

    width: int
    height: int
    land: list[str]
    countries: list[MapCountry]
    legend: list[Band]

    @property
    def with_practices(self) -> list[MapCountry]:
        """Countries that have practices, most first: the map's text twin."""
        shown = [country for country in self.countries if country.count or country.selected]
        return sorted(shown, key=lambda country: (-country.count, country.name))


def bands(highest: int) -> list[Band]:
    """Up to four bands on a geometric scale up to ``highest`` (for 54: 1-2, 3-7, 8-19, 20-54)."""
    if highest <= 0:
        return []
    bounds = sorted({1, *(math.ceil(highest ** (step / SHADES)) for step in range(1, SHADES))})
    bounds = [bound for bound in bounds if bound <= highest]
    limits = [*bounds[1:], highest + 1]
    pairs = zip(bounds, limits, strict=True)
    return [Band(shade, low, high - 1) for shade, (low, high) in enumerate(pairs, 1)]


def europe_map(
    counts: Iterable[tuple[str, int, bool]],
    name: Callable[[str], str],
    href: Callable[[str, bool], str],
) -> EuropeMap:
    """The map for (country code, count, selected) triples: ``name`` gives a country's
    name in the reader's language, ``href`` its link (for a selected one, the link that
    removes it)."""
    data = outline()
    found = {code: (count, selected) for code, count, selected in counts}
    legend = bands(max((count for count, _ in found.values()), default=0))
    countries = []
    for code, shape in data["countries"].items():
        count, selected = found.get(code, (0, False))
        shade = next((band.shade for band in legend if band.low <= count <= band.high), 0)
        dot = tuple(shape["dot"]) if "dot" in shape else None
        if dot is not None and not (count or selected):
            continue  # a dot only where there is something to find
        countries.append(
            MapCountry(
                code=code,
                name=name(code),
                count=count,
                shade=shade,
                path=shape.get("path"),
                dot=dot,
                href=href(code, selected) if count or selected else None,
                selected=selected,
            )
        )
    return EuropeMap(data["width"], data["height"], data["land"], countries, legend)
