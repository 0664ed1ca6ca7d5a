"""Signing, locking and addenda, shared by every signed clinical record."""
