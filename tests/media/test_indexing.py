"""Images are re-encoded once, when the index is updated, keyed by their content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalogue.indexing import IndexReport
from catalogue.media.store import MediaStore
from catalogue.settings import Settings
from tests.media import pictures
from tests.media.test_validate import FIELDS, with_media


def practice_with(write: Callable[..., Path], name: str, files: list[str]) -> Path:
    images = "".join(f"  - file: {file}\n    alt: Picture of {file}.\n" for file in files)
    return write(name, text=with_media(f"images:\n{images}"))


def test_derivatives_are_made_at_indexing_once_per_image(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    folder = settings.practices / "shared"
    folder.mkdir()
    pictures.picture(folder / "room.png", (900, 600))
    practice_with(write_practice, "first.md", ["shared/room.png"])
    practice_with(write_practice, "second.md", ["shared/room.png"])
    report = reindex()
    assert not report.problems, report.problems
    store = MediaStore(settings.media)
    [made] = list(settings.media.glob("??/*"))
    assert store.has_image(made.name)
    before = {path.name: path.stat().st_mtime_ns for path in made.iterdir()}
    assert {"160.webp", "360.jpg", "720.webp", "900.jpg"} <= set(before)
    reindex(rebuild=True)
    assert {path.name: path.stat().st_mtime_ns for path in made.iterdir()} == before


def test_a_photo_replaced_under_the_same_name_updates_the_practice(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    pictures.picture(settings.practices / "room.png", (400, 300))
    practice_with(write_practice, "room.md", ["room.png"])
    reindex()
    pictures.picture(settings.practices / "room.png", (640, 480))
    report = reindex()
    assert report.updated == 1
    assert len(list(settings.media.glob("??/*"))) == 2  # the new content has its own folder


def test_many_images_are_made_in_parallel(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    names = []
    for number in range(10):
        pictures.picture(settings.practices / f"p{number}.png", (300 + number, 200))
        names.append(f"p{number}.png")
    practice_with(write_practice, "ten.md", names)
    assert not reindex().problems
    store = MediaStore(settings.media)
    assert all(store.has_image(path.name) for path in settings.media.glob("??/*"))
    assert len(list(settings.media.glob("??/*"))) == 10


def test_a_practice_whose_photo_disappears_keeps_its_last_good_version(
    settings: Settings,
    write_practice: Callable[..., Path],
    reindex: Callable[..., IndexReport],
) -> None:
    pictures.picture(settings.practices / "room.png", (400, 300))
    practice_with(write_practice, "room.md", ["room.png"])
    reindex()
    (settings.practices / "room.png").unlink()
    report = reindex()
    assert [p.message for p in report.problems] == [
        "images 1: 'room.png' does not exist; put it beside the practice file or correct the path"
    ]
    assert FIELDS["title"]  # the practice is still served (its derivatives stay)
    assert len(list(settings.media.glob("??/*"))) == 1
