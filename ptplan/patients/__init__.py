"""Patients: demographics, diagnoses, precautions, archive (never hard delete)."""
