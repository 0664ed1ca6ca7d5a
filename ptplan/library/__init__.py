"""The clinic's library: exercises (with their drawings and photos), muscles and manual techniques.

- ``models``: the library rows; ``rules``: the dosage limits (pure);
- ``services``: seeding from ``ptplan.catalogue``, clinic-scoped lookups, edits, photos;
- ``poses``: an exercise's drawing (ptplan.illustrations) to and from its stored form;
- ``forms`` and ``views``: the library pages.

Plans, evaluations and visit notes draw on the library; it imports none of them.
"""
