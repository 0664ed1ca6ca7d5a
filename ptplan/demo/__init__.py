"""The demo clinic and sample documents: data for `make run`, tests and benchmarks, not the app.

- ``clinic``: ``seed_demo()``, the demo clinic, its log-ins and patients DEMO-0001..DEMO-0010;
  it calls the seeders below in order (plans start from evaluations, notes from plans).
- ``evaluations`` (with ``evaluation_regions``), ``plans``, ``sessions``, ``amendments``: one
  seeder per clinical package, each idempotent and written through that package's services.
- ``pdf_samples``: realistic documents built from the catalogue, without a database.
- ``generator`` and ``cli`` (``flask generate-data``): a realistic clinic at any scale, written
  with bulk inserts, for benchmarks and load tests.

Dependencies run one way: this package imports the domain packages, and no domain package
imports it (only the CLI, the tests and the benchmarks do).
"""
