"""Password policy and hashing (NIST SP 800-63B-4 §3.1.1.2; SECURITY.md AUTH-02, AUTH-03)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

_BLOCKLIST_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"
_CONTEXT_WORDS = ("ptplan", "physio", "therapy", "clinic", "password", "welcome")


@cache
def _blocklist() -> frozenset[str]:
    """About 20,000 common passwords, bundled so the check works offline."""
    with gzip.open(_BLOCKLIST_FILE, "rt", encoding="utf-8", errors="ignore") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with a new password: length and blocklist only, no composition rules."""
    config = current_app.config
    minimum, maximum = config["PASSWORD_MIN_LENGTH"], config["PASSWORD_MAX_LENGTH"]
    problems = []
    if len(password) < minimum:
        problems.append(f"Use at least {minimum} characters. A short phrase of 4 words works well.")
    if len(password) > maximum:
        problems.append(f"Use at most {maximum} characters.")
    lowered = password.lower()
    squeezed = "".join(lowered.split())
    unit = _repeating_unit(squeezed)
    blocked = _blocklist()
    if lowered in blocked or squeezed in blocked or unit in blocked or len(unit) <= 3:
        problems.append("This password is on a list of commonly used passwords. Choose another.")
    context = {w for w in (*_CONTEXT_WORDS, email.split("@")[0].lower(), "".join(name.lower().split())) if w}
    if unit in context:
        problems.append("Do not use your name, email or the product's name as the password.")
    return problems


def _repeating_unit(value: str) -> str:
    """The shortest piece that repeats to make the value: "passwordpassword" -> "password"."""
    for size in range(1, len(value) // 2 + 1):
        if len(value) % size == 0 and value[:size] * (len(value) // size) == value:
            return value[:size]
    return value


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """argon2id with a unique salt per hash."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: dict[str, str] = {}


def burn_equal_time(password: str) -> None:
    """Verify against a dummy hash so an unknown email costs the same time (AUTH-05)."""
    key = repr((current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"]))
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password("dummy password for timing equality")
    verify_password(_DUMMY_HASH[key], password)
