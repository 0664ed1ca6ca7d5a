"""Statements and aliases built on first use are built exactly once, even when many threads
arrive first at the same moment (a threaded server's first requests).

With ``functools.cache`` each of those threads built its own: the patient chart's plan
statement then ran against another thread's compiled alias and every chart answered 500
("Could not locate column in row for column 'Anonymous alias of dn_consent.id'").
"""

from __future__ import annotations

import threading
import time

from ptplan.db import built_once
from ptplan.plans import chart as plans_chart
from ptplan.sessions import alerts


def test_many_threads_arriving_first_build_once_and_share_the_object():
    builds = []
    barrier = threading.Barrier(12)

    @built_once
    def statement():
        builds.append(1)
        time.sleep(0.01)  # a slow build: every thread arrives while the first is building
        return object()

    seen = []

    def first_request():
        barrier.wait()
        seen.append(statement())

    threads = [threading.Thread(target=first_request) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len({id(obj) for obj in seen}) == 1 and len(seen) == 12


def test_the_charts_aliased_statements_are_built_once():
    for build in (
        plans_chart._aliases,
        plans_chart._plans_statement,
        plans_chart._screening_and_consent_statement,
        alerts._lineage_member,
    ):
        assert build() is build()
        assert build.__wrapped__ is not None  # built_once keeps the builder (functools.wraps)
