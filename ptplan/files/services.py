"""Checks an upload by its content, not its name, and stores it (SECURITY.md FILE-01)."""

from __future__ import annotations

import hashlib
import secrets

from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.files.models import StoredFile

MAX_IMAGE_BYTES = 5 * 1024 * 1024

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


def store_image(data: bytes, *, clinic_id: int, user_id: int | None) -> StoredFile:
    if not data:
        raise UploadError("The file is empty.")
    if len(data) > MAX_IMAGE_BYTES:
        raise UploadError(f"The image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    mime = sniff_image(data)
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
