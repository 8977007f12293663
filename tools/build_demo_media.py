"""Make the demo practices' pictures and materials: drawn illustrations and plans (Pillow),
leaflets and lesson plans written for the demo (PDF with WeasyPrint, ODT and DOCX as the
ZIP containers they are). Everything here is made by the project; nothing is copied.

    .venv/bin/python tools/build_demo_media.py

Writes ``data/practices/<slug>/…`` and the ``images`` and ``materials`` fields at the end
of each practice file's front matter (``image_alts`` in its translations), replacing what
an earlier run wrote. The words are in ``tools/demo_media_texts.py``.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
PRACTICES = ROOT / "data" / "practices"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (1200, 800)
CREDIT, LICENCE = "Catalogue demo (example)", "CC-BY-4.0"

PAPER, INK, BLUE, GREEN, SAND, ROSE, TEAL = (
    "#f4efe6", "#23303d", "#1b4f8f", "#3d7a55", "#e9c98b", "#c8566b", "#2a8c8c",
)  # fmt: skip


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu, which has every letter of the demo's languages (Cyrillic too)."""
    return ImageFont.truetype(BOLD if bold else FONT, size)


# --- Drawings ------------------------------------------------------------------------


def table_scene(labels: list[str], cloth: str = SAND) -> Image.Image:
    """A conversation table seen from above: chairs, cups, a teapot, name cards."""
    image = Image.new("RGB", SIZE, "#d9cbb4")
    draw = ImageDraw.Draw(image)
    for x in range(0, SIZE[0], 80):  # floorboards
        draw.line([(x, 0), (x, SIZE[1])], fill="#cdbda3", width=3)
    cx, cy, r = 600, 400, 250
    seats = len(labels)
    for index in range(seats):
        angle = 2 * math.pi * index / seats - math.pi / 2
        sx, sy = cx + (r + 85) * math.cos(angle), cy + (r + 85) * math.sin(angle)
        draw.ellipse(
            [sx - 55, sy - 55, sx + 55, sy + 55], fill=[BLUE, GREEN, ROSE, TEAL][index % 4]
        )
        draw.ellipse([sx - 30, sy - 30, sx + 30, sy + 30], fill="#f2d7b6")  # a head, from above
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=cloth, outline="#b8955a", width=6)
    for index, label in enumerate(labels):
        angle = 2 * math.pi * index / seats - math.pi / 2
        ux, uy = cx + (r - 60) * math.cos(angle), cy + (r - 60) * math.sin(angle)
        draw.ellipse([ux - 24, uy - 24, ux + 24, uy + 24], fill="white", outline=INK, width=3)
        draw.ellipse([ux - 14, uy - 14, ux + 14, uy + 14], fill="#9b5d2e")  # tea
        nx, ny = cx + (r - 130) * math.cos(angle), cy + (r - 130) * math.sin(angle)
        text = font(22, True)
        width = draw.textlength(label, font=text)
        draw.rectangle([nx - width / 2 - 8, ny - 16, nx + width / 2 + 8, ny + 16], fill="white")
        draw.text((nx, ny), label, fill=INK, font=text, anchor="mm")
    draw.ellipse([cx - 45, cy - 45, cx + 45, cy + 45], fill=TEAL, outline=INK, width=4)
    return image


