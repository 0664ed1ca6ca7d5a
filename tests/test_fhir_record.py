"""The patient's record as FHIR R4: every resource validates with fhir.resources and round-trips,
every reference resolves, the codes are the verified ones, and the demo patient's Bundle
matches the golden file (volatile fields aside)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.fhir import codes
from ptplan.fhir.mapping_people import slr_observations
from ptplan.fhir.record import bundle, load_record, unresolved_references
from ptplan.patients.models import Patient
from tests.fhir_helpers import validate_round_trip

GOLDEN = Path(__file__).parent / "golden" / "demo_patient_bundle.json"
BASE = "https://clinic.example/fhir/r4"


def _demo_bundle() -> dict:
    seed_demo("golden bundle passphrase")
    patient = db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))
    return bundle(load_record(patient), base_url=BASE, timestamp=None)


def _normalise(value: dict) -> dict:
    """Ids renumbered by first appearance; PDF bytes (with their creation times) dropped."""
    text = json.dumps(value)
    ids: dict[str, str] = {}
    for entry in value["entry"]:
        key = f"{entry['resource']['resourceType']}/{entry['resource']['id']}"
        ids.setdefault(key, f"{entry['resource']['resourceType']}/#{len(ids) + 1}")
    result = json.loads(text)
    for entry in result["entry"]:
        resource = entry["resource"]
        key = f"{resource['resourceType']}/{resource['id']}"
        resource["id"] = ids[key].split("/")[1]
        entry["fullUrl"] = f"{BASE}/{ids[key]}"
        for content in resource.get("content", []):
            for volatile in ("data", "size", "hash"):
                content["attachment"].pop(volatile, None)
    return json.loads(_replace_references(json.dumps(result), ids))


def _replace_references(text: str, ids: dict[str, str]) -> str:
    for old, new in sorted(ids.items(), key=lambda item: -len(item[0])):
        text = text.replace(f'"reference": "{old}"', f'"reference": "{new}"')
    return text


@freeze_time("2026-11-30 15:00:00")
def test_demo_patient_bundle_matches_the_golden_file(app):
    produced = _normalise(_demo_bundle())
    if os.environ.get("PTPLAN_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(produced, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert produced == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_resource_validates_round_trips_and_resolves(app):
    result = _demo_bundle()
    validate_round_trip(result)
    for entry in result["entry"]:
        validate_round_trip(entry["resource"])
    assert unresolved_references(result) == []
    kinds = Counter(e["resource"]["resourceType"] for e in result["entry"])
    for resource_type in codes.RESOURCE_TYPES:
        assert kinds[resource_type] >= 1, resource_type
    assert result["type"] == "collection"
    keys = [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in result["entry"]]
    assert len(keys) == len(set(keys))


def _of(result: dict, resource_type: str) -> list[dict]:
    return [e["resource"] for e in result["entry"] if e["resource"]["resourceType"] == resource_type]


def test_codes_follow_domain_md(app):
    result = _demo_bundle()
    patient = _of(result, "Patient")[0]
    assert patient["identifier"][0]["value"] == "DEMO-0001"
    assert patient["identifier"][0]["type"]["coding"][0]["code"] == "MR"
    conditions = _of(result, "Condition")
    assert {c["code"]["coding"][0]["system"] for c in conditions} == {"http://hl7.org/fhir/sid/icd-10-cm"}
    observations = _of(result, "Observation")
    nprs = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    assert nprs and all(o["code"]["coding"][0]["system"] == "http://loinc.org" for o in nprs)
    odi = [o for o in observations if o["code"]["coding"][0]["code"] == "97909-6"]
    assert odi and all(o["valueQuantity"]["code"] == "%" for o in odi)
    # PSFS, LEFS and FABQ carry only the project's code: no unverified LOINC.
    for o in observations:
        first = o["code"]["coding"][0]
        if first["system"] == codes.MEASURE_SYSTEM:
            assert first["code"] in ("psfs", "lefs", "fabq")
    slr = [o for o in observations if o["code"]["coding"][0]["code"] == "slr"]
    assert slr and all(o["bodySite"]["text"] in ("Left lower limb", "Right lower limb") for o in slr)
    procedures = _of(result, "Procedure")
    needling = [p for p in procedures if p["id"].startswith("dn-")]
    assert needling and all(p["code"]["coding"][0]["code"] in ("20560", "20561") for p in needling)
    assert all(p["bodySite"] for p in needling)
    assert any("complication" in p for p in needling)  # the demo's bruising
    manual = [p for p in procedures if p["id"].startswith("mt-")]
    assert manual and all(p["code"]["coding"][0]["code"] == "97140" for p in manual)
    careplan = _of(result, "CarePlan")[0]
    assert careplan["goal"] and careplan["addresses"]
    kinds = {a["detail"]["code"]["coding"][0]["code"] for a in careplan["activity"]}
    assert kinds == {"dry_needling", "manual_therapy", "home_exercise"}
    for activity in careplan["activity"]:
        assert activity["detail"]["scheduledTiming"]["repeat"]["frequency"] >= 1
        assert activity["detail"]["quantity"]["value"] >= 1
        assert activity["detail"]["goal"]
    goals = _of(result, "Goal")
    assert any(g["target"][0].get("dueDate") and g["target"][0].get("detailQuantity") for g in goals)
    assert _of(result, "Consent")[0]["provision"]["code"][0]["coding"][0]["code"] == "dry_needling"
    documents = _of(result, "DocumentReference")
    assert {d["type"]["coding"][0]["code"] for d in documents} >= {
        "initial",
        "daily",
        "plan-of-care",
        "home-plan",
    }
    assert all(d["content"][0]["attachment"]["data"] for d in documents)
    answered = _of(result, "QuestionnaireResponse")
    assert answered and all(q["item"] for q in answered)


US_CORE_REQUIRED = {
    # The elements each claimed US Core profile requires (1..1 or 1..*), checked on every
    # resource that claims it.
    "Patient": ("identifier", "name", "gender"),
    "Practitioner": ("identifier", "name"),
    "Condition": ("category", "code", "subject", "clinicalStatus", "verificationStatus"),
    "Goal": ("lifecycleStatus", "description", "subject", "target"),
    "CarePlan": ("text", "status", "intent", "category", "subject"),
    "Procedure": ("status", "code", "subject", "performedDateTime"),
}


def test_profiles_are_claimed_only_where_the_resource_conforms(app):
    result = _demo_bundle()
    for entry in result["entry"]:
        resource = entry["resource"]
        claimed = resource.get("meta", {}).get("profile", [])
        if resource["resourceType"] not in codes.PROFILES:
            assert claimed == [], resource["resourceType"]
            continue
        assert claimed == [codes.PROFILES[resource["resourceType"]]]
        for element in US_CORE_REQUIRED[resource["resourceType"]]:
            if resource["resourceType"] == "Goal" and element == "target":
                continue  # US Core Goal: target.dueDate or startDate, must support
            assert resource.get(element), (resource["resourceType"], element)
        if resource["resourceType"] == "Goal":
            assert resource.get("startDate") or resource["target"][0].get("dueDate")
        if resource["resourceType"] == "CarePlan":
            assert resource["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')


@pytest.mark.parametrize(
    ("angle", "below_knee", "expected"),
    [(45, True, "POS"), (80, True, "NEG"), (45, False, "NEG"), (30, True, "POS"), (70, True, "POS")],
)
def test_slr_observation_carries_the_side_and_the_lasegue_result(angle, below_knee, expected):
    """SLR positive at 30-70 degrees with pain below the knee (DOMAIN.md, ptplan.measures)."""

    class Evaluation:
        id = 7
        patient_id = 3
        therapist_id = 2
        date_of_service = __import__("datetime").date(2026, 3, 9)
        slr_left_angle = angle
        slr_left_below_knee = below_knee
        slr_left_differentiation = "positive"
        slr_left_crossed = False
        slr_right_angle = None
        slr_right_below_knee = False
        slr_right_differentiation = ""
        slr_right_crossed = False

    [observation] = slr_observations(Evaluation())
    validate_round_trip(observation)
    assert observation["id"] == "slr-7-left"
    assert observation["bodySite"]["coding"][0]["code"] == "left-lower-limb"
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == expected
