"""The append-only, hash-chained audit trail (SECURITY.md AUD-01..AUD-07)."""
