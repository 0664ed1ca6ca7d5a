"""Real concurrency against a live server: audited page views, and racing edits of one record.

``audited_load`` runs N signed-in clients in parallel, each making M audited requests (the
chart and a patient search), and returns every status. ``racing_edits`` sends K edits of one
patient at the same moment, all from the same version, and reports how many were saved and how
the others were answered; exactly one must be saved and the rest must get 409.

``python bench/concurrency.py [--edits 40] [--repeat 30] [--server gunicorn|threaded]`` builds a
throwaway SQLite clinic, serves it, and runs both; the suite runs smaller repetitions
(tests/test_concurrency.py).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throughput import ROOT, Client, app_env, free_port, serve_gunicorn, wait_ready  # noqa: E402

PASSWORD = secrets.token_urlsafe(18)  # the load users live only in throwaway databases


def build_clinics(url: str, clinics: int = 2, therapists_per_clinic: int = 4) -> dict:
    """Clinics, therapists and one patient each, created through the app's own services."""
    from config import TestingConfig
    from ptplan import create_app
    from ptplan.auth.services import create_user
    from ptplan.clinics.models import Clinic
    from ptplan.extensions import db
    from ptplan.patients.models import Patient

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    site: dict = {"users": [], "patients": {}}
    with app.app_context():
        try:
            db.create_all()
            for c in range(clinics):
                clinic = Clinic(name=f"Load clinic {c}", timezone="America/New_York", phone="555-0100")
                db.session.add(clinic)
                db.session.flush()
                for t in range(therapists_per_clinic):
                    user = create_user(
                        clinic_id=clinic.id,
                        role="therapist",
                        password=PASSWORD,
                        email=f"t{c}-{t}@load.example.test",
                        full_name=f"Therapist {c}-{t}",
                        credentials="PT, DPT",
                    )
                    site["users"].append((user.email, clinic.id))
                patient = Patient(
                    clinic_id=clinic.id,
                    mrn=f"LOAD-{c}",
                    first_name="Ana",
                    last_name=f"Load{c}",
                    date_of_birth=__import__("datetime").date(1970, 1, 1),
                    sex="female",
                    status="active",
                )
                db.session.add(patient)
                db.session.flush()
                site["patients"][clinic.id] = patient.id
            db.session.commit()
        finally:  # no connection is left open, even when a step fails
            db.session.remove()
            db.engine.dispose()
    return site


@contextmanager
def serve_threaded(env: dict):
    """The development server, threaded, as `make run` serves it."""
    port = free_port()
    command = [
        sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1", "--port", str(port),
        "--with-threads", "--no-reload", "--no-debugger",
    ]  # fmt: skip
    # The server's log (request lines, and the traceback of any 500) goes to server.log in the
    # instance folder, so a test that sees a 5xx can show why.
    log_dir = env.get("PTPLAN_INSTANCE_DIR")
    with open(Path(log_dir) / "server.log", "ab") if log_dir else open(os.devnull, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, "/healthz", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(kind: str, env: dict):
    if kind == "threaded":
        with serve_threaded(env) as base:
            yield base
    else:
        with serve_gunicorn("wsgi:app", env) as base:
            yield base


def server_errors(instance_dir) -> str:
    """The tracebacks in a threaded server's log (``serve_threaded``), for a failing assertion."""
    path = Path(instance_dir) / "server.log"
    if not path.exists():
        return ""
    lines = path.read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if "Traceback" in line), None)
    return "\n".join(lines[start : start + 60]) if start is not None else ""


def _parallel(jobs) -> None:
    errors: list[BaseException] = []

    def run(job):
        try:
            job()
        except BaseException as problem:  # noqa: BLE001 - reported to the caller below
            errors.append(problem)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def audited_load(base: str, site: dict, clients: int = 8, requests_each: int = 50) -> collections.Counter:
    """``clients`` signed-in users in parallel, each making ``requests_each`` audited requests."""
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def one(index: int):
        def job():
            email, clinic_id = site["users"][index % len(site["users"])]
            client = Client(base)
            client.login(email, PASSWORD)
            patient_id = site["patients"][clinic_id]
            barrier.wait()
            seen = collections.Counter()
            for i in range(requests_each):
                path = f"/patients/{patient_id}" if i % 2 == 0 else "/patients/?q=Load"
                seen[client.get(path)[0]] += 1
            with lock:
                statuses.update(seen)

        return job

    _parallel([one(i) for i in range(clients)])
    return statuses


def _edit_form(client: Client, patient_id: int) -> dict:
    status, body = client.get(f"/patients/{patient_id}/edit")
    if status != 200:
        raise RuntimeError(f"edit form answered {status}")

    def value(name: str) -> str:
        match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', body)
        return match.group(1) if match else ""

    return {
        "csrf_token": value("csrf_token"),
        "version": value("version"),
        "mrn": value("mrn"),
        "first_name": value("first_name"),
        "last_name": value("last_name"),
        "date_of_birth": value("date_of_birth"),
        "sex": "female",
        "preferred_language": "en",
        "primary_therapist_id": "0",
        "payer_rule": "cms",
        "diagnoses-0-icd10_code": "M54.50",
    }


