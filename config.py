"""Configuration for ptplan, read from the environment.

``DATABASE_URL``, when set, overrides the embedded SQLite default in every configuration.
Production refuses to start without ``SECRET_KEY`` and ``DATABASE_URL``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PTPLAN_INSTANCE_DIR", BASE_DIR / "instance"))


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip() or default
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Settings shared by every environment; safe defaults for development."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'ptplan.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = None  # the CSRF token lives as long as the server-side session
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024  # SECURITY.md FILE-01: 10 MB upload cap

    SESSION_COOKIE_NAME = "ptplan_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The cookie's 12 hours run from log-in, as the server-side session's absolute lifetime
    # does (idle time is checked on the server), so re-signing and re-sending an unchanged
    # cookie on every response would buy nothing: it is sent when the session changes.
    SESSION_REFRESH_EACH_REQUEST = False

    # SECURITY.md SESS-04 / AUTH-04 (project choices within the sources' limits)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=15)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    # How often a request refreshes the session's last-seen time (one write, not one per page).
    SESSION_LAST_SEEN_WRITE_EVERY = timedelta(seconds=60)
    # Rendered patient charts kept per worker until anything they show changes
    # (ptplan.patients.chart_cache); 0 entries turns the cache off.
    CHART_CACHE_SIZE = int(os.environ.get("PTPLAN_CHART_CACHE_SIZE", "256"))
    CHART_CACHE_SECONDS = 60
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_IP_HOUR = 100
    PASSWORD_MIN_LENGTH = 15
    PASSWORD_MAX_LENGTH = 128

    # argon2id parameters (SECURITY.md AUTH-03: m >= 19 MiB, t >= 2)
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 2

    # SECURITY.md AUTH-06: roles that must use a second factor (comma-separated to override).
    MFA_REQUIRED_ROLES = tuple(
        role for role in os.environ.get("PTPLAN_MFA_REQUIRED_ROLES", "").split(",") if role.strip()
    )
    AUDIT_RETENTION_YEARS = 10  # SECURITY.md AUD-08

    # Outgoing mail (password-reset links). Without MAIL_SERVER, links are shown to the admin.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") not in ("0", "false", "no")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "ptplan@localhost")
    MAIL_LOG_WHEN_UNCONFIGURED = True  # development: the message goes to the log

    # Encrypted backups (SECURITY.md REL-01): a 32-byte key, base64, from here or a key file.
    BACKUP_KEY = os.environ.get("PTPLAN_BACKUP_KEY", "")
    BACKUP_KEY_FILE = os.environ.get("PTPLAN_BACKUP_KEY_FILE", "")
    PREFERRED_URL_SCHEME = "http"
    HSTS_ENABLED = False
    PAGE_SIZE = 25
    # Base of fullUrl in exported FHIR Bundles (the API uses the request's own address).
    FHIR_BASE_URL = os.environ.get("PTPLAN_FHIR_BASE_URL", "http://localhost:5000/fhir/r4")


class DevelopmentConfig(Config):
    DEBUG = False  # the Werkzeug debugger would leak tracebacks; use FLASK_DEBUG locally if wanted


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    # Cheap hashing so the suite stays fast; production keeps the strong defaults.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    # Pinned so a slow machine never puts the last-seen write inside a measured request;
    # the test of the write itself sets it.
    SESSION_LAST_SEEN_WRITE_EVERY = timedelta(days=1)


class ProductionConfig(Config):
    MFA_REQUIRED_ROLES = tuple(
        role
        for role in os.environ.get("PTPLAN_MFA_REQUIRED_ROLES", "manager,admin").split(",")
        if role.strip()
    )
    SESSION_COOKIE_NAME = "__Host-ptplan"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_ENABLED = True
    MAIL_LOG_WHEN_UNCONFIGURED = False  # a reset link is a secret: never in production logs

    @classmethod
    def check(cls) -> None:
        """Refuse to start without real secrets (cookiecutter-flask habit)."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError("Production needs these environment variables: " + ", ".join(missing))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("PTPLAN_ENV", "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"PTPLAN_ENV must be one of {', '.join(CONFIGS)}; got {name!r}") from None
