"""Test factories: one module per domain, each builder written once, with parameters.

- ``clinics``: clinics and staff users; ``patients``: patients with a diagnosis.
- ``library``: a clinic's library (seeded from the catalogue, or a few muscles), lookups by slug.
- ``evaluations``: an evaluation row (signed, with scores) and a complete evaluation form POST.
- ``outcomes``: an outcome score with the evaluation row its source constraint needs.
- ``plans``: a plan through the plan services (``draft_plan``, ``active_plan``), one ORM plan row
  builder (``make_plan``) and dry-needling clearance.
- ``sessions``: one visit-note builder (``make_note``) and a run of visits.
- ``documents``: PDF checks and the demo patient lookup.
- ``forms``: what a browser would submit for a rendered form, and switching the signed-in user.

tests/conftest.py exposes the builders as fixtures (``make_clinic``, ``make_user``,
``make_patient``, ``make_evaluation``, ``make_score``, ``make_plan``, ``make_note``,
``make_muscles``...); helpers outside a test import the functions from here.
"""
