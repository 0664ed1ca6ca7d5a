"""Printable documents: maps plans, notes and consents to ``ptplan.pdf`` and delivers the PDFs."""
