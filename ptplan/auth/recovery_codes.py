"""Two-step recovery codes: ten single-use codes that stand in for a lost authenticator (AUTH-06).

Shown once at enrolment (and on regeneration) and stored as SHA-256 hashes: each code carries
about 79 random bits, so a slow hash adds nothing. A wrong or spent code counts toward the
same lockout as a wrong password (SECURITY.md AUTH-04).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.auth.services import count_failure
from ptplan.db import utcnow
from ptplan.extensions import db

RECOVERY_CODE_COUNT = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper without doubt


class RecoveryCode(db.Model):
    __tablename__ = "recovery_code"
    __table_args__ = (Index("ix_recovery_code_user", "user_id", "used_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def void_recovery_codes(user: User) -> None:
    db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    )


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))  # 16 x log2(31) = 79 bits
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    squeezed = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    return "-".join(squeezed[i : i + 4] for i in range(0, len(squeezed), 4))


def looks_like_recovery_code(code: str) -> bool:
    return len("".join(ch for ch in (code or "") if ch.isalnum())) == 16


def issue_recovery_codes(user: User) -> list[str]:
    """Ten new single-use codes, shown once; any earlier codes stop working."""
    void_recovery_codes(user)
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(code)) for code in codes)
    db.session.flush()
    audit.record("recovery_codes_issued", "authentication", user=user, entity_type="user", entity_id=user.id)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one code in place of the authenticator. A wrong or spent code counts toward lockout."""
    now = utcnow()
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _digest(normalise_code(code))
        )
    )
    if row is None or row.used_at is not None:
        count_failure(user, now=now, detail="recovery code")
        audit.record(
            "mfa_failed",
            "authentication",
            user=user,
            outcome="denied",
            detail="recovery code already used" if row is not None else "wrong recovery code",
        )
        return False
    row.used_at = now
    user.failed_login_count = 0
    audit.record("recovery_code_used", "authentication", user=user, entity_type="user", entity_id=user.id)
    return True