def floor_plan(
    title: str,
    rooms: list[tuple[str, tuple[int, int, int, int], str]],
    route: list[tuple[int, int]] | None = None,
) -> Image.Image:
    """A floor plan: rooms with their names, and a dotted route through them."""
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, SIZE[0], 40):
        draw.line([(x, 0), (x, SIZE[1])], fill="#eef2f7")
    for y in range(0, SIZE[1], 40):
        draw.line([(0, y), (SIZE[0], y)], fill="#eef2f7")
    draw.text((60, 40), title, fill=INK, font=font(40, True))
    for name, (x0, y0, x1, y1), colour in rooms:
        draw.rectangle([x0, y0, x1, y1], fill=colour, outline=INK, width=6)
        draw.text(((x0 + x1) / 2, (y0 + y1) / 2), name, fill=INK, font=font(28, True), anchor="mm")
    if route:
        for (ax, ay), (bx, by) in itertools.pairwise(route):
            steps = int(math.hypot(bx - ax, by - ay) // 24)
            for step in range(steps):
                t = step / max(steps, 1)
                px, py = ax + (bx - ax) * t, ay + (by - ay) * t
                draw.ellipse([px - 6, py - 6, px + 6, py + 6], fill=ROSE)
        ex, ey = route[-1]
        draw.polygon([(ex, ey - 20), (ex + 30, ey), (ex, ey + 20)], fill=ROSE)
    return image


def poster(heading: str, lines: list[str], accent: str = BLUE) -> Image.Image:
    """A notice-board poster with speech bubbles."""
    image = Image.new("RGB", SIZE, "#8a6a4a")
    draw = ImageDraw.Draw(image)
    draw.rectangle([150, 40, 1050, 760], fill=PAPER, outline="#5a4330", width=8)
    draw.rectangle([150, 40, 1050, 200], fill=accent)
    draw.text((600, 120), heading, fill="white", font=font(54, True), anchor="mm")
    for index, line in enumerate(lines):
        draw.text((600, 270 + index * 70), line, fill=INK, font=font(36), anchor="mm")
    for bx, by, colour in ((290, 640, GREEN), (480, 610, ROSE), (720, 640, TEAL), (900, 610, SAND)):
        draw.rounded_rectangle([bx - 80, by - 50, bx + 80, by + 40], radius=30, fill=colour)
        draw.polygon([(bx - 30, by + 35), (bx - 50, by + 75), (bx + 5, by + 38)], fill=colour)
        for dot in (-40, 0, 40):
            draw.ellipse([bx + dot - 9, by - 14, bx + dot + 9, by + 4], fill="white")
    for pin in ((180, 70), (1020, 70), (180, 730), (1020, 730)):
        draw.ellipse([pin[0] - 12, pin[1] - 12, pin[0] + 12, pin[1] + 12], fill=ROSE)
    return image


def story_corner(book_words: tuple[str, str]) -> Image.Image:
    """A story corner: a rug, cushions, an open book with a word in two languages."""
    image = Image.new("RGB", SIZE, "#dfe8ef")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 520, SIZE[0], SIZE[1]], fill="#c9b79c")
    draw.ellipse([160, 430, 1040, 780], fill=ROSE)
    draw.ellipse([240, 470, 960, 740], fill="#e28a98")
    for x, colour in ((260, BLUE), (420, GREEN), (780, TEAL), (930, SAND)):
        draw.ellipse([x - 70, 560, x + 70, 660], fill=colour, outline=INK, width=3)
    draw.polygon([(420, 330), (600, 360), (600, 560), (420, 530)], fill="white", outline=INK)
    draw.polygon([(780, 330), (600, 360), (600, 560), (780, 530)], fill="white", outline=INK)
    draw.text((510, 440), book_words[0], fill=BLUE, font=font(34, True), anchor="mm")
    draw.text((690, 440), book_words[1], fill=GREEN, font=font(34, True), anchor="mm")
    for x in range(80, 1150, 180):  # shelves at the back
        draw.rectangle([x, 80, x + 140, 300], fill="#a77b52")
        for shelf in (120, 200, 280):
            for book in range(6):
                draw.rectangle(
                    [x + 8 + book * 21, shelf - 34, x + 24 + book * 21, shelf],
                    fill=[BLUE, GREEN, ROSE, TEAL, SAND, INK][(book + x) % 6],
                )
    return image


