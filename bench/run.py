"""`make bench`: server time and SQL statements of the hot pages at two data scales.

Generates two clinics into temporary SQLite files (small, and 10x larger) with the
`generate-data` command in a subprocess, then, in THIS process (a stand-in for one worker),
logs in as the generated manager through the Flask test client and times each page
(median of many requests) against a trivial logged-in page rendered in the same run.
Writes bench/results.json and prints the same figures as a table. See bench/README.md.
"""

from __future__ import annotations

import gc
import json
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALES = {
    "small": {"therapists": 4, "patients": 2000, "notes": 15},
    "large": {"therapists": 40, "patients": 20000, "notes": 15},
}
REPEAT = int(os.environ.get("BENCH_REPEAT", "25"))
PASSWORD = secrets.token_urlsafe(24)  # the generated users only live in temporary files
GOALS = {"page_vs_baseline": 10, "queries": 15, "dashboard_growth": 2, "rss_mb": 150}


def generate(url: str, scale: dict) -> str:
    """Build one clinic with the CLI (another process, so its memory is not the worker's)."""
    command = [
        sys.executable, "-m", "flask", "--app", "wsgi", "generate-data", "--create-schema", "--quiet",
        "--therapists", str(scale["therapists"]), "--patients", str(scale["patients"]),
        "--notes-per-patient", str(scale["notes"]), "--password", PASSWORD,
    ]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"generate-data failed:\n{result.stdout}\n{result.stderr}")
    print(f"  {result.stdout.splitlines()[0]} (wall {time.perf_counter() - started:.1f} s)")
    return re.search(r"Manager log-in: (\S+)", result.stdout).group(1)


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            self.count += 1


