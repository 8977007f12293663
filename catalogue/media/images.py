"""Photos as readers get them: decoded with a limit on pixels, turned upright, converted
to sRGB, and re-encoded without any metadata (EXIF, GPS, XMP, ICC) in widths for phones
and screens, as WebP with a JPEG fallback. Nothing uploaded is ever served as it came."""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps

from catalogue.content.checks import N_, FieldError

#: Pillow's decompression-bomb limit: past it, opening warns (made an error below), and
#: past twice it Pillow refuses by itself. The contract's limit is the same.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
#: A truncated file is an error, never half a picture.
ImageFile.LOAD_TRUNCATED_IMAGES = False

#: Widths made of each image (never wider than the image itself). 160 is the thumbnail
#: of result cards and the review page; the others serve phones and screens at 1x to 3x.
WIDTHS = (160, 360, 720, 1200, 1800)
THUMBNAIL_WIDTH = 160
#: The formats of each width, the first preferred: WebP, and JPEG for older browsers.
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
_ORIENTATION = 0x0112
_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
_SRGB = ImageCms.createProfile("sRGB")
LANCZOS = Image.Resampling.LANCZOS


class UnreadableImage(Exception):
    """An image that cannot be decoded; the message says why."""


@contextmanager
def _bomb_guard() -> Iterator[None]:
    """Pillow's DecompressionBombWarning as an error, for the block only."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def check_image(path: Path, expected: str, max_pixels: int, name: str) -> tuple[int, int]:
    """The upright width and height of an image that decodes; FieldError otherwise."""
    try:
        with _bomb_guard(), Image.open(path) as image:
            if image.format != _PILLOW_FORMATS[expected]:
                raise UnreadableImage(f"Pillow reads it as {image.format}")
            width, height = image.size
            if width * height > max_pixels:
                raise Image.DecompressionBombError("too many pixels")
            # JPEG decodes at an eighth of its size here: every byte is still read.
            image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
            image.load()
            orientation = image.getexif().get(_ORIENTATION, 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FieldError(
            N_("'%(file)s' has more than %(limit)d megapixels; make it smaller"),
            file=name,
            limit=max_pixels // 1_000_000,
        ) from None
    except (OSError, ValueError, SyntaxError, UnreadableImage, Warning) as error:
        raise FieldError(
            N_("'%(file)s' cannot be read as an image (%(reason)s); save it again as JPEG or PNG"),
            file=name,
            reason=str(error) or type(error).__name__,
        ) from None
    if orientation in _SWAPPING_ORIENTATIONS:
        width, height = height, width
    return width, height


def widths_for(width: int) -> tuple[int, ...]:
    """The widths made of an image ``width`` pixels wide: never upscaled."""
    made = tuple(w for w in WIDTHS if w < width)
    return (*made, width) if width < WIDTHS[-1] and width not in made else made or (width,)


def upright_srgb(path: Path, widest: int | None = None) -> Image.Image:
    """The image decoded, turned by its orientation tag, in sRGB (RGB or RGBA), with
    no metadata attached. With ``widest``, a JPEG may be decoded at a half, a quarter
    or an eighth of its size, never narrower (upright) than ``widest`` pixels."""
    with _bomb_guard(), Image.open(path) as opened:
        if widest is not None and opened.format == "JPEG":
            _decode_at_least(opened, widest)
        opened.load()
        image = ImageOps.exif_transpose(opened)
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    target = "RGBA" if has_alpha else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=output)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours as they are, rather than no picture
    clean = image.convert(target)
    clean.info = {}
    return clean


def _decode_at_least(image: ImageFile.ImageFile, widest: int) -> None:
    """Let libjpeg scale while decoding (far cheaper than decoding in full and resizing),
    keeping the upright width at least ``widest``."""
    width, height = image.size
    upright = height if image.getexif().get(_ORIENTATION, 1) in _SWAPPING_ORIENTATIONS else width
    if upright <= widest:
        return
    factor = widest / upright
    image.draft(
        image.mode, (max(round(width * factor + 0.5), 1), max(round(height * factor + 0.5), 1))
    )


def derivative_names(width: int) -> list[str]:
    """File names of every derivative of an image ``width`` pixels wide."""
    return [f"{w}.{ext}" for w in widths_for(width) for ext in FORMATS]


def make_derivatives(source: Path, folder: Path) -> list[str]:
    """Write every width and format of ``source`` into ``folder``; return their names.

    Written under temporary names and renamed, so a reader never gets half a file.
    Each width is made from the next larger one (at most 2.5 times as wide), which
    costs a fraction of resizing the full photo each time and looks the same.
    """
    image = upright_srgb(source, widest=WIDTHS[-1])
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    larger = image
    for width in sorted(widths_for(image.width), reverse=True):
        height = max(round(image.height * width / image.width), 1)
        sized = larger if width == larger.width else larger.resize((width, height), LANCZOS)
        for extension, (encoder, _mime) in FORMATS.items():
            names.append(_save(sized, encoder, folder / f"{width}.{extension}"))
        larger = sized
    return derivative_names(image.width)  # every name written above, smallest first


def _save(image: Image.Image, encoder: str, target: Path) -> str:
    picture = image
    if encoder == "JPEG" and image.mode == "RGBA":
        picture = Image.new("RGB", image.size, "white")
        picture.paste(image, mask=image.getchannel("A"))
    picture.info = {}  # resize copies info: nothing of the original may travel along
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if encoder == "JPEG":
        picture.save(temporary, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        picture.save(temporary, "WEBP", quality=80, method=4)
    os.replace(temporary, target)
    return target.name


def reencode(source: Path, target: Path, image_type: str) -> None:
    """``source`` re-encoded at full size in its own format, upright, without metadata:
    how an image given as a material is offered for download."""
    image = upright_srgb(source)
    encoder = _PILLOW_FORMATS[image_type]
    if encoder == "JPEG" and image.mode == "RGBA":
        image = image.convert("RGB")
    image.info = {}
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    options = {"quality": 90} if encoder in ("JPEG", "WEBP") else {"optimize": True}
    image.save(temporary, encoder, **options)
    os.replace(temporary, target)
