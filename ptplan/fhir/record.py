"""A patient's record as FHIR resources: loads the signed records of one patient and maps them.

Only signed records leave the system (evaluations, plans, notes, consents, and the scores and
findings they hold): a draft is still being written and is not part of the legal record. The
loader is shared by the Bundle export, the bulk export, ``$everything``, the API's reads and
searches, and the patient's copy, so all of them say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.dry_needling.models import DryNeedlingConsent
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.fhir import codes, mapping_care, mapping_people
from ptplan.fhir.mapping_people import Resource
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanIntervention, PlanOfCare
from ptplan.sessions.models import NeedlingRecord, VisitNote

if TYPE_CHECKING:
    from ptplan.documents.services import PdfFile

MANUAL_THERAPY_CPT = "97140"
EVALUATION_DOCUMENT_TYPES = {
    "initial": "initial",
    "reevaluation": "reevaluation",
    "discharge": "discharge-evaluation",
}


@dataclass
class Document:
    """A signed document of the record, rendered on demand (PDFs cost tens of milliseconds)."""

    resource_id: str
    type_code: str
    title: str
    author_id: int
    signed_at: object
    period_start: object
    render: Callable[[], PdfFile]


@dataclass
class PatientRecord:
    patient: Patient
    clinic: Clinic
    evaluations: list[Evaluation] = field(default_factory=list)
    plans: list[PlanOfCare] = field(default_factory=list)
    notes: list[VisitNote] = field(default_factory=list)
    scores: list[OutcomeScore] = field(default_factory=list)
    consents: list[DryNeedlingConsent] = field(default_factory=list)
    practitioners: list[User] = field(default_factory=list)
    home_plan: PlanOfCare | None = None

    # ------------------------------------------------------------------ resources by type

    def resources(self, resource_type: str | None = None, *, with_pdfs: bool = True) -> Iterator[Resource]:
        """Every resource (or those of one type) in a stable order: the Bundle's order."""
        for name in codes.RESOURCE_TYPES:
            if resource_type in (None, name):
                yield from getattr(self, f"_{name.lower()}")(with_pdfs)

    def find(self, resource_type: str, resource_id: str) -> Resource | None:
        if resource_type == "DocumentReference":
            document = next((d for d in self.documents() if d.resource_id == resource_id), None)
            return self._document_resource(document, True) if document else None
        return next((r for r in self.resources(resource_type) if r["id"] == resource_id), None)

    def _patient(self, _):
        yield mapping_people.patient_resource(self.patient)

    def _practitioner(self, _):
        for user in self.practitioners:
            yield mapping_people.practitioner_resource(user)

    def _organization(self, _):
        yield mapping_people.organization_resource(self.clinic)

    def _condition(self, _):
        for diagnosis in self.patient.diagnoses:
            yield mapping_people.condition_resource(diagnosis, self.patient)

    def _observation(self, _):
        for score in self.scores:
            yield mapping_people.score_observation(score)
        for evaluation in self.evaluations:
            yield from mapping_people.slr_observations(evaluation)

    def _questionnaireresponse(self, _):
        for score in self.scores:
            if mapping_people.has_item_answers(score):
                yield mapping_people.questionnaire_response(score)

    def _goal(self, _):
        for plan in self.plans:
            for goal in plan.goals:
                yield mapping_care.goal_resource(goal, plan)

    def _careplan(self, _):
        conditions = {d.icd10_code: d.id for d in self.patient.diagnoses}
        included = {plan.id for plan in self.plans}
        for plan in self.plans:
            resource = mapping_care.careplan_resource(plan, conditions)
            if plan.previous_version_id not in included:
                resource.pop("replaces", None)
            yield resource

    def _procedure(self, _):
        plan_interventions = {i.id: i for plan in self.plans for i in plan.interventions}
        for note in self.notes:
            if note.needling is not None:
                yield mapping_care.dry_needling_procedure(note.needling, note)
            for delivered in note.interventions:
                planned: PlanIntervention | None = plan_interventions.get(delivered.plan_intervention_id)
                if (planned is not None and planned.kind == "manual_therapy") or (
                    planned is None and delivered.cpt_code == MANUAL_THERAPY_CPT
                ):
                    region = (planned.params or {}).get("region", "") if planned is not None else ""
                    yield mapping_care.manual_therapy_procedure(delivered, note, region)

    def _consent(self, _):
        for consent in self.consents:
            yield mapping_care.consent_resource(consent)

    def _documentreference(self, with_pdfs: bool):
        for document in self.documents():
            yield self._document_resource(document, with_pdfs)

    # ------------------------------------------------------------------ documents

    def documents(self) -> list[Document]:
        """Signed evaluations and notes, each signed plan version and the printed home plan."""
        from ptplan.documents import services as documents  # document-only: imported where used

        patient, clinic = self.patient, self.clinic
        found = []
        for evaluation in self.evaluations:
            found.append(
                Document(
                    f"evaluation-{evaluation.id}",
                    EVALUATION_DOCUMENT_TYPES[evaluation.kind],
                    f"{evaluation.kind_label}, {evaluation.date_of_service.isoformat()}",
                    evaluation.therapist_id,
                    evaluation.signed_at,
                    evaluation.date_of_service,
                    lambda e=evaluation: documents.evaluation_pdf(e, patient, clinic),
                )
            )
        for plan in self.plans:
            found.append(
                Document(
                    f"plan-{plan.id}",
                    "plan-of-care",
                    f"Plan of care, version {plan.version_number}, from {plan.start_date.isoformat()}",
                    plan.author_id,
                    plan.signed_at,
                    plan.start_date,
                    lambda p=plan: documents.plan_of_care_pdf(p, patient, clinic),
                )
            )
        for note in self.notes:
            found.append(
                Document(
                    f"note-{note.id}",
                    note.kind,
                    f"{note.kind_label}, {note.date_of_service.isoformat()}",
                    note.therapist_id,
                    note.signed_at,
                    note.date_of_service,
                    lambda n=note: documents.note_pdf(n, patient, clinic),
                )
            )
        if self.home_plan is not None:
            plan = self.home_plan
            found.append(
                Document(
                    f"home-plan-{plan.id}",
                    "home-plan",
                    "Home exercise plan (the printed copy for the patient)",
                    plan.author_id,
                    plan.signed_at,
                    plan.start_date,
                    lambda: documents.home_plan_pdf(patient, clinic),
                )
            )
        return found

    def _document_resource(self, document: Document, with_pdf: bool) -> Resource:
        from ptplan.documents.common import DocumentUnavailable  # document-only: imported where used

        pdf = None
        if with_pdf:
            try:
                pdf = document.render().data
            except DocumentUnavailable:
                pdf = None
        return mapping_care.document_reference(
            document.resource_id,
            type_code=document.type_code,
            patient_id=self.patient.id,
            clinic_id=self.clinic.id,
            author_id=document.author_id,
            signed_at=document.signed_at,
            title=document.title,
            pdf=pdf,
            period_start=document.period_start,
        )


