"""`catalogue validate` reports every media problem at the line of its `file` key."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from catalogue.cli import main
from catalogue.content.fields import Context
from catalogue.content.validate import read_practice_file
from tests.conftest import VALID_FIELDS, practice_text
from tests.media import pictures

FIELDS = dict(VALID_FIELDS.items())


def with_media(media: str) -> str:
    """A valid practice whose front matter ends with ``media`` (YAML, block style)."""
    text = practice_text(FIELDS)
    head, body = text[4:].split("---\n", 1)
    return f"---\n{head}{media}---\n{body}"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def run_validate(runner: CliRunner, path: Path) -> list[str]:
    result = runner.invoke(main, ["validate", str(path)])
    return result.output.splitlines()


def test_every_media_problem_is_reported_at_its_file_key(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    folder = data_dir / "practices" / "club"
    folder.mkdir()
    pictures.picture(folder / "table.png")
    (folder / "plan.pdf").write_text("<html><script>alert(1)</script></html>")
    pictures.picture(tmp_path / "outside.png")
    os.symlink(tmp_path / "outside.png", folder / "linked.png")
    media = (
        "images:\n"
        "  - file: club/table.png\n"
        "    alt: The table, ready for the club.\n"
        "  - file: club/missing.jpg\n"
        "    alt: Missing.\n"
        "  - file: ../../outside.png\n"
        "    alt: Outside.\n"
        "  - file: club/linked.png\n"
        "    alt: Linked.\n"
        "  - file: club/table.png\n"
        "materials:\n"
        "  - file: club/plan.pdf\n"
        "    title: Plan of a first meeting\n"
    )
    text = with_media(media)
    path = data_dir / "practices" / "club.md"
    path.write_text(text)
    output = run_validate(runner, path)
    expected = {
        line_of(text, "club/missing.jpg"): "does not exist",
        line_of(text, "../../outside.png"): "leads outside data/practices/",
        line_of(text, "club/linked.png"): "leads outside data/practices/",
        line_of(text, "club/table.png", 2): "alt is missing",
        line_of(text, "club/plan.pdf"): "its content is text/html",
    }
    for line, message in expected.items():
        assert any(f"club.md:{line}:" in out and message in out for out in output), (line, output)
    assert output[-1].startswith("Checked")
    assert "5 problems in 1 file" in output[-1]


def test_too_many_images_is_an_error_at_the_field(
    write_practice: Callable[..., Path], data_dir: Path, context: Context
) -> None:
    pictures.picture(data_dir / "practices" / "p.png", (200, 200))
    images = "".join(f"  - file: p.png\n    alt: Picture {n}.\n" for n in range(11))
    path = write_practice("many.md", text=with_media(f"images:\n{images}"))
    [problem] = read_practice_file(path, context).problems
    assert "images has 11 entries; at most 10" in problem.message
    assert problem.line == line_of(path.read_text(), "images:")


def test_a_valid_practice_with_media_knows_their_content(
    write_practice: Callable[..., Path], data_dir: Path, context: Context
) -> None:
    folder = data_dir / "practices" / "club"
    folder.mkdir()
    pictures.phone_photo(folder / "IMG_0001.jpg")
    pictures.pdf(folder / "plan.pdf")
    media = (
        "images:\n  - file: club/IMG_0001.jpg\n    alt: Tea on the table.\n"
        "    credit: Library (example)\n    licence: CC-BY-4.0\n"
        "materials:\n  - file: club/plan.pdf\n    title: Plan\n"
    )
    result = read_practice_file(write_practice("club.md", text=with_media(media)), context)
    assert result.ok, result.problems
    assert result.practice is not None
    [image], [material] = result.practice.images, result.practice.materials
    assert (image.path, image.type) == ("club/IMG_0001.jpg", "jpeg")
    assert (image.width, image.height) == (300, 400)
    assert (material.path, material.type, material.title) == ("club/plan.pdf", "pdf", "Plan")
    assert len(image.digest) == 64


def test_a_licence_must_be_an_spdx_id(
    write_practice: Callable[..., Path], data_dir: Path, context: Context
) -> None:
    pictures.picture(data_dir / "practices" / "p.png", (200, 200))
    media = "images:\n  - file: p.png\n    alt: A room.\n    licence: CC BY 4.0\n"
    [problem] = read_practice_file(write_practice("l.md", text=with_media(media)), context).problems
    assert "not an SPDX id such as CC-BY-4.0 (did you mean 'CC-BY-4.0'?)" in problem.message
    assert problem.line == line_of(with_media(media), "licence:")


def test_a_translation_gives_one_alt_text_per_image(
    runner: CliRunner, write_practice: Callable[..., Path], data_dir: Path
) -> None:
    pictures.picture(data_dir / "practices" / "p.png", (200, 200))
    media = "images:\n  - file: p.png\n    alt: A room.\n  - file: p.png\n    alt: A table.\n"
    write_practice("club.md", text=with_media(media))
    translation = practice_text(
        {
            "title": "Club de conversation",
            "summary": "Des rencontres de conversation chaque semaine, avec garde d'enfants.",
            "lang": "fr",
            "image_alts": ["Une salle."],
        }
    )
    path = write_practice("club.fr.md", text=translation)
    output = run_validate(runner, path)
    assert any(
        f"club.fr.md:{line_of(translation, 'image_alts')}: image_alts has 1 texts but the "
        "original has 2 images" in line
        for line in output
    ), output


def test_image_alts_belong_to_translations(
    write_practice: Callable[..., Path], context: Context
) -> None:
    path = write_practice("o.md", {**FIELDS, "image_alts": ["A room."]})
    [problem] = read_practice_file(path, context).problems
    assert "belongs to a translation" in problem.message
