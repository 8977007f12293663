"""Build catalogue/data/europe.json, the map of Europe the home and search pages draw.

Source: Natural Earth's admin-0 countries at 1:110m (public domain), as shipped in the
wheel of pyogrio (``pyogrio/tests/fixtures/naturalearth_lowres``, a maintained package of
the GeoPandas project). Run at build time only, after ``pip install -e '.[tools]'``:

    .venv/bin/python tools/build_map.py

The countries are projected (Lambert azimuthal equal-area centred on Europe, as
EPSG:3035 is), clipped to the frame, simplified to about a pixel, and written as SVG
path data per ISO 3166-1 code; states too small for 1:110m get a dot at their capital.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import sys
from pathlib import Path

from babel.core import get_global

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "catalogue" / "data" / "europe.json"
SOURCE = Path("tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp")

#: The frame: projected metres around the centre, and the width of the drawing.
CENTRE = (10.0, 52.0)
FRAME = (-2_900_000.0, -2_050_000.0, 2_550_000.0, 2_350_000.0)  # west, south, east, north
WIDTH = 1000
#: Douglas-Peucker tolerance, in drawing units (a unit is about a third of a pixel on a
#: phone): enough to drop what nobody sees.
TOLERANCE = 0.8
#: Natural Earth leaves -99 where a code is disputed or was missing in this release.
BY_NAME = {"France": "FR", "Norway": "NO", "Kosovo": "XK"}
#: Too small for 1:110m: a dot at the capital (longitude, latitude).
SMALL_STATES = {
    "AD": (1.52, 42.51),
    "LI": (9.52, 47.14),
    "LU": (6.13, 49.61),
    "MC": (7.42, 43.74),
    "MT": (14.51, 35.90),
    "SM": (12.45, 43.94),
    "VA": (12.45, 41.90),
}
EARTH = 6_371_007.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area, centred on ``CENTRE``, in metres."""
    lon0, lat0 = map(math.radians, CENTRE)
    lam, phi = math.radians(lon), math.radians(lat)
    k = math.sqrt(
        2
        / (
            1
            + math.sin(lat0) * math.sin(phi)
            + math.cos(lat0) * math.cos(phi) * math.cos(lam - lon0)
        )
    )
    x = EARTH * k * math.cos(phi) * math.sin(lam - lon0)
    y = (
        EARTH
        * k
        * (math.cos(lat0) * math.sin(phi) - math.sin(lat0) * math.cos(phi) * math.cos(lam - lon0))
    )
    return x, y


def to_drawing(x: float, y: float) -> tuple[float, float]:
    """Projected metres -> drawing units (y downwards)."""
    west, _south, east, north = FRAME
    scale = WIDTH / (east - west)
    return (x - west) * scale, (north - y) * scale


def height() -> int:
    west, south, east, north = FRAME
    return round((north - south) * WIDTH / (east - west))


def clip(ring: list[tuple[float, float]], w: float, h: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the rectangle 0..w, 0..h (plus a margin)."""
    margin = 4.0
    edges = [
        (lambda p: p[0] >= -margin, lambda a, b: _cut_x(a, b, -margin)),
        (lambda p: p[0] <= w + margin, lambda a, b: _cut_x(a, b, w + margin)),
        (lambda p: p[1] >= -margin, lambda a, b: _cut_y(a, b, -margin)),
        (lambda p: p[1] <= h + margin, lambda a, b: _cut_y(a, b, h + margin)),
    ]
    points = ring
    for inside, cut in edges:
        if not points:
            break
        result: list[tuple[float, float]] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cut(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cut(previous, point))
            previous = point
        points = result
    return points


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively (rings have a few hundred points at most)."""
    if len(points) < 4:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            px, py = points[index]
            if length == 0:  # a closed ring's ends: the distance to that point
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [points[index] for index in sorted(keep)]


def rings_of(wkb: bytes) -> list[list[tuple[float, float]]]:
    """The outer and inner rings of a WKB Polygon or MultiPolygon (lon, lat)."""
    rings: list[list[tuple[float, float]]] = []
    offset = 0

    def read(fmt: str) -> tuple[float | int, ...]:
        nonlocal offset
        values = struct.unpack_from("<" + fmt, wkb, offset)
        offset += struct.calcsize("<" + fmt)
        return values

    def polygon() -> None:
        (count,) = read("I")
        for _ in range(int(count)):
            (points,) = read("I")
            coordinates = read(f"{int(points) * 2}d")
            rings.append(list(zip(coordinates[0::2], coordinates[1::2], strict=True)))  # type: ignore[arg-type]

    order, kind = wkb[0], struct.unpack_from("<I", wkb, 1)[0]
    assert order == 1, "little-endian WKB expected"
    offset = 5
    if kind == 3:
        polygon()
    elif kind == 6:
        (parts,) = read("I")
        for _ in range(int(parts)):
            offset += 5  # each part's byte order and type
            polygon()
    return rings


def path_data(rings: list[list[tuple[float, float]]]) -> tuple[str, tuple[int, int] | None]:
    """SVG path data of the rings in the frame, and a point inside the largest."""
    h = height()
    parts, largest, best = [], None, 0.0
    for ring in rings:
        drawn = clip([to_drawing(*project(lon, lat)) for lon, lat in ring], WIDTH, h)
        drawn = simplify(drawn, TOLERANCE)
        if len(drawn) < 3:
            continue
        area = abs(
            sum(
                a[0] * b[1] - b[0] * a[1] for a, b in zip(drawn, drawn[1:] + drawn[:1], strict=True)
            )
        )
        if area < 2:
            continue  # an islet smaller than a pixel
        points = [f"{round(x)} {round(y)}" for x, y in drawn]
        deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        parts.append("M" + "L".join(deduplicated) + "Z")
        if area > best:
            best = area
            xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
            largest = (round(sum(xs) / len(xs)), round(sum(ys) / len(ys)))
    return "".join(parts), largest


def source_file() -> Path:
    spec = importlib.util.find_spec("pyogrio")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pyogrio is not installed: .venv/bin/pip install -e '.[tools]'")
    return Path(next(iter(spec.submodule_search_locations))) / SOURCE


def main() -> None:
    import pyogrio.raw

    aliases = get_global("territory_aliases")
    _meta, _fids, geometries, fields = pyogrio.raw.read(source_file())
    names, codes3 = fields[2], fields[3]
    countries: dict[str, dict[str, object]] = {}
    land: list[str] = []
    for name, code3, wkb in zip(names, codes3, geometries, strict=True):
        code = BY_NAME.get(str(name)) or next(iter(aliases.get(str(code3), [])), None)
        drawn, inside = path_data(rings_of(bytes(wkb)))
        if not drawn:
            continue
        if code is None or len(code) != 2:
            land.append(drawn)  # drawn, never a link: no code to search for
            continue
        countries[code] = {"path": drawn, "centre": inside}
    for code, (lon, lat) in SMALL_STATES.items():
        if code not in countries:
            x, y = to_drawing(*project(lon, lat))
            countries[code] = {"dot": [round(x), round(y)]}
    data = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via pyogrio",
        "width": WIDTH,
        "height": height(),
        "countries": dict(sorted(countries.items())),
        "land": land,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(
        f"Wrote {TARGET.relative_to(ROOT)}: {len(countries)} countries, "
        f"{TARGET.stat().st_size // 1024} KB"
    )


if __name__ == "__main__":
    main()
