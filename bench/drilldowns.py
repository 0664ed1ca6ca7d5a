"""Every caseload drill-down list against the trivial page, at both scales of `make bench`.

`bench/run.py` times two drill-downs (outcomes, active patients); this times all of them, and
the patient search, on the same generated clinics (built by `make bench` first; this script
never builds data), small and large interleaved request by request, and prints per page the
median time, the median of per-round ratios to the baseline page, and the statement count.
Every timed response must be 200. It checks the issue's PostgreSQL goal (search and every
drill-down <= 3x the trivial page at the large scale) and exits 1 when one is missed.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres .venv/bin/python bench/drilldowns.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
GOAL = run.GOALS["page_vs_baseline_postgresql"]


def _existing_data(base_url: str | None) -> dict[str, dict]:
    kind = "postgresql" if base_url else "sqlite"
    key = run._data_key()
    found = {}
    for scale in run.SCALES:
        sidecar = run.DATA / f"{kind}-{scale}-{key}.json"
        if not sidecar.exists():
            raise run.BenchFailure(f"no {kind} {scale} clinic for this code: run `make bench` first")
        found[scale] = json.loads(sidecar.read_text())
    return found


def main() -> int:
    from ptplan.caseload.lists import LISTS

    base_url = os.environ.get("DATABASE_URL") or None
    data = _existing_data(base_url)
    workers = {scale: run.Worker(scale, d) for scale, d in data.items()}
    pages = ["search", *(f"list:{metric}" for metric in LISTS)]
    for worker in workers.values():
        for metric in LISTS:
            worker.paths[f"list:{metric}"] = f"/caseload/list/{metric}"
    timed = ("baseline", *pages)
    for _ in range(3):
        for page in timed:
            for worker in workers.values():
                worker.get(page)
    queries = {scale: {page: w.queries(page) for page in timed} for scale, w in workers.items()}
    samples: dict = {scale: {page: [] for page in timed} for scale in workers}
    load_before = os.getloadavg()[0]
    for _ in range(REPEAT):
        for page in timed:
            for scale, worker in workers.items():
                samples[scale][page].append(worker.get(page))
    print(
        f"database: {'postgresql' if base_url else 'sqlite'}, {REPEAT} rounds, "
        f"load {load_before:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<34}{'small ms':>9}{'x':>6}{'large ms':>10}{'x':>6}{'stmts':>7}")
    missed = []
    for page in pages:
        cells = []
        for scale in workers:
            values, base = samples[scale][page], samples[scale]["baseline"]
            ratio = statistics.median(v / b for v, b in zip(values, base, strict=True))
            cells.append((statistics.median(values), ratio))
        (small_ms, small_x), (large_ms, large_x) = cells
        count = queries["large"][page]
        met = large_x <= GOAL
        if not met and base_url:
            missed.append(page)
        flag = "" if met else "  MISSED" if base_url else "  (> 3x)"
        print(f"{page:<34}{small_ms:>9.2f}{small_x:>6.2f}{large_ms:>10.2f}{large_x:>6.2f}{count:>7}{flag}")
    base = {scale: statistics.median(samples[scale]["baseline"]) for scale in workers}
    print(f"baseline ms: small {base['small']:.2f}, large {base['large']:.2f}")
    for worker in workers.values():
        worker.close()
    if missed:
        print(f"{len(missed)} page(s) over {GOAL}x the trivial page at the large scale: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
