"""Reading and checking an onboarding file of patients, row by row, without holding it in memory.

Two formats: CSV with the columns in ``COLUMNS`` (a header row first), or NDJSON with one
FHIR R4 Patient per line. Both become the same plain row, checked by ``check_row``. Every bad
row is reported with its line number and the reason; nothing here touches the database (the
caller passes in what it needs to know: the clinic's therapists and whether an MRN exists).

Encodings: UTF-8 (with or without a byte-order mark) or, when the bytes are not valid UTF-8,
Latin-1. Lines longer than ``MAX_LINE_BYTES`` are refused without being read into memory.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from ptplan.fhir.codes import GENDER_TO_SEX
from ptplan.patients.forms import npi_is_valid
from ptplan.patients.icd10 import is_well_formed, normalise
from ptplan.patients.models import LANGUAGES

MAX_LINE_BYTES = 64 * 1024
TOO_LONG = "\x00line-too-long\x00"
BAD_BYTES = "\x00bad-bytes\x00"
REQUIRED = ("mrn", "first_name", "last_name", "date_of_birth", "sex")
OPTIONAL = (
    "phone",
    "email",
    "address",
    "preferred_language",
    "therapist_email",
    "referring_physician_name",
    "referring_physician_npi",
    "payer_name",
    "payer_rule",
    "diagnosis_code",
    "diagnosis_text",
)
COLUMNS = REQUIRED + OPTIONAL
LENGTHS = {
    "mrn": 32,
    "first_name": 80,
    "last_name": 80,
    "phone": 40,
    "email": 254,
    "address": 400,
    "referring_physician_name": 120,
    "payer_name": 120,
    "diagnosis_text": 200,
}
SEXES = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other", "o": "other"}
SEXES.update({"unknown": "unknown", "u": "unknown", "not stated": "unknown"})
PHONE = re.compile(r"^\+?[0-9 ().\-]{3,40}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OLDEST_BIRTH = date(1900, 1, 1)


class FileProblem(ValueError):
    """The file as a whole cannot be read (no header, unknown columns, not CSV or NDJSON)."""


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class CleanRow:
    line: int
    values: dict
    therapist_id: int | None = None
    diagnosis: tuple[str, str] | None = None


@dataclass
class Report:
    encoding: str = "utf-8"
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    preview: list[CleanRow] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return self.error_count == 0 and self.rows > 0


# ------------------------------------------------------------------ bytes -> text lines


def detect_encoding(stream: BinaryIO) -> str:
    """``utf-8-sig`` when every byte is valid UTF-8 (a BOM is dropped), else ``latin-1``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 16):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    finally:
        stream.seek(0)
    return "utf-8-sig"


def text_lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """Decoded physical lines. An over-long line becomes the ``TOO_LONG`` marker (its bytes are
    skipped in chunks, never held), and a line with NUL bytes (UTF-16, binary) ``BAD_BYTES``."""
    first = True
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield TOO_LONG + "\n"
            first = False
            continue
        if first and encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        first = False
        if b"\x00" in raw:
            yield BAD_BYTES + "\n"
            continue
        yield raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)


# ------------------------------------------------------------------ rows


