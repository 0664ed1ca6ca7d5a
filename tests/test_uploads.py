"""Uploaded images are decoded in full, size-capped in pixels and re-encoded without metadata (FILE-01)."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ptplan.files.services import MAX_PIXELS, UploadError, clean_image


def _image(fmt: str, size=(64, 48), mode="RGB", **save) -> bytes:
    out = BytesIO()
    Image.new(mode, size, "#7cc4b4").save(out, fmt, **save)
    return out.getvalue()


def _photo(fmt: str) -> bytes:
    """A noisy picture: its compressed pixels fill the file, so cutting it cuts pixels."""
    out = BytesIO()
    Image.frombytes("RGB", (64, 48), bytes((i * 7919) % 251 for i in range(64 * 48 * 3))).save(out, fmt)
    return out.getvalue()


def test_a_jpeg_loses_its_exif_location_and_stays_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPS latitude
    data = _image("JPEG", size=(64, 48), exif=exif.tobytes())
    assert b"Exif" in data
    mime, clean = clean_image(data)
    assert mime == "image/jpeg" and b"Exif" not in clean
    with Image.open(BytesIO(clean)) as image:
        assert image.size == (48, 64) and not image.getexif()


def test_a_png_loses_its_text_chunks():
    info = PngInfo()
    info.add_text("Comment", "home address 12 Elm St")
    data = _image("PNG", pnginfo=info)
    mime, clean = clean_image(data)
    assert mime == "image/png" and b"Elm St" in data and b"Elm St" not in clean


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_photo("PNG")[: len(_photo("PNG")) // 2], "damaged or incomplete"),
        (_photo("JPEG")[:200], "damaged or incomplete"),
        (_image("GIF"), "PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + _image("GIF"), "damaged or incomplete"),  # a GIF that lies about its type
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG or JPEG"),
    ],
)
def test_what_does_not_decode_as_png_or_jpeg_is_refused(data, message):
    with pytest.raises(UploadError, match=message):
        clean_image(data)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    side = int(MAX_PIXELS**0.5) + 10
    bomb = _image("PNG", size=(side, side), mode="1")  # a few kilobytes that decode to 40+ megapixels
    assert len(bomb) < 100_000
    with pytest.raises(UploadError, match="too many pixels"):
        clean_image(bomb)


def test_large_photos_are_scaled_down():
    _, clean = clean_image(_image("JPEG", size=(4000, 3000)))
    with Image.open(BytesIO(clean)) as image:
        assert max(image.size) == 2400


def test_a_truncated_image_is_refused_even_after_a_library_relaxed_pillow(monkeypatch):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(UploadError, match="damaged or incomplete"):
        clean_image(_photo("PNG")[: len(_photo("PNG")) // 2])