def library_van(side_text: str) -> Image.Image:
    """A mobile library van by a tent, with its shelves open."""
    image = Image.new("RGB", SIZE, "#bfe0f2")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill="#d8c7a0")
    draw.ellipse([900, 60, 1040, 200], fill="#ffd45c")
    draw.rounded_rectangle([120, 260, 820, 600], radius=30, fill="white", outline=INK, width=6)
    draw.rectangle([820, 360, 1000, 600], fill="white", outline=INK, width=6)
    draw.rectangle([850, 390, 970, 470], fill="#bfe0f2", outline=INK, width=4)
    draw.rectangle([180, 300, 560, 520], fill="#a77b52")
    for shelf in (360, 430, 500):
        for book in range(16):
            draw.rectangle(
                [190 + book * 23, shelf - 50, 208 + book * 23, shelf],
                fill=[BLUE, GREEN, ROSE, TEAL, SAND][book % 5],
            )
    draw.text((470, 283), side_text, fill=BLUE, font=font(30, True), anchor="mm")
    for wheel in (260, 880):
        draw.ellipse([wheel - 60, 550, wheel + 60, 670], fill=INK)
        draw.ellipse([wheel - 25, 585, wheel + 25, 635], fill="#9aa3ad")
    draw.polygon([(1040, 600), (1130, 420), (1190, 600)], fill=GREEN)
    return image


def exhibition(heading: str, panels: list[str]) -> Image.Image:
    """An exhibition wall: framed panels, each with a small drawing and its title."""
    image = Image.new("RGB", SIZE, "#efe9df")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill="#b99a74")
    draw.text((600, 90), heading, fill=INK, font=font(52, True), anchor="mm")
    colours = [BLUE, GREEN, ROSE, TEAL]
    for index, title in enumerate(panels):
        x0 = 70 + index * 275
        draw.rectangle([x0, 170, x0 + 235, 500], fill="white", outline=INK, width=8)
        colour = colours[index % len(colours)]
        if index % 2:  # a comic strip of three panels
            for row in range(3):
                y = 195 + row * 80
                draw.rectangle([x0 + 25, y, x0 + 210, y + 65], outline=colour, width=5)
                draw.ellipse([x0 + 40 + row * 50, y + 14, x0 + 76 + row * 50, y + 50], fill=colour)
        else:  # a landscape with a sun
            draw.rectangle([x0 + 25, 195, x0 + 210, 430], fill="#dfe8ef")
            draw.polygon([(x0 + 25, 430), (x0 + 110, 280), (x0 + 210, 430)], fill=colour)
            draw.ellipse([x0 + 150, 210, x0 + 195, 255], fill="#ffd45c")
        draw.text((x0 + 117, 465), title, fill=INK, font=font(28, True), anchor="mm")
        draw.line([(x0 + 117, 150), (x0 + 117, 170)], fill=INK, width=3)
    for x in (180, 600, 1020):  # visitors' heads, from behind
        draw.ellipse([x - 45, 600, x + 45, 690], fill="#5a4330")
        draw.rounded_rectangle([x - 80, 680, x + 80, 800], radius=40, fill=colours[x % 4])
    return image


# --- Documents -----------------------------------------------------------------------


def _blocks(paragraphs: list[str]) -> list[tuple[str, list[str]]]:
    """Paragraphs grouped: ("p", [text]) or ("ul", [item, ...]) for runs of ``- `` items."""
    blocks: list[tuple[str, list[str]]] = []
    for paragraph in paragraphs:
        if paragraph.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(paragraph[2:])
            else:
                blocks.append(("ul", [paragraph[2:]]))
        else:
            blocks.append(("p", [paragraph]))
    return blocks