def load_record(patient: Patient) -> PatientRecord:
    """Load one patient's signed record in a fixed number of statements."""
    clinic = db.session.get(Clinic, patient.clinic_id)
    evaluations = list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.patient_id == patient.id, Evaluation.signed_at.is_not(None))
            .order_by(Evaluation.date_of_service, Evaluation.id)
        )
    )
    plans = list(
        db.session.scalars(
            select(PlanOfCare)
            .where(PlanOfCare.patient_id == patient.id, PlanOfCare.signed_at.is_not(None))
            .options(
                selectinload(PlanOfCare.goals),
                selectinload(PlanOfCare.interventions).selectinload(PlanIntervention.goals),
            )
            .order_by(PlanOfCare.start_date, PlanOfCare.id)
        )
    )
    notes = list(
        db.session.scalars(
            select(VisitNote)
            .where(VisitNote.patient_id == patient.id, VisitNote.signed_at.is_not(None))
            .options(
                selectinload(VisitNote.interventions),
                selectinload(VisitNote.needling).selectinload(NeedlingRecord.muscles),
            )
            .order_by(VisitNote.date_of_service, VisitNote.id)
        )
    )
    signed_evaluations = {e.id for e in evaluations}
    signed_notes = {n.id for n in notes}
    scores = sorted(
        (
            score
            for score in outcomes.patient_scores(patient.id)
            if score.evaluation_id in signed_evaluations or score.visit_note_id in signed_notes
        ),
        key=lambda score: (score.taken_on, score.code, score.id),
    )
    consents = list(
        db.session.scalars(
            select(DryNeedlingConsent)
            .where(DryNeedlingConsent.patient_id == patient.id, DryNeedlingConsent.signed_at.is_not(None))
            .order_by(DryNeedlingConsent.consented_on, DryNeedlingConsent.id)
        )
    )
    user_ids = {patient.primary_therapist_id} if patient.primary_therapist_id else set()
    user_ids |= {e.therapist_id for e in evaluations} | {p.author_id for p in plans}
    user_ids |= {n.therapist_id for n in notes} | {s.recorded_by_id for s in scores if s.recorded_by_id}
    practitioners = (
        list(db.session.scalars(select(User).where(User.id.in_(user_ids)).order_by(User.id)))
        if user_ids
        else []
    )
    active = [p for p in plans if p.status == "active"]
    return PatientRecord(
        patient=patient,
        clinic=clinic,
        evaluations=evaluations,
        plans=plans,
        notes=notes,
        scores=scores,
        consents=consents,
        practitioners=practitioners,
        home_plan=active[-1] if active else None,
    )


def bundle(
    record: PatientRecord, *, base_url: str, bundle_type: str = "collection", timestamp=None
) -> Resource:
    """One Bundle of the whole record; ``fullUrl`` is the server base plus Type/id, so every
    relative reference resolves inside the Bundle."""
    entries = []
    for resource in record.resources():
        entry = {"fullUrl": f"{base_url}/{resource['resourceType']}/{resource['id']}", "resource": resource}
        if bundle_type == "searchset":
            entry["search"] = {"mode": "match" if resource["resourceType"] == "Patient" else "include"}
        entries.append(entry)
    result: Resource = {"resourceType": "Bundle", "type": bundle_type}
    if timestamp is not None:
        result["timestamp"] = mapping_people.instant(timestamp)
    if bundle_type == "searchset":
        result["total"] = 1
    result["entry"] = entries
    return result


def references(value) -> Iterator[str]:
    """Every ``reference`` string inside a resource (for the resolution check)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def unresolved_references(bundle_resource: Resource) -> list[str]:
    present = {
        f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle_resource.get("entry", [])
    }
    return sorted(
        {r for e in bundle_resource.get("entry", []) for r in references(e["resource"]) if r not in present}
    )