def measure_scale(url: str, manager_email: str) -> dict:
    from sqlalchemy import event, func, select

    from config import DevelopmentConfig
    from ptplan import create_app
    from ptplan.extensions import db
    from ptplan.plans.models import PlanOfCare
    from ptplan.sessions.models import VisitNote

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secrets.token_hex(16))
    client = app.test_client()
    with app.app_context():
        busiest = db.session.execute(
            select(VisitNote.patient_id, PlanOfCare.id)
            .join(PlanOfCare, PlanOfCare.patient_id == VisitNote.patient_id)
            .where(PlanOfCare.status == "active")
            .group_by(VisitNote.patient_id, PlanOfCare.id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        patient_id, plan_id = busiest
        plan_endpoint = next((e for e in ("plans.view_plan", "plans.view") if e in app.view_functions), None)
        with app.test_request_context():
            from flask import url_for

            plan_url = url_for(plan_endpoint, plan_id=plan_id) if plan_endpoint else None
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)

    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"email": manager_email, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit("bench could not log in as the generated manager")

    def timed(path: str | None) -> dict:
        if path is None:
            return {"median_ms": None, "queries": None, "status": None}
        for _ in range(3):  # warm caches and the session's last-seen write
            status = client.get(path).status_code
        counter.count = 0
        client.get(path)
        queries = counter.count
        samples = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
        return {"median_ms": round(statistics.median(samples), 2), "queries": queries, "status": status}

    baseline = timed("/account/password")
    pages = {
        "patient_list": timed("/patients/"),
        "patient_chart": timed(f"/patients/{patient_id}"),
        "plan": timed(plan_url),
        "dashboard": timed("/caseload/"),
    }
    for figures in pages.values():
        if figures["median_ms"] is not None:
            figures["vs_baseline"] = round(figures["median_ms"] / baseline["median_ms"], 1)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", counter)
        db.session.remove()
        db.engine.dispose()
    return {"baseline_ms": baseline["median_ms"], "baseline_queries": baseline["queries"], "pages": pages}


def _median_ms(render, repeat: int) -> float:
    render()  # warm fonts and caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        render()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def measure_demo_pdf(weasyprint_only: bool = False) -> dict:
    """DEMO-0001's real plan (4 exercises) through ptplan.documents: rows -> dataclasses -> PDF."""
    result: dict = {}
    try:
        from ptplan.documents.home_plan import patient_home_plan_doc, render_home_plans
    except ImportError:
        return result
    from sqlalchemy import select

    from config import DevelopmentConfig
    from ptplan import create_app
    from ptplan.demo import seed_demo
    from ptplan.extensions import db
    from ptplan.patients.models import Patient
    from ptplan.pdf import render_patient_plan, render_patient_plan_weasyprint

    workdir = Path(tempfile.mkdtemp(prefix="ptplan-bench-pdf-"))
    url = f"sqlite:///{workdir / 'demo.db'}"
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=secrets.token_hex(16))
    try:
        with app.app_context():
            db.create_all()
            demo = seed_demo(secrets.token_urlsafe(24))
            patient = db.session.scalar(
                select(Patient).where(Patient.clinic_id == demo.clinic.id, Patient.mrn == "DEMO-0001")
            )
            doc, _ = patient_home_plan_doc(patient, demo.clinic)
            size = demo.clinic.page_size
            if not weasyprint_only:
                result["demo_plan_exercises"] = len(doc.exercises)
                from io import BytesIO

                from pypdf import PdfReader

                pages = PdfReader(BytesIO(render_patient_plan(doc, page_size=size))).pages
                result["demo_plan_pages"] = len(pages)
                result["demo_plan_render_median_ms"] = _median_ms(
                    lambda: render_patient_plan(doc, page_size=size), 20
                )

                def mapped() -> bytes:
                    db.session.expire_all()  # every sample reads its rows again, as a request would
                    return render_patient_plan(patient_home_plan_doc(patient, demo.clinic)[0], page_size=size)

                result["demo_plan_load_map_render_median_ms"] = _median_ms(mapped, 20)
                db.session.expire_all()
                started = time.perf_counter()
                count = sum(1 for _ in render_home_plans([patient.id] * 100))
                result["demo_batch_100_plans_s"] = round(time.perf_counter() - started, 2)
                result["demo_batch_count"] = count
            if weasyprint_only:
                result["demo_weasyprint_median_ms"] = _median_ms(
                    lambda: render_patient_plan_weasyprint(doc), 5
                )
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def measure_pdf() -> dict:
    result = {"plan_median_ms": None, "weasyprint_median_ms": None, "weasyprint_vs_reportlab": None}
    try:
        from ptplan.pdf import render_patient_plan
        from ptplan.pdf.sample import sample_patient_plan
    except ImportError:
        return result
    sample = sample_patient_plan()
    render_patient_plan(sample)
    samples = []
    for _ in range(10):
        started = time.perf_counter()
        render_patient_plan(sample)
        samples.append((time.perf_counter() - started) * 1000)
    result["plan_median_ms"] = round(statistics.median(samples), 1)
    started = time.perf_counter()
    for _ in range(100):
        render_patient_plan(sample)
    result["batch_100_plans_s"] = round(time.perf_counter() - started, 2)
    # WeasyPrint is a comparison, never part of the app: it runs in its own process so its
    # ~60 MB do not count against the worker's memory figure.
    result.update(_weasyprint_in_subprocess())
    result.update(measure_demo_pdf())
    for key, reportlab_key in (("weasyprint", "plan"), ("demo_weasyprint", "demo_plan_render")):
        slow, fast = result.get(f"{key}_median_ms"), result.get(f"{reportlab_key}_median_ms")
        if slow and fast:
            result[f"{key}_vs_reportlab"] = round(slow / fast, 1)
    return result


def _weasyprint_in_subprocess() -> dict:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--weasyprint-only"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return {"weasyprint_error": (completed.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def weasyprint_only() -> dict:
    """The HTML-to-PDF route on the same content (sample plan and the demo patient's plan)."""
    from ptplan.pdf import render_patient_plan_weasyprint
    from ptplan.pdf.sample import sample_patient_plan

    sample = sample_patient_plan()
    render_patient_plan_weasyprint(sample)
    result = {"weasyprint_median_ms": _median_ms(lambda: render_patient_plan_weasyprint(sample), 5)}
    result.update(measure_demo_pdf(weasyprint_only=True))
    return result


def rss_mb() -> dict:
    current = None
    status = Path("/proc/self/status")
    if status.exists():
        match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
        current = round(int(match.group(1)) / 1024, 1) if match else None
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {"rss_mb": current, "peak_rss_mb": peak}