def csv_rows(lines: Iterator[str]) -> Iterator[tuple[int, dict | str]]:
    """(line number, raw row) or (line number, problem) for each CSV record after the header."""
    counter = _Counting(lines)
    reader = csv.reader(counter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    except csv.Error as problem:
        raise FileProblem(f"Line 1: the header row cannot be read ({problem}).") from None
    if header and any(marker in header[0] for marker in (TOO_LONG, BAD_BYTES)):
        raise FileProblem("Line 1: the header row cannot be read (bad encoding or too long).")
    names = [h.strip().lower().replace(" ", "_") for h in header]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing required columns: " + ", ".join(missing))
        if unknown:
            parts.append("unknown columns: " + ", ".join(unknown))
        raise FileProblem(f"Line 1 (header): {'; '.join(parts)}. The columns are: {', '.join(COLUMNS)}.")
    if len(set(names)) != len(names):
        raise FileProblem("Line 1 (header): a column is named twice.")
    while True:
        start = counter.count + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            yield start, f"malformed CSV ({problem}); check the quotes on this line"
            continue
        if not record or all(not cell.strip() for cell in record):
            continue  # blank lines are not rows
        joined = "".join(record)
        if TOO_LONG in joined:
            yield start, f"the line is longer than {MAX_LINE_BYTES // 1024} KB"
            continue
        if BAD_BYTES in joined:
            yield start, "bad encoding: the line holds NUL bytes (save the file as UTF-8)"
            continue
        if len(record) != len(names):
            yield start, f"{len(record)} cells where the header has {len(names)}"
            continue
        yield start, dict(zip(names, record, strict=True))


class _Counting:
    """Counts physical lines handed to the csv reader (a record may span several)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        return line


def ndjson_rows(lines: Iterator[str]) -> Iterator[tuple[int, dict | str]]:
    """(line number, raw row) from FHIR Patient resources, one JSON object per line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if TOO_LONG in line:
            yield number, f"the line is longer than {MAX_LINE_BYTES // 1024} KB"
            continue
        if BAD_BYTES in line:
            yield number, "bad encoding: the line holds NUL bytes (save the file as UTF-8)"
            continue
        try:
            resource = json.loads(line)
        except ValueError as problem:
            yield number, f"not valid JSON ({problem.args[0] if problem.args else problem})"
            continue
        if not isinstance(resource, dict) or resource.get("resourceType") != "Patient":
            yield number, 'not a FHIR Patient resource (resourceType must be "Patient")'
            continue
        try:
            yield number, patient_row(resource)
        except (TypeError, AttributeError, KeyError, IndexError):
            yield (
                number,
                "the Patient resource has an unexpected shape (identifier, name, telecom or address)",
            )


def patient_row(resource: dict) -> dict:
    """The CSV-shaped row of one FHIR Patient: the MR identifier (or the first) is the MRN."""
    identifiers = resource.get("identifier") or []
    chosen = next(
        (
            i
            for i in identifiers
            if any(c.get("code") == "MR" for c in (i.get("type") or {}).get("coding", []))
        ),
        identifiers[0] if identifiers else {},
    )
    names = resource.get("name") or [{}]
    name = next((n for n in names if n.get("use") == "official"), names[0])
    telecom = resource.get("telecom") or []
    address = (resource.get("address") or [{}])[0]
    parts = [*address.get("line", []), *(address.get(k, "") for k in ("city", "state", "postalCode"))]
    address_text = address.get("text") or ", ".join(str(p) for p in parts if p)
    language = ""
    for item in resource.get("communication") or []:
        codings = (item.get("language") or {}).get("coding") or [{}]
        language = (codings[0].get("code") or "").split("-")[0]
        if item.get("preferred"):
            break
    gender = resource.get("gender") or ""
    return {
        "mrn": str(chosen.get("value", "")),
        "first_name": " ".join(name.get("given") or []),
        "last_name": str(name.get("family", "")),
        "date_of_birth": str(resource.get("birthDate", "")),
        "sex": GENDER_TO_SEX.get(gender, gender),
        "phone": next((t.get("value", "") for t in telecom if t.get("system") == "phone"), ""),
        "email": next((t.get("value", "") for t in telecom if t.get("system") == "email"), ""),
        "address": address_text,
        "preferred_language": language,
    }


# ------------------------------------------------------------------ one row's rules


def parse_date(value: str) -> date | str:
    """An ISO date (YYYY-MM-DD) or the reason it is not one."""
    match = ISO_DATE.match(value)
    if not match:
        return f"{value!r} is not a date in the form YYYY-MM-DD"
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return f"{value!r} is not a real date (no such day in that month)"


def _formula_like(value: str) -> bool:
    """Cells a spreadsheet would run as a formula (OWASP CSV injection), except a phone number."""
    return value.startswith(FORMULA_START) and not PHONE.match(value)


def check_row(
    raw: dict,
    *,
    today: date,
    therapists: dict[str, int],
) -> tuple[dict, int | None, tuple[str, str] | None] | list[str]:
    """The cleaned values, therapist id and diagnosis, or every reason the row is refused."""
    problems: list[str] = []
    values: dict = {}
    for name in COLUMNS:
        value = raw.get(name)
        value = "" if value is None else str(value)
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
            problems.append(f"{name}: contains control characters (is the file's encoding right?)")
            continue
        value = value.strip()
        if value and _formula_like(value):
            problems.append(
                f"{name}: {value[:20]!r} looks like a spreadsheet formula; remove the leading {value[0]!r}"
            )
            continue
        limit = LENGTHS.get(name)
        if limit and len(value) > limit:
            problems.append(f"{name}: longer than {limit} characters")
            continue
        values[name] = value
    for name in REQUIRED:
        if name in values and not values[name]:
            problems.append(f"{name} is required")
    if values.get("date_of_birth"):
        born = parse_date(values["date_of_birth"])
        if isinstance(born, str):
            problems.append(f"date_of_birth: {born}")
        elif born > today:
            problems.append("date_of_birth: the date is in the future")
        elif born < OLDEST_BIRTH:
            problems.append("date_of_birth: the date is before 1900")
        else:
            values["date_of_birth"] = born
    if values.get("sex"):
        sex = SEXES.get(values["sex"].lower())
        if sex is None:
            problems.append(f"sex: {values['sex']!r} is not one of female, male, other, unknown")
        values["sex"] = sex
    if values.get("phone") and not PHONE.match(values["phone"]):
        problems.append("phone: use digits, spaces, brackets, dots or dashes, optionally a leading +")
    if values.get("email") and not EMAIL.match(values["email"]):
        problems.append(f"email: {values['email']!r} is not an email address")
    language = (values.get("preferred_language") or "en").lower()
    if language not in LANGUAGES:
        problems.append(f"preferred_language: {language!r} is not one of {', '.join(LANGUAGES)}")
    values["preferred_language"] = language
    payer_rule = (values.get("payer_rule") or "cms").lower()
    if payer_rule not in ("cms", "ama"):
        problems.append("payer_rule: use cms or ama")
    values["payer_rule"] = payer_rule
    npi = values.get("referring_physician_npi", "")
    if npi and not npi_is_valid(npi):
        problems.append("referring_physician_npi: not a valid 10-digit NPI")
    therapist_id = None
    email = (values.get("therapist_email") or "").lower()
    if email:
        therapist_id = therapists.get(email)
        if therapist_id is None:
            problems.append(f"therapist_email: no active therapist {email!r} in this clinic")
    diagnosis = None
    code = values.get("diagnosis_code", "")
    if code:
        code = normalise(code)
        if not is_well_formed(code):
            problems.append(f"diagnosis_code: {code!r} is not an ICD-10-CM code such as M54.41")
        elif not values.get("diagnosis_text"):
            problems.append("diagnosis_text is required with a diagnosis_code")
        else:
            diagnosis = (code, values["diagnosis_text"])
    elif values.get("diagnosis_text"):
        problems.append("diagnosis_code is required with a diagnosis_text")
    if problems:
        return problems
    return values, therapist_id, diagnosis


def rows_of(stream: BinaryIO, filename: str, encoding: str) -> Iterator[tuple[int, dict | str]]:
    """Pick the parser by the file's name: ``.ndjson`` / ``.jsonl`` is FHIR, anything else CSV."""
    lines = text_lines(stream, encoding)
    if filename.lower().endswith((".ndjson", ".jsonl")):
        return ndjson_rows(lines)
    return csv_rows(lines)


def check_file(
    stream: BinaryIO,
    filename: str,
    *,
    today: date,
    therapists: dict[str, int],
    mrn_taken: Callable[[list[str]], set[str]],
    on_clean: Callable[[CleanRow], None] | None = None,
    keep_errors: int | None = None,
    preview_size: int = 20,
    batch: int = 1000,
) -> Report:
    """Check every row; duplicate MRNs (case-insensitive) in the file or the clinic are errors.

    ``mrn_taken`` answers, for a batch of MRN keys (trimmed, case-folded), which already exist in the clinic.
    ``on_clean`` receives each clean row in file order (the import's second pass uses it).
    """
    report = Report(encoding=detect_encoding(stream))
    seen: dict[str, int] = {}
    pending: list[CleanRow] = []

    def error(line: int, reason: str) -> None:
        report.error_count += 1
        if keep_errors is None or len(report.errors) < keep_errors:
            report.errors.append(RowError(line, reason))

    def flush() -> None:
        taken = mrn_taken([row.values["mrn"].strip().casefold() for row in pending])
        for row in pending:
            if row.values["mrn"].strip().casefold() in taken:
                error(row.line, f"MRN {row.values['mrn']!r} already belongs to a patient of this clinic")
            elif on_clean is not None:
                on_clean(row)
        pending.clear()

    for line, raw in rows_of(stream, filename, report.encoding):
        report.rows += 1
        if isinstance(raw, str):
            error(line, raw)
            continue
        checked = check_row(raw, today=today, therapists=therapists)
        if isinstance(checked, list):
            for problem in checked:
                error(line, problem)
            continue
        values, therapist_id, diagnosis = checked
        key = values["mrn"].strip().casefold()  # as patients.models.mrn_key
        if key in seen:
            error(line, f"MRN {values['mrn']!r} is also on line {seen[key]} (MRNs match regardless of case)")
            continue
        seen[key] = line
        row = CleanRow(line, values, therapist_id, diagnosis)
        if len(report.preview) < preview_size:
            report.preview.append(row)
        pending.append(row)
        if len(pending) >= batch:
            flush()
    flush()
    report.errors.sort(key=lambda e: e.line)
    return report
