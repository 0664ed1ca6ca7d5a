"""Clinic review of the shipped translations: reviewers per language, corrections, review status."""
