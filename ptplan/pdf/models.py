"""Input contract for the PDF documents: plain, immutable dataclasses.

The web layer maps database rows into these; the renderers never see a model or a
session. Every text field is plain text (not markup): the renderers escape it, so
``"<b>"`` prints as those three characters. Dates are ``datetime.date``; times that must
appear in the clinic's time zone are passed pre-formatted as strings, because only the
caller knows the zone. Sequences may be lists or tuples; they are stored as tuples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from ptplan.catalogue import SIDES, Exercise
from ptplan.catalogue.texts import CONSENT_FORM_VERSION
from ptplan.illustrations import Pose


def _freeze(obj: object) -> None:
    """Turn list fields into tuples so a frozen document is really immutable and reusable."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


def _require_text(obj: object, *names: str) -> None:
    """Refuse a missing name or phone: a printed "None" on a patient's paper helps nobody."""
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{type(obj).__name__}.{name} must be non-empty text")


@dataclass(frozen=True)
class ClinicInfo:
    """Who the document comes from. ``logo`` is PNG or JPEG bytes, printed top left."""

    name: str
    phone: str
    address: str = ""
    logo: bytes | None = None
    #: Printed in the "seek urgent care" box; change for clinics outside the US.
    emergency_number: str = "911"

    def __post_init__(self) -> None:
        _require_text(self, "name", "phone", "emergency_number")


@dataclass(frozen=True)
class ManualTherapyItem:
    """A hands-on treatment given in the clinic, in the patient's words."""

    name: str
    why: str


