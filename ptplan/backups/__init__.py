"""Encrypted online backups and a verified restore (SECURITY.md REL-01, REL-02)."""
