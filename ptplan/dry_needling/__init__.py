"""Dry needling: the safety gate (screening, informed consent, clearance), the procedure checks
and their pages.

- ``rules``: pure rules (contraindications, clearance, lung-field and nerve precautions);
- ``models``: the signed screening and consent records;
- ``services``: load, record, sign and audit them; ``dry_needling_clearance(patient)``;
- ``procedure``: the checks a visit note's dry-needling procedure must pass;
- ``forms``, ``inline`` and ``views``: the screening and consent pages, and the same forms inline
  in the plan builder.

Plans and visit notes call into this package; it imports neither (one documented exception: the
screening and consent pages link back to the plan they were opened from).
"""
