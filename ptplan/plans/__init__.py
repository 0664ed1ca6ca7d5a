"""The plan of care: goals, interventions by kind, libraries, dry-needling safety gate."""