def verdicts(results: dict) -> dict:
    large = results["scales"]["large"]
    small = results["scales"]["small"]
    pages = [p for p in large["pages"].values() if p["median_ms"] is not None]
    growth = results["dashboard_large_vs_small"]
    return {
        "every_page_within_10x_baseline_at_large": all(
            p["vs_baseline"] <= GOALS["page_vs_baseline"] for p in pages
        ),
        "queries_independent_of_size": all(
            small["pages"][k]["queries"] == large["pages"][k]["queries"] for k in large["pages"]
        ),
        "queries_at_most_15": all(p["queries"] <= GOALS["queries"] for p in pages),
        "dashboard_grows_at_most_2x": growth is not None and growth <= GOALS["dashboard_growth"],
        "rss_at_most_150_mb": results["rss_mb"] is not None and results["rss_mb"] <= GOALS["rss_mb"],
    }


def table(results: dict) -> str:
    lines = [f"{'page':<15}{'scale':<7}{'median ms':>11}{'x baseline':>12}{'queries':>9}"]
    for scale, figures in results["scales"].items():
        lines.append(
            f"{'baseline':<15}{scale:<7}{figures['baseline_ms']:>11}{'1.0':>12}{figures['baseline_queries']:>9}"
        )
        for page, p in figures["pages"].items():
            ms = "null" if p["median_ms"] is None else p["median_ms"]
            ratio = "" if p["median_ms"] is None else p["vs_baseline"]
            lines.append(f"{page:<15}{scale:<7}{ms:>11}{ratio:>12}{str(p['queries']):>9}")
    lines.append(f"dashboard large/small: {results['dashboard_large_vs_small']}x")
    lines.append(f"worker RSS after run: {results['rss_mb']} MB (peak {results['peak_rss_mb']} MB)")
    load = " -> ".join(" ".join(f"{x:.2f}" for x in results[k]) for k in ("load_before", "load_after"))
    lines.append(f"load average (1, 5, 15 min) before -> after: {load}")
    pdf = results["pdf"]
    lines.append(
        f"pdf: reportlab plan {pdf['plan_median_ms']} ms, weasyprint {pdf['weasyprint_median_ms']} ms"
        f" ({pdf.get('weasyprint_vs_reportlab')}x), 100 plans {pdf.get('batch_100_plans_s')} s"
    )
    lines.append(
        f"pdf DEMO-0001 ({pdf.get('demo_plan_exercises')} exercises, {pdf.get('demo_plan_pages')} pages):"
        f" render {pdf.get('demo_plan_render_median_ms')} ms, load+map+render"
        f" {pdf.get('demo_plan_load_map_render_median_ms')} ms, weasyprint {pdf.get('demo_weasyprint_median_ms')} ms"
        f" ({pdf.get('demo_weasyprint_vs_reportlab')}x), 100 plans via render_home_plans"
        f" {pdf.get('demo_batch_100_plans_s')} s"
    )
    for goal, met in results["goals"].items():
        lines.append(f"{'MET ' if met else 'MISSED'} {goal}")
    return "\n".join(lines)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ptplan-bench-"))
    # Other work on the machine skews every figure; record it next to them.
    results: dict = {"scales": {}, "repeat": REPEAT, "sizes": SCALES, "load_before": os.getloadavg()}
    try:
        for name, scale in SCALES.items():
            url = f"sqlite:///{workdir / (name + '.db')}"
            print(f"[{name}] generating {scale}")
            email = generate(url, scale)
            print(f"[{name}] measuring ({REPEAT} requests per page)")
            results["scales"][name] = measure_scale(url, email)
            gc.collect()
        small = results["scales"]["small"]["pages"]["dashboard"]["median_ms"]
        large = results["scales"]["large"]["pages"]["dashboard"]["median_ms"]
        results["dashboard_large_vs_small"] = round(large / small, 2) if small else None
        results["pdf"] = measure_pdf()
        gc.collect()
        results.update(rss_mb())
        results["load_after"] = os.getloadavg()
        results["goals"] = verdicts(results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--weasyprint-only"]:
        try:
            print(json.dumps(weasyprint_only()))
        except Exception as problem:  # noqa: BLE001 - WeasyPrint needs system libraries; report, don't fail
            print(json.dumps({"weasyprint_error": str(problem)[:200]}))
    else:
        main()
