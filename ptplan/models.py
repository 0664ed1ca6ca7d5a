"""Imports every model so that SQLAlchemy's metadata is complete (Alembic, create_all)."""

# ruff: noqa: F401, I001
from ptplan.amendments.models import AmendmentRequest
from ptplan.audit.models import AuditEvent
from ptplan.auth.models import LoginAttempt, User, UserSession
from ptplan.auth.recovery_codes import RecoveryCode
from ptplan.clinics.models import Clinic
from ptplan.documents.models import CachedDocument
from ptplan.evaluations.models import Evaluation, EvaluationPsfsActivity, EvaluationTriggerPoint
from ptplan.files.models import StoredFile
from ptplan.fhir.tokens import ApiToken
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient, PatientDiagnosis, PatientPrecaution
from ptplan.dry_needling.models import DryNeedlingConsent, DryNeedlingScreening
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare, PlanTemplate
from ptplan.records.models import Addendum
from ptplan.recovery.models import PasswordResetLink
from ptplan.sessions.models import (
    NeedledMuscle,
    NeedlingRecord,
    NoteAdherence,
    NoteBillingLine,
    NoteGoalReview,
    NoteIntervention,
    VisitNote,
)

from ptplan.translations.models import TranslationReview, TranslationReviewer

# Caseload's indexes on the tables above; imported after every model (ptplan/caseload/indexes.py).
from ptplan.caseload import indexes as _caseload_indexes
from ptplan.caseload.daily import CaseloadNoteDay
from ptplan.caseload.summary import CaseloadPatientOutcome, CaseloadPlanStatus
