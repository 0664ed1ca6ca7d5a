"""The chart hub is turned around: providers register with ``ptplan.charting`` and the factory
wires them up, so the hub imports no provider, no provider imports the hub, and no provider
reaches into another domain package's chart or alerts module (issue #11, point 3)."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

from ptplan import charting
from ptplan.extensions import db
from tests.factories import plans as fp

PTPLAN = Path(__file__).resolve().parents[1] / "ptplan"
PROVIDERS = sorted(PTPLAN.glob("*/chart.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_neutral_module_imports_no_domain_package():
    assert not [name for name in _imports(PTPLAN / "charting.py") if name.startswith("ptplan")]


def test_the_hub_imports_no_provider_and_no_provider_imports_the_hub():
    hub = _imports(PTPLAN / "patients" / "chart.py")
    assert not [name for name in hub if name.startswith("ptplan.") and not name.startswith("ptplan.charting")]
    for path in PTPLAN.rglob("*.py"):
        if path != PTPLAN / "patients" / "views.py":
            assert "ptplan.patients.chart" not in _imports(path), path


def test_no_provider_imports_another_packages_chart_or_alerts():
    for path in PROVIDERS:
        own = f"ptplan.{path.parent.name}."
        foreign = [
            name
            for name in _imports(path)
            if name.startswith("ptplan.")
            and not name.startswith(own)
            and name.rsplit(".", 1)[-1] in ("chart", "alerts")
        ]
        assert not foreign, (path, foreign)


def test_the_factory_registers_every_provider_in_running_order(app):
    names = [provider.name for provider in charting.providers()]
    # The plan section runs first: it loads the active plan that the session section reuses.
    assert names == ["plans", "evaluations", "sessions", "documents", "amendments", "interop"]


def test_a_provider_registered_again_replaces_itself(app):
    before = charting.providers()
    plans = next(p for p in before if p.name == "plans")
    try:
        charting.register("plans", order=plans.order, sections=plans.sections)
        assert len(charting.providers()) == len(before)
        assert next(p for p in charting.providers() if p.name == "plans").badges is None
    finally:
        charting.register(
            "plans",
            order=plans.order,
            sections=plans.sections,
            badges=plans.badges,
            actions=plans.actions,
            after_evaluation=plans.after_evaluation,
        )


def test_memo_loads_once_per_request_and_simply_loads_outside_one(app):
    calls = []

    def load():
        calls.append(1)
        return len(calls)

    assert charting.memo(("k",), load) == 1 and charting.memo(("k",), load) == 2
    with app.test_request_context():
        assert charting.memo(("k",), load) == 3 and charting.memo(("k",), load) == 3
    with app.test_request_context():
        assert charting.memo(("k",), load) == 4


def test_certification_badge_stays_on_an_archived_patients_active_plan(
    client, login, make_patient, therapist
):
    """The badge the plan section used to raise is raised by the session section (which owns
    the visit figures) for any patient status, with the same words; the visit alerts cover
    active patients only, so this is the badge of record."""
    patient = make_patient(therapist=therapist)
    fp.active_plan(patient, therapist, start=date.today() - timedelta(days=32))
    patient.status = "archived"
    db.session.commit()
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert html.count("Physician certification missing") == 1
    assert "More than 30 days after the first visit" in html


def test_the_plan_step_is_offered_through_the_registry(app, make_patient, therapist):
    patient = make_patient(therapist=therapist)
    with app.test_request_context():
        step = charting.after_evaluation(patient, therapist, evaluation_id=7)
    assert step is not None and step.label == "Start plan of care" and "evaluation_id=7" in step.url


def test_the_plan_statement_reads_goals_and_interventions_without_multiplying_them(
    app, make_patient, therapist, count_queries
):
    """Goals and interventions come in one statement, in position order, each once, as the
    plan's own relationships load them; the draft beside the active plan keeps its own."""
    from ptplan.plans import chart as plan_chart
    from ptplan.plans import services as plan_services

    patient = make_patient(therapist=therapist)
    draft = fp.draft_plan(patient, therapist, with_dn=True)
    for code in ("nprs", "psfs"):
        goal = fp.add_goal(draft, code, baseline=5, target=2 if code == "nprs" else 8)
        for slug in ("cat-camel", "bird-dog", "glute-bridge"):
            fp.add_home_exercise(draft, goal, slug)
    fp.clear_for_dry_needling(patient, therapist)
    plan_services.sign_plan(draft, therapist, today=date.today())
    other = fp.draft_plan(patient, therapist)
    db.session.commit()
    expected = {p.id: ([g.id for g in p.goals], [i.id for i in p.interventions]) for p in (draft, other)}
    assert len(expected[draft.id][0]) >= 3 and len(expected[draft.id][1]) >= 7
    patient_id, draft_id, other_id = patient.id, draft.id, other.id
    db.session.expire_all()
    with count_queries() as q:
        plan, drafts, screening, consent = plan_chart.current_plans(patient_id)
    assert q.count == 1
    assert plan.id == draft_id and [d.id for d in drafts] == [other_id]
    assert screening is not None and consent is not None
    for loaded in (plan, *drafts):
        assert ([g.id for g in loaded.goals], [i.id for i in loaded.interventions]) == expected[loaded.id]
