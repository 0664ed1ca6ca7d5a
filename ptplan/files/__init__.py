"""Uploaded files (logos, exercise photos), stored in the database, outside the static root."""
