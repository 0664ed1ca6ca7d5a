"""Session documentation: daily notes, dry-needling records, billing units, progress, discharge."""