def write_pdf(path: Path, lang: str, title: str, paragraphs: list[str]) -> None:
    """An A4 leaflet made with WeasyPrint (its fonts subset: a few tens of KB)."""
    from weasyprint import HTML

    body = "".join(
        "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in texts) + "</ul>"
        if kind == "ul"
        else f"<p>{html.escape(texts[0])}</p>"
        for kind, texts in _blocks(paragraphs)
    )
    document = (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<style>@page{size:A4;margin:2cm}body{font-family:'DejaVu Sans';font-size:11pt;"
        "line-height:1.45;color:#23303d}h1{color:#1b4f8f;font-size:20pt}"
        "li{margin:.3em 0}footer{margin-top:2em;font-size:9pt;color:#555}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}"
        f"<footer>{CREDIT} · {LICENCE}</footer></body></html>"
    )
    HTML(string=document).write_pdf(path, metadata=False)


def write_odt(path: Path, lang: str, title: str, paragraphs: list[str]) -> None:
    """A minimal OpenDocument text: its mimetype first and stored, a manifest, content."""
    text = "".join(f"<text:p>{html.escape(p)}</text:p>" for p in [*paragraphs, CREDIT])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        f'office:version="1.3" xml:lang="{lang}">'
        f'<office:body><office:text><text:h text:outline-level="1">{html.escape(title)}'
        f"</text:h>{text}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def write_docx(path: Path, lang: str, title: str, paragraphs: list[str]) -> None:
    """A minimal Word document: content types, the package relation, the document."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def paragraph(text: str, bold: bool = False) -> str:
        size = "<w:b/><w:sz w:val='32'/>" if bold else ""
        run = f'<w:rPr>{size}<w:lang w:val="{lang}"/></w:rPr>'
        return f'<w:p><w:r>{run}<w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'

    body = paragraph(title, True) + "".join(paragraph(p) for p in [*paragraphs, CREDIT])
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        'document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)


WRITERS: dict[str, Callable[[Path, str, str, list[str]], None]] = {
    "pdf": write_pdf,
    "odt": write_odt,
    "docx": write_docx,
}
DRAWINGS: dict[str, Callable[..., Image.Image]] = {
    "table": table_scene,
    "plan": floor_plan,
    "poster": poster,
    "story": story_corner,
    "van": library_van,
    "exhibition": exhibition,
}


# --- The demo ------------------------------------------------------------------------


def build(slug: str, lang: str, demo: dict[str, Any]) -> tuple[str, dict[str, list[str]]]:
    """Make a practice's files; return its ``images``/``materials`` front matter and,
    per translation language, the alt texts of its pictures."""
    folder = PRACTICES / slug
    folder.mkdir(exist_ok=True)
    images, materials, alts = [], [], {}
    for name, drawing, arguments, alt, translated in demo["pictures"]:
        image = DRAWINGS[drawing](*arguments)
        path = folder / name
        if path.suffix == ".jpg":
            image.save(path, "JPEG", quality=78, optimize=True, progressive=True)
        else:  # flat colours: a small palette keeps a drawing to a few tens of KB
            image.quantize(32, dither=Image.Dither.NONE).save(path, "PNG", optimize=True)
        images.append(
            f"  - file: {slug}/{name}\n    alt: {_yaml(alt)}\n"
            f"    credit: {CREDIT}\n    licence: {LICENCE}\n"
        )
        for other, text in translated.items():
            alts.setdefault(other, []).append(text)
    for name, title, paragraphs in demo["documents"]:
        WRITERS[name.rsplit(".", 1)[1]](folder / name, lang, title, paragraphs)
        materials.append(f"  - file: {slug}/{name}\n    title: {_yaml(title)}\n")
    return "images:\n" + "".join(images) + "materials:\n" + "".join(materials), alts


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _with_fields(path: Path, keys: tuple[str, ...], block: str) -> None:
    """Rewrite the front matter of ``path`` without ``keys`` and with ``block`` at its end."""
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    kept, skipping = [], False
    for line in head.splitlines(keepends=True):
        if line.startswith(tuple(f"{key}:" for key in keys)):
            skipping = True
        elif not (skipping and line.startswith(("  ", "-"))):
            skipping = False
            kept.append(line)
    path.write_text("---\n" + "".join(kept) + block + "---\n" + body, encoding="utf-8")


def main() -> None:
    """Make every demo practice's media and write their fields."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_media_texts import DEMOS

    total = 0
    for slug, demo in DEMOS.items():
        original = PRACTICES / f"{slug}.md"
        lang = next(
            line.split(":", 1)[1].strip()
            for line in original.read_text(encoding="utf-8").splitlines()
            if line.startswith("lang:")
        )
        front, alts = build(slug, lang, demo)
        _with_fields(original, ("images", "materials"), front)
        for other, texts in alts.items():
            block = "image_alts:\n" + "".join(f"  - {_yaml(text)}\n" for text in texts)
            _with_fields(PRACTICES / f"{slug}.{other}.md", ("image_alts",), block)
        total += sum(path.stat().st_size for path in (PRACTICES / slug).iterdir())
    print(f"Made the media of {len(DEMOS)} demo practices: {total / 1e6:.2f} MB in all")


if __name__ == "__main__":
    main()
