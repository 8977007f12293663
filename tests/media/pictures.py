"""Pictures and documents made in the tests, as phones and office programs make them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image, ImageCms

#: EXIF tags: orientation, and the GPS block's pointer.
ORIENTATION, GPS_INFO = 0x0112, 0x8825
#: A position a phone would record (a reception centre, say): what must never leak.
GPS = {1: "N", 2: (50.0, 3.0, 30.0), 3: "E", 4: (19.0, 56.0, 10.0)}
#: XMP as phones write it, with the place again (and a face region, say).
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="50,3.5N" exif:GPSLongitude="19,56.2E"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(path: Path, size: tuple[int, int] = (400, 300)) -> Path:
    """A JPEG as a phone takes it held upright: stored sideways with orientation 6
    (turn 90° clockwise to view), GPS coordinates, a camera serial, XMP and an ICC profile.

    The stored picture is red on its left half and blue on its right: viewed upright,
    red is at the top.
    """
    width, height = size
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = "SERIAL-123456789"  # body serial number
    exif.get_ifd(GPS_INFO).update(GPS)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", exif=exif, icc_profile=icc, xmp=XMP, quality=95)
    return path


def picture(path: Path, size: tuple[int, int] = (800, 600), kind: str = "PNG") -> Path:
    """A plain picture of ``size``."""
    Image.new("RGB", size, (20, 120, 90)).save(path, kind)
    return path


def pdf(path: Path) -> Path:
    """A small PDF, made with Pillow."""
    Image.new("RGB", (200, 280), "white").save(path, "PDF")
    return path


def _zip(path: Path, entries: dict[str, str], stored_first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, entries.pop(stored_first), zipfile.ZIP_STORED)
        for name, text in entries.items():
            archive.writestr(name, text, zipfile.ZIP_DEFLATED)
    return path


def odt(path: Path, mimetype: str = "application/vnd.oasis.opendocument.text") -> Path:
    """An OpenDocument file: its ``mimetype`` entry first, stored."""
    return _zip(path, {"mimetype": mimetype, "content.xml": "<office:document/>"}, "mimetype")


_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml(path: Path, kind: str = "docx", *, with_part: bool = True) -> Path:
    """An Office Open XML file whose [Content_Types].xml names its main part."""
    part, content_type = _MAIN[kind]
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{part}" ContentType="application/'
        f'vnd.openxmlformats-officedocument.{content_type}"/></Types>'
    )
    entries = {"[Content_Types].xml": types}
    if with_part:
        entries[part] = "<document/>"
    return _zip(path, entries)


def jpeg_bytes(size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(buffer, "JPEG")
    return buffer.getvalue()
