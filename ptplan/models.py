"""Imports every model so that SQLAlchemy's metadata is complete (Alembic, create_all)."""

from ptplan.audit.models import AuditEvent  # noqa: F401
from ptplan.auth.models import LoginAttempt, User, UserSession  # noqa: F401
from ptplan.clinics.models import Clinic  # noqa: F401
from ptplan.evaluations.models import Evaluation  # noqa: F401
from ptplan.files.models import StoredFile  # noqa: F401
from ptplan.outcomes.models import OutcomeScore  # noqa: F401
from ptplan.patients.models import Patient, PatientDiagnosis, PatientPrecaution  # noqa: F401
from ptplan.plans.models import (  # noqa: F401
    DryNeedlingConsent,
    DryNeedlingScreening,
    Exercise,
    ManualTechnique,
    Muscle,
    PlanGoal,
    PlanIntervention,
    PlanOfCare,
    PlanTemplate,
)
from ptplan.records.models import Addendum  # noqa: F401
from ptplan.sessions.models import VisitNote  # noqa: F401
from ptplan.evaluations.models import EvaluationPsfsActivity, EvaluationTriggerPoint  # noqa: F401

# Caseload indexes on the tables above (ptplan/caseload/indexes.py); imported after every model.
from ptplan.caseload import indexes as _caseload_indexes  # noqa: F401  # isort: skip
from ptplan.sessions.models import (  # noqa: F401, E402  (session-note children)
    NeedledMuscle,
    NeedlingRecord,
    NoteAdherence,
    NoteBillingLine,
    NoteGoalReview,
    NoteIntervention,
)
