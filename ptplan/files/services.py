"""Checks an upload by its content, not its name, and stores it (SECURITY.md FILE-01).

Every image is decoded by Pillow in full: what does not decode (a truncated or damaged file),
what is not PNG or JPEG whatever its first bytes say, and what has more pixels than
``MAX_PIXELS`` (a decompression bomb: a small file that decodes to gigabytes) is refused
with a message for the field. What is accepted is re-encoded from its pixels, so metadata
(EXIF, with a phone's GPS location; text chunks; ICC profiles) is never stored, and large
photos are scaled down to ``MAX_SIDE`` pixels on the long side, which is more than a printed
page uses.
"""

from __future__ import annotations

import hashlib
import secrets
import warnings
from io import BytesIO

from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.files.models import StoredFile

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo is refused; 40 MP decode to about 160 MB
MAX_SIDE = 2400  # pixels on the long side kept after re-encoding
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}

_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


class UploadError(DomainError):
    pass


def sniff_image(data: bytes) -> str:
    """The image type by magic bytes; anything else (HTML, SVG, PHP...) is refused."""
    for signature, mime in _SIGNATURES.items():
        if data.startswith(signature):
            return mime
    raise UploadError("Upload a PNG or JPEG image. This file is not one.")


def clean_image(data: bytes) -> tuple[str, bytes]:
    """(mime type, re-encoded bytes) of a PNG or JPEG that decodes in full; UploadError if not."""
    from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError  # uploads only: not at start

    sniff_image(data)
    # WeasyPrint (loaded by the PDF comparison) turns on Pillow's process-wide switch that
    # accepts truncated images; an upload must decode in full, whatever was imported before.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                mime = _FORMATS.get(image.format or "")
                if mime is None:
                    raise UploadError("Upload a PNG or JPEG image. This file is not one.")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise UploadError(
                        f"The image has too many pixels ({width} x {height}). "
                        f"Upload one of at most {MAX_PIXELS // 1_000_000} megapixels."
                    )
                image.load()  # decodes every pixel: a truncated or damaged file fails here
                pixels = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, EOFError):  # fmt: skip
        raise UploadError(
            "This image could not be read: it is damaged or incomplete. Save it again and upload it."
        ) from None
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    out = BytesIO()
    if mime == "image/jpeg":
        pixels.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    else:
        if pixels.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            pixels = pixels.convert("RGBA")
        pixels.save(out, "PNG", optimize=True)  # no text chunks, no EXIF, no ICC profile
    return mime, out.getvalue()


def store_image(data: bytes, *, clinic_id: int, user_id: int | None) -> StoredFile:
    if not data:
        raise UploadError("The file is empty.")
    if len(data) > MAX_IMAGE_BYTES:
        raise UploadError(f"The image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    mime, data = clean_image(data)
    stored = StoredFile(
        clinic_id=clinic_id,
        token=secrets.token_urlsafe(32),
        mime_type=mime,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        uploaded_by_id=user_id,
    )
    db.session.add(stored)
    db.session.flush()
    return stored
