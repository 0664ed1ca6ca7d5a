"""Clinics: the tenant boundary, with their settings."""
