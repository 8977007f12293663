"""Indexing with images: photos as phones take them (12 megapixels, stored sideways with an
orientation tag and GPS) added to some practices of the corpus, then timed: the rebuild
that makes their derivatives (once per image, in one process per core), a second rebuild
that finds them made, an update that finds nothing changed, and an update after one
photo is replaced. Counts the files in the media store after each step, so "once per
image" is measured rather than assumed."""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from report import replace_marked

from catalogue.media.store import COMPLETE

#: A phone's photo, 4032 by 3024 pixels: about 2 MB as JPEG.
PHOTO_SIZE = (4032, 3024)
ORIENTATION, GPS_INFO = 0x0112, 0x8825


def phone_photo(path: Path, seed: int) -> None:
    """A photo-like JPEG (smooth noise and shapes, so it compresses as photos do), stored
    sideways with orientation 6, a camera model and a GPS position; each seed differs."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    noise = Image.effect_noise((width // 16, height // 16), 60).resize(PHOTO_SIZE)
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    image = Image.merge("RGB", [noise, gradient, noise.transpose(Image.Transpose.ROTATE_180)])
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse([x, y, x + rng.randrange(200, 900), y + rng.randrange(200, 900)], colour)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x0110] = "Bench Phone"
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (50.0, 3.0, 30.0), 3: "E", 4: (19.0, 56.0, 1.0)})
    image.save(path, "JPEG", quality=90, exif=exif)


def add_photos(data: Path, count: int) -> int:
    """Give ``count`` practices of the corpus (spread through it) one photo each."""
    originals = sorted(p for p in (data / "practices").glob("*.md") if p.stem.count(".") == 0)
    step = max(len(originals) // count, 1)
    chosen = originals[::step][:count]
    for number, path in enumerate(chosen):
        folder = path.parent / path.stem
        folder.mkdir(exist_ok=True)
        phone_photo(folder / "photo.jpg", number)
        text = path.read_text(encoding="utf-8")
        entry = f"images:\n  - file: {path.stem}/photo.jpg\n    alt: A photo of the practice.\n"
        head, _, body = text[4:].partition("---\n")
        path.write_text(f"---\n{head}{entry}---\n{body}", encoding="utf-8")
    return len(chosen)


def _store_files(media: Path) -> int:
    """Files readers can be served (each image folder's ``.complete`` mark aside)."""
    return sum(1 for path in media.rglob("*") if path.is_file() and path.name != COMPLETE)


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(catalogue: list[str], data: Path, out: Path, count: int) -> dict[str, Any]:
    """Seconds and store sizes of indexing ``data`` once ``count`` photos are added."""
    index, media = out / "media-index", out / "media-store"
    env = {**os.environ, "CATALOGUE_DATA": str(data), "CATALOGUE_INDEX": str(index)}
    env["CATALOGUE_MEDIA"] = str(media)
    for folder in (index, media):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    figures: dict[str, Any] = {"rebuild_without_s": _timed([*catalogue, "index", "--rebuild"], env)}
    started = time.perf_counter()
    figures["photos"] = add_photos(data, count)
    figures["photos_written_s"] = time.perf_counter() - started
    figures["photos_mb"] = sum(p.stat().st_size for p in data.glob("practices/*/photo.jpg")) / 1e6
    figures["rebuild_with_s"] = _timed([*catalogue, "index", "--rebuild"], env)
    figures["files_made"] = _store_files(media)
    figures["store_mb"] = sum(p.stat().st_size for p in media.rglob("*") if p.is_file()) / 1e6
    figures["rebuild_again_s"] = _timed([*catalogue, "index", "--rebuild"], env)
    figures["files_after_again"] = _store_files(media)
    figures["update_unchanged_s"] = _timed([*catalogue, "index"], env)
    replaced = next(iter(sorted(data.glob("practices/*/photo.jpg"))))
    phone_photo(replaced, 10**6)
    figures["update_one_photo_s"] = _timed([*catalogue, "index"], env)
    figures["files_after_one"] = _store_files(media)
    figures["cores"] = os.cpu_count() or 1
    return figures


def section(practices: int, figures: dict[str, Any]) -> str:
    """The figures as the paragraph and table of docs/performance.md."""
    photos = figures["photos"]
    image_work = figures["rebuild_with_s"] - figures["rebuild_again_s"]
    per_photo = image_work / photos
    made = figures["files_made"] // photos
    rows = [
        ("`index --rebuild`, no photos", f"{figures['rebuild_without_s']:.1f} s"),
        (
            f"`index --rebuild`, {photos} new photos (derivatives made)",
            f"{figures['rebuild_with_s']:.1f} s",
        ),
        (
            "`index --rebuild` again (derivatives already made)",
            f"{figures['rebuild_again_s']:.1f} s",
        ),
        ("`index`, nothing changed", f"{figures['update_unchanged_s']:.2f} s"),
        ("`index` after one photo was replaced", f"{figures['update_one_photo_s']:.2f} s"),
    ]
    table = "\n".join(
        ["| step | time |", "|---|---|", *(f"| {step} | {value} |" for step, value in rows)]
    )
    return "\n\n".join(
        [
            f"### Indexing with images: {practices:,} practices, {photos} phone photos "
            f"({time.strftime('%Y-%m-%d')})",
            f"Photos of {PHOTO_SIZE[0]} \N{MULTIPLICATION SIGN} {PHOTO_SIZE[1]} pixels, "
            "stored sideways with an "
            f"orientation tag and GPS, {figures['photos_mb'] / photos:.1f} MB each; "
            f"{figures['cores']} cores.",
            table,
            f"Each photo costs {per_photo:.2f} s of the first rebuild on {figures['cores']} "
            f"cores, all {photos} together {image_work:.1f} s; "
            f"{made} files each (five widths, WebP and JPEG), {figures['store_mb']:.1f} MB in "
            f"the media store. Files in the store after the second rebuild: "
            f"{figures['files_after_again']} (none made again); after replacing one photo: "
            f"{figures['files_after_one']} (that photo's {made} only).",
        ]
    )


def write_section(document: Path, practices: int, figures: dict[str, Any]) -> None:
    """Replace the media section of ``document`` between its markers (or append it)."""
    replace_marked(document, "<!-- bench:media -->", section(practices, figures))
