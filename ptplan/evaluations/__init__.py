"""Initial evaluation, re-evaluation and discharge evaluation notes."""
