"""What every document shares: the clinic block, stored images, local times, loading errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from ptplan import pdf as renderers
from ptplan.clinics.models import Clinic
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.files.models import StoredFile
from ptplan.pdf import ClinicInfo

# ClinicInfo refuses an empty phone (a printed "None" helps nobody); a clinic that has not
# entered one yet still gets a sentence that reads well: "Call us at the clinic's main number".
NO_PHONE = "the clinic's main number"
PAGE_SIZES = ("A4", "LETTER")


class DocumentUnavailable(DomainError):
    """The document cannot be made (no active plan, a draft note...); the message says why."""

    status_code = 404


class DraftNotPrintable(DomainError):
    """Only signed notes are printed: a draft is not part of the record yet."""

    status_code = 409


def image_bytes(file_ids: Iterable[int | None]) -> dict[int, bytes]:
    """PNG/JPEG bytes of stored files in ONE query, keeping only images the PDF can print."""
    ids = sorted({i for i in file_ids if i is not None})
    if not ids:
        return {}
    rows = db.session.execute(
        select(StoredFile.id, StoredFile.content).where(
            StoredFile.id.in_(ids), StoredFile.mime_type.in_(("image/png", "image/jpeg"))
        )
    )
    return {
        file_id: bytes(content) for file_id, content in rows if content and renderers.is_usable_image(content)
    }


def clinic_info(clinic: Clinic, images: dict[int, bytes] | None = None) -> ClinicInfo:
    """The clinic block; ``images`` may already hold the logo (batch loading)."""
    if images is None:
        images = image_bytes([clinic.logo_file_id])
    logo = images.get(clinic.logo_file_id) if clinic.logo_file_id else None
    return ClinicInfo(
        name=clinic.name,
        phone=(clinic.phone or "").strip() or NO_PHONE,
        address=clinic.address or "",
        logo=logo,
    )


def page_size(clinic: Clinic) -> str:
    return clinic.page_size if clinic.page_size in PAGE_SIZES else "LETTER"


def local_time_text(clinic: Clinic, moment: datetime | None) -> str:
    """ "Mar 5, 2026 4:05 PM EST": a UTC time as the clinic reads it."""
    if moment is None:
        return ""
    local = moment.astimezone(clinic.zone)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{local:%b} {local.day}, {local.year} {hour}:{local:%M} {local:%p} {local.tzname()}"
