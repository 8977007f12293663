"""Photos readers get: upright, in sRGB, in several widths, with no metadata at all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from catalogue.content.fields import FieldError
from catalogue.media.images import (
    check_image,
    derivative_names,
    make_derivatives,
    reencode,
    widths_for,
)
from tests.media.pictures import GPS_INFO, phone_photo, picture

METADATA_MARKERS = (b"Exif", b"GPS", b"PhoneMaker", b"SERIAL-123456789", b"ICC_PROFILE", b"XMP")


def test_a_phone_photo_comes_out_upright_without_any_metadata(tmp_path: Path) -> None:
    source = phone_photo(tmp_path / "IMG_0001.jpg")
    names = make_derivatives(source, tmp_path / "out")
    assert names  # every width, in both formats
    for name in names:
        data = (tmp_path / "out" / name).read_bytes()
        for marker in METADATA_MARKERS:
            assert marker not in data, (name, marker)
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif(), name
            assert GPS_INFO not in image.getexif()
            assert "icc_profile" not in image.info, name
            assert "exif" not in image.info, name
            assert "xmp" not in image.info, name
            image = image.convert("RGB")
            # Stored 400x300 sideways with orientation 6: upright it is 300 wide, 400 high,
            # and the red half (stored left) is now at the top.
            assert image.height > image.width, name
            top = image.getpixel((image.width // 2, image.height // 8))
            bottom = image.getpixel((image.width // 2, image.height * 7 // 8))
            assert (top[0] > 200, top[2] < 60) == (True, True), (name, top)
            assert (bottom[2] > 200, bottom[0] < 60) == (True, True), (name, bottom)


def test_the_probe_reports_the_upright_size(tmp_path: Path) -> None:
    source = phone_photo(tmp_path / "IMG_0002.jpg")
    assert check_image(source, "jpeg", 40_000_000, "IMG_0002.jpg") == (300, 400)


def test_widths_for_phones_and_screens_never_upscale(tmp_path: Path) -> None:
    assert widths_for(3000) == (160, 360, 720, 1200, 1800)
    assert widths_for(1000) == (160, 360, 720, 1000)
    assert widths_for(120) == (120,)
    names = make_derivatives(picture(tmp_path / "small.png", (500, 200)), tmp_path / "out")
    assert sorted(names) == ["160.jpg", "160.webp", "360.jpg", "360.webp", "500.jpg", "500.webp"]
    with Image.open(tmp_path / "out" / "500.webp") as image:
        assert image.size == (500, 200)


def test_a_large_photo_is_decoded_at_a_reduced_scale_yet_made_in_every_width(
    tmp_path: Path,
) -> None:
    source = picture(tmp_path / "wide.jpg", (4000, 300), "JPEG")  # libjpeg halves it
    names = make_derivatives(source, tmp_path / "out")
    assert names == derivative_names(4000)
    for width in (1800, 160):
        with Image.open(tmp_path / "out" / f"{width}.jpg") as image:
            assert image.size == (width, round(300 * width / 4000))


def test_a_picture_with_transparency_keeps_it_in_webp_and_gets_white_in_jpeg(
    tmp_path: Path,
) -> None:
    source = tmp_path / "logo.png"
    Image.new("RGBA", (400, 400), (0, 0, 0, 0)).save(source)
    make_derivatives(source, tmp_path / "out")
    with Image.open(tmp_path / "out" / "400.webp") as webp:
        assert webp.mode == "RGBA"
        assert webp.getpixel((10, 10))[3] == 0
    with Image.open(tmp_path / "out" / "400.jpg") as jpeg:
        assert jpeg.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)


def test_an_image_given_as_material_is_reencoded_at_full_size_without_metadata(
    tmp_path: Path,
) -> None:
    reencode(phone_photo(tmp_path / "poster.jpg"), tmp_path / "copy.jpg", "jpeg")
    data = (tmp_path / "copy.jpg").read_bytes()
    assert b"GPS" not in data
    assert b"SERIAL-123456789" not in data
    with Image.open(tmp_path / "copy.jpg") as image:
        assert image.size == (300, 400)
        assert not image.getexif()


def test_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    # 8,000 x 6,000 = 48 MP in a file of a few hundred KB: a decompression bomb.
    source = tmp_path / "huge.png"
    Image.new("1", (8000, 6000)).save(source)
    with pytest.raises(FieldError, match="more than 40 megapixels"):
        check_image(source, "png", 40_000_000, "huge.png")


def test_a_truncated_photo_is_refused(tmp_path: Path) -> None:
    source = phone_photo(tmp_path / "cut.jpg", (1200, 900))
    source.write_bytes(source.read_bytes()[:4000])
    with pytest.raises(FieldError, match="cannot be read as an image"):
        check_image(source, "jpeg", 40_000_000, "cut.jpg")