@dataclass(frozen=True)
class ExerciseItem:
    """One home exercise as the plan prescribes it.

    ``cautions`` each complete the sentence "Stop if …". ``hold_seconds`` 0 means "no
    hold". ``side`` is "left", "right", "both" or "none". ``photo`` (PNG/JPEG bytes), if
    given, is printed instead of the ``pose`` drawing.
    """

    name: str
    steps: Sequence[str]
    cautions: Sequence[str] = ()
    sets: int = 1
    reps: int = 10
    hold_seconds: int = 0
    times_per_day: int = 1
    days_per_week: int = 7
    side: str = "both"
    purpose: str = ""
    notes: str = ""
    pose: Pose | None = None
    photo: bytes | None = None

    def __post_init__(self) -> None:
        _freeze(self)
        _require_text(self, "name")
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, got {self.side!r}")
        for name in ("sets", "reps", "times_per_day", "days_per_week"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.hold_seconds < 0 or self.days_per_week > 7:
            raise ValueError("hold_seconds must be >= 0 and days_per_week at most 7")

    @classmethod
    def from_catalogue(cls, exercise: Exercise, **changes: object) -> ExerciseItem:
        """An item with the library's text, picture and default dosage; ``changes`` override."""
        d = exercise.dosage
        values: dict[str, object] = dict(
            name=exercise.name,
            steps=exercise.steps,
            cautions=exercise.cautions,
            sets=d.sets,
            reps=d.reps,
            hold_seconds=d.hold_seconds,
            times_per_day=d.times_per_day,
            days_per_week=d.days_per_week,
            side=d.side,
            purpose=exercise.purpose,
            pose=exercise.pose,
        )
        values.update(changes)
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ProgressPoint:
    """One visit's outcome scores; either may be missing. NPRS 0-10; ``odi`` holds the
    patient's 0-100 disability score (ODI, NDI or QuickDASH; see PatientPlanDoc.disability_title)."""

    recorded_on: date
    nprs: float | None = None
    odi: float | None = None

    def __post_init__(self) -> None:
        if self.nprs is not None and not 0 <= self.nprs <= 10:
            raise ValueError("NPRS must be 0-10")
        if self.odi is not None and not 0 <= self.odi <= 100:
            raise ValueError("ODI must be 0-100")


@dataclass(frozen=True)
class PatientPlanDoc:
    """The patient's printed home plan. Carries no codes, no insurance data, no diagnosis.

    ``therapist_name`` includes credentials ("Sam Rivera, PT, DPT"). ``goals`` are in the
    patient's words. ``dry_needling_muscles`` are patient-friendly names; the dry-needling
    section prints only when ``dry_needling`` is true.
    """

    clinic: ClinicInfo
    patient_name: str
    therapist_name: str
    printed_on: date
    goals: Sequence[str] = ()
    dry_needling: bool = False
    dry_needling_muscles: Sequence[str] = ()
    manual_therapy: Sequence[ManualTherapyItem] = ()
    exercises: Sequence[ExerciseItem] = ()
    progress: Sequence[ProgressPoint] = ()
    notes: str = ""
    # Plain title of the disability chart: the ODI, NDI or QuickDASH, whichever the patient has.
    disability_title: str = "Limits on daily life"
    #: The document's language ("en", "es", "vi", "zh-Hans") and the clinic's reviewed
    #: corrections of shipped translations (English text -> corrected translation).
    language: str = "en"
    overrides: Mapping[str, str] = field(default_factory=dict)
    #: "Translation reviewed by NAME, DATE" or "...not yet reviewed...", already translated.
    translation_note: str = ""

    def __post_init__(self) -> None:
        _freeze(self)
        _require_text(self, "patient_name", "therapist_name")


# --- Plan of care (physician certification) ------------------------------------------


@dataclass(frozen=True)
class Diagnosis:
    """An ICD-10-CM code and its description, e.g. ("M54.41", "Lumbago with sciatica, right side")."""

    code: str
    description: str


@dataclass(frozen=True)
class GoalLine:
    """A measurable goal: "Reduce pain", measure "NPRS", baseline "7/10", target "3/10"."""

    description: str
    measure: str = ""
    baseline: str = ""
    target: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class InterventionLine:
    """Type, amount, frequency and duration of one service (Medicare BPM ch.15 §220.1.2)."""

    name: str
    code: str = ""
    amount: str = ""
    frequency: str = ""
    duration: str = ""


@dataclass(frozen=True)
class Signatory:
    """A clinician signing a document; ``signed_on`` None prints "Unsigned draft"."""

    name: str
    credentials: str
    licence: str = ""
    signed_on: date | None = None


@dataclass(frozen=True)
class PlanOfCareDoc:
    clinic: ClinicInfo
    patient_name: str
    date_of_birth: date
    mrn: str
    diagnoses: Sequence[Diagnosis]
    long_term_goals: Sequence[GoalLine]
    interventions: Sequence[InterventionLine]
    visits_per_week: int
    duration_weeks: int
    certification_start: date
    certification_end: date
    therapist: Signatory
    short_term_goals: Sequence[GoalLine] = ()
    onset_on: date | None = None
    assessment: str = ""
    physician_name: str = ""
    physician_npi: str = ""
    physician_signed_on: date | None = None  # recorded certification; blank lines when None
    # A signed plan's addenda and the patients' amendment requests naming it, as on notes.
    addenda: Sequence[Addendum] = field(default_factory=tuple)
    amendments: Sequence[AmendmentEntry] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _freeze(self)
        _require_text(self, "patient_name", "mrn")
        if self.certification_end < self.certification_start:
            raise ValueError("certification period ends before it starts")


# --- Dry-needling consent ------------------------------------------------------------


@dataclass(frozen=True)
class SignedConsent:
    """What a signed consent record holds; pre-fills the signature lines."""

    patient_signature_name: str
    signed_on: date
    witness_name: str = ""
    copy_given: bool = False


@dataclass(frozen=True)
class ConsentDoc:
    clinic: ClinicInfo
    patient_name: str
    date_of_birth: date
    therapist_name: str
    form_version: str = CONSENT_FORM_VERSION
    signed: SignedConsent | None = None
    # Planned muscles over the lung field, and (muscle, nerve or vessel) pairs near one.
    lung_field_muscles: tuple[str, ...] = ()
    structures_at_risk: tuple[tuple[str, str], ...] = ()
    #: The document's language ("en", "es", "vi", "zh-Hans") and the clinic's reviewed
    #: corrections of shipped translations (English text -> corrected translation).
    language: str = "en"
    overrides: Mapping[str, str] = field(default_factory=dict)
    #: "Translation reviewed by NAME, DATE" or "...not yet reviewed...", already translated.
    translation_note: str = ""

    def __post_init__(self) -> None:
        _require_text(self, "patient_name", "therapist_name", "form_version")


# --- Signed clinical notes -----------------------------------------------------------


@dataclass(frozen=True)
class NoteTable:
    """A small table inside a note section; every row has ``len(columns)`` cells."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""

    def __post_init__(self) -> None:
        _freeze(self)
        object.__setattr__(self, "rows", tuple(tuple(r) for r in self.rows))
        if any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("every table row needs one cell per column")


@dataclass(frozen=True)
class NoteSection:
    """A titled part of a note, printed as: paragraphs, then label/value rows, then tables."""

    title: str
    paragraphs: Sequence[str] = ()
    rows: Sequence[tuple[str, str]] = ()
    tables: Sequence[NoteTable] = ()

    def __post_init__(self) -> None:
        _freeze(self)


@dataclass(frozen=True)
class NoteSignature:
    """``signed_at`` is already formatted in the clinic's time zone, e.g. "Mar 3, 2026 4:05 PM EST"."""

    signed_by: str
    signed_at: str
    content_sha256: str


@dataclass(frozen=True)
class Addendum:
    author: str
    written_at: str
    reason: str
    text: str


@dataclass(frozen=True)
class AmendmentEntry:
    """A patient's amendment request printed with the note or plan it names (HIPAA §164.526).

    ``status`` is the printed status line ("Open: decision due ...", "Accepted ...", "Denied ...");
    ``appended`` holds (heading, text) pairs: the denial, the statement of disagreement, the rebuttal.
    """

    number: int
    status: str
    requested_by: str
    received_on: date
    requested_change: str
    reason: str
    appended: Sequence[tuple[str, str]] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _freeze(self)
        _require_text(self, "status", "requested_by")


@dataclass(frozen=True)
class NoteDoc:
    """An evaluation, daily note, progress note or discharge summary (``note_type``)."""

    clinic: ClinicInfo
    patient_name: str
    mrn: str
    date_of_birth: date
    note_type: str
    date_of_service: date
    therapist_name: str
    sections: Sequence[NoteSection] = ()
    signature: NoteSignature | None = None
    addenda: Sequence[Addendum] = field(default_factory=tuple)
    amendments: Sequence[AmendmentEntry] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _freeze(self)
        _require_text(self, "patient_name", "mrn", "note_type", "therapist_name")