def racing_edits(base: str, site: dict, edits: int = 40, sessions: int = 4) -> dict:
    """``edits`` saves of one patient sent together, all from the version the form showed.

    Every edit carries a phone number no earlier race used: an edit equal to the saved values
    changes no row, so it would rightly be accepted without a new version.
    """
    clinic_id = site["users"][0][1]
    patient_id = site["patients"][clinic_id]
    clients = []
    for email, user_clinic in site["users"]:
        if user_clinic == clinic_id and len(clients) < sessions:
            client = Client(base)
            client.login(email, PASSWORD)
            clients.append(client)
    forms = [_edit_form(client, patient_id) for client in clients]
    if len({form["version"] for form in forms}) != 1:
        raise RuntimeError("the sessions saw different versions before the race")
    statuses: list[int] = [0] * edits
    race = secrets.token_hex(4)
    barrier = threading.Barrier(edits)

    def one(i: int):
        def job():
            client, form = clients[i % len(clients)], dict(forms[i % len(clients)])
            form["phone"] = f"{race}-{i:04d}"
            barrier.wait()
            statuses[i] = client.post(f"/patients/{patient_id}/edit", form)[0]

        return job

    _parallel([one(i) for i in range(edits)])
    winners = [i for i, status in enumerate(statuses) if status == 302]
    after = _edit_form(clients[0], patient_id)
    _, page = clients[0].get(f"/patients/{patient_id}/edit")
    saved_phone = re.search(r'name="phone"[^>]*value="([^"]*)"', page)
    return {
        "statuses": collections.Counter(statuses),
        "winners": winners,
        "version_before": int(forms[0]["version"]),
        "version_after": int(after["version"]),
        "saved_phone": saved_phone.group(1) if saved_phone else None,
        "winner_phone": f"{race}-{winners[0]:04d}" if len(winners) == 1 else None,
    }


def mixed_load(base: str, site: dict, sessions: int = 12, rounds: int = 8) -> dict:
    """``sessions`` signed-in users at once, each mixing reads and writes for ``rounds`` rounds.

    A round reads the chart and the patient list, opens the edit form and saves a change.
    Sessions of one clinic share its patient, so some saves race and may rightly get 409.
    Returns the count of every status, and of saves accepted and refused.
    """
    statuses: collections.Counter = collections.Counter()
    saves: collections.Counter = collections.Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(sessions)
    run = secrets.token_hex(3)

    def one(index: int):
        def job():
            email, clinic_id = site["users"][index % len(site["users"])]
            client = Client(base)
            client.login(email, PASSWORD)
            patient_id = site["patients"][clinic_id]
            seen, saved = collections.Counter(), collections.Counter()
            barrier.wait()
            for i in range(rounds):
                seen[client.get(f"/patients/{patient_id}")[0]] += 1
                seen[client.get("/patients/?q=Load")[0]] += 1
                status, _ = client.get(f"/patients/{patient_id}/edit")
                seen[status] += 1
                if status != 200:
                    continue
                form = _edit_form(client, patient_id)
                form["phone"] = f"{run}-{index:02d}-{i:02d}"
                status = client.post(f"/patients/{patient_id}/edit", form)[0]
                seen[status] += 1
                saved[status] += 1
            with lock:
                statuses.update(seen)
                saves.update(saved)

        return job

    _parallel([one(i) for i in range(sessions)])
    return {"statuses": statuses, "saves": saves}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--server", choices=("gunicorn", "threaded"), default="threaded")
    parser.add_argument("--database-url", default="", help="default: a throwaway SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ptplan-concurrency-") as workdir:
        url = args.database_url or f"sqlite:///{Path(workdir) / 'load.db'}"
        site = build_clinics(url)
        env = app_env(url, Path(workdir))
        with serve(args.server, env) as base:
            started = time.monotonic()
            statuses = audited_load(base, site)
            print(f"8 clients x 50 audited requests: {dict(statuses)} in {time.monotonic() - started:.1f} s")
            failures = 0
            for rep in range(args.repeat):
                result = racing_edits(base, site, edits=args.edits)
                ok = (
                    len(result["winners"]) == 1
                    and set(result["statuses"]) <= {302, 409}
                    and result["version_after"] == result["version_before"] + 1
                    and result["saved_phone"] == result["winner_phone"]
                )
                failures += not ok
                print(f"race {rep + 1:2d}: {dict(result['statuses'])} {'ok' if ok else 'FAILED'}")
        verify = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "audit-verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        print(verify.stdout.strip() or verify.stderr.strip())
    print(
        f"{args.repeat - failures} of {args.repeat} races saved exactly one edit; audit-verify exit {verify.returncode}"
    )
    sys.exit(1 if failures or verify.returncode else 0)


if __name__ == "__main__":
    main()
