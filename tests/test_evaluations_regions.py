"""Body regions in the evaluation: special tests per side, LR clusters, range of motion, and
the NDI and QuickDASH with its work and sports modules (DOMAIN.md "Beyond the lower back")."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ptplan.evaluations import regions, rules
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from tests.factories.evaluations import form_data

NEW = "/patients/{}/evaluations/new?kind=initial"


@pytest.fixture()
def patient(therapist, make_patient, login):
    login(therapist)
    return make_patient(therapist=therapist)


def post(client, csrf, patient, **fields):
    url = NEW.format(patient.id)
    return client.post(url, data=form_data(csrf_token=csrf(url), **fields))


def neck(**extra) -> dict:
    """A neck patient: no ODI, the NDI instead, and the Wainner cluster on the left."""
    data = {
        "odi": (),
        "chief_complaint": "Neck pain into the left arm",
        "body_regions": ["cervical", "shoulder"],
        "st_spurling_left": "positive",
        "st_ultt_a_left": "positive",
        "st_distraction_left": "positive",
        "st_rotation_under_60_left": "negative",
        "st_spurling_right": "negative",
        "rom_cervical_rotation_left": "50",
        "rom_cervical_rotation_right": "75",
        "rom_shoulder_flexion_left": "170",
    }
    for n, answer in enumerate((3, 2, 2, 3, 4, 2, 3, 2, 3, 2), start=1):
        data[f"ndi_{n}"] = str(answer)
    data.update(extra)
    return data


# -- pure rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positives", "ratio"),
    [(4, 30.3), (3, 6.1), (2, None), (0, None)],
)
def test_wainner_cluster_for_cervical_radiculopathy(positives, ratio):
    tests = ("spurling", "ultt_a", "distraction", "rotation_under_60")
    recorded = {code: {"right": "positive" if n < positives else "negative"} for n, code in enumerate(tests)}
    (finding,) = regions.cluster_findings(recorded)
    assert (finding.side, finding.positives, finding.tested) == ("right", positives, 4)
    assert finding.likelihood_ratio == ratio


def test_park_clusters_for_impingement_and_cuff_tear():
    all_three = {
        code: {"left": "positive"}
        for code in ("hawkins_kennedy", "painful_arc", "external_rotation_resistance", "drop_arm")
    }
    findings = {f.cluster.code: f.likelihood_ratio for f in regions.cluster_findings(all_three)}
    assert findings == {"shoulder_impingement": 10.6, "full_thickness_cuff_tear": 15.6}
    all_three["drop_arm"] = {"left": "negative"}
    findings = {f.cluster.code: f.likelihood_ratio for f in regions.cluster_findings(all_three)}
    assert findings == {"shoulder_impingement": 10.6, "full_thickness_cuff_tear": None}


def test_every_domain_special_test_is_offered_for_its_region():
    by_region = {r: {t.code for t in regions.tests_for(r)} for r in regions.SUGGESTED_MEASURES}
    assert {"spurling", "ultt_a", "distraction", "rotation_under_60"} <= by_region["cervical"]
    assert {
        "hawkins_kennedy",
        "neer",
        "painful_arc",
        "drop_arm",
        "external_rotation_resistance",
    } <= by_region["shoulder"]
    assert {"faber", "fadir", "thomas"} <= by_region["hip"]
    assert {
        "lachman",
        "mcmurray",
        "valgus_stress",
        "varus_stress",
        "patellar_apprehension",
        "ottawa_knee",
    } <= by_region["knee"]
    assert {"ottawa_ankle", "anterior_drawer", "talar_tilt", "windlass"} <= by_region["ankle_foot"]
    assert {"cozen", "phalen", "finkelstein"} <= by_region["elbow_wrist_hand"]
    assert "slump" in by_region["lumbar"]


def test_normalising_drops_unknown_tests_sides_results_and_out_of_range_degrees():
    assert regions.normalised_special_tests(
        {
            "spurling": {"left": "positive", "middle": "positive"},
            "made_up": {"left": "positive"},
            "neer": {"right": "maybe"},
        }
    ) == {"spurling": {"left": "positive"}}
    assert regions.normalised_rom({"knee": {"flexion": {"left": 120, "right": 400}}, "elbow": {}}) == {
        "knee": {"flexion": {"left": 120}}
    }


def test_the_ndi_alone_is_a_functional_measure_for_signing():
    data = {"chief_complaint": "Neck pain", "nprs_current": 5, "ndi_answers": [2] * 10}
    assert rules.signing_problems(data, rules.score_measures(data)) == {}


# -- the form ----------------------------------------------------------------------------


def test_neck_evaluation_records_tests_rom_and_the_ndi_and_signs(client, csrf, patient):
    response = post(client, csrf, patient, **neck(action="sign"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.is_signed and evaluation.verify_content_hash()
    assert evaluation.body_regions == ["cervical", "shoulder"]
    assert evaluation.special_tests["spurling"] == {"left": "positive", "right": "negative"}
    assert evaluation.region_rom == {
        "cervical": {"rotation": {"left": 50, "right": 75}},
        "shoulder": {"flexion": {"left": 170}},
    }
    ndi = db.session.scalar(select(OutcomeScore).where(OutcomeScore.code == "ndi"))
    assert ndi.value == 52.0 and ndi.band == "severe disability" and ndi.subscores == {"raw": 26.0}
    page = client.get(response.location).get_data(as_text=True)
    assert "Cervical radiculopathy, left: 3 of 4 positive: +LR 6.1 (Wainner et al., Spine 2003)" in page
    assert "52%" in page and "NDI" in page and "50°" in page


def test_quickdash_with_too_few_items_states_the_rule_and_saves_nothing(client, csrf, patient):
    items = {f"quickdash_{n}": "3" for n in range(1, 10)}
    response = post(client, csrf, patient, **items)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "QuickDASH needs at least 10 of 11 items answered; 9 were answered." in page
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0


def test_quickdash_out_of_range_is_marked_beside_the_item(client, csrf, patient):
    items = {f"quickdash_{n}": "3" for n in range(1, 12)}
    items["quickdash_4"] = "6"
    response = post(client, csrf, patient, **items)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="quickdash_4-error"' in page and "Enter a whole number from 1 to 5." in page
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0


def test_ndi_with_too_few_sections_states_the_rule(client, csrf, patient):
    data = neck()
    data["ndi_9"] = data["ndi_10"] = data["ndi_8"] = ""
    response = post(client, csrf, patient, **data)
    assert response.status_code == 422
    assert "NDI needs at least 8 of 10 sections answered; 7 were answered." in response.get_data(as_text=True)


def test_a_complete_quickdash_is_scored(client, csrf, patient):
    items = {f"quickdash_{n}": "3" for n in range(1, 11)}
    assert post(client, csrf, patient, **items).status_code == 302
    score = db.session.scalar(select(OutcomeScore).where(OutcomeScore.code == "quickdash"))
    assert score.value == 50.0 and score.answers[-1] is None


def test_quickdash_work_and_sports_modules_are_saved_as_scores_and_shown(client, csrf, patient):
    items = {f"quickdash_{n}": "3" for n in range(1, 12)}
    items.update({f"quickdash_work_{n}": str(a) for n, a in enumerate((2, 3, 4, 3), start=1)})
    items.update({f"quickdash_sports_{n}": "5" for n in range(1, 5)})
    response = post(client, csrf, patient, action="sign", **items)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    scores = {s.code: s for s in db.session.scalars(select(OutcomeScore))}
    assert scores["quickdash_work"].value == 50.0 and scores["quickdash_work"].answers == [2, 3, 4, 3]
    assert scores["quickdash_sports"].value == 100.0 and scores["quickdash_sports"].answers == [5] * 4
    assert scores["quickdash"].value == 50.0
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.is_signed and evaluation.verify_content_hash()
    page = client.get(response.location).get_data(as_text=True)
    assert "QuickDASH work" in page and "QuickDASH sports" in page
    chart = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert 'data-measure="quickdash_work"' in chart and 'data-measure="quickdash_sports"' in chart


def test_a_saved_module_comes_back_on_the_draft_form(client, csrf, patient):
    items = {f"quickdash_work_{n}": "2" for n in range(1, 5)}
    assert post(client, csrf, patient, **items).status_code == 302
    evaluation = db.session.scalar(select(Evaluation))
    page = client.get(f"/evaluations/{evaluation.id}/edit").get_data(as_text=True)
    assert 'id="quickdash_work" data-measure="quickdash_work" open>' in page
    assert 'name="quickdash_work_4"' in page and 'value="2"' in page


def test_a_half_answered_module_states_the_rule_beside_it_and_saves_nothing(client, csrf, patient):
    items = {f"quickdash_{n}": "3" for n in range(1, 12)}
    items.update({"quickdash_sports_1": "2", "quickdash_sports_2": "3"})
    response = post(client, csrf, patient, **items)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        '<div class="alert alert-danger py-2" role="alert" id="quickdash_sports-problem">'
        "QuickDASH sports needs at least 4 of 4 items answered; 2 were answered.</div>"
    ) in page
    assert 'id="quickdash_sports" data-measure="quickdash_sports" open>' in page
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0
    assert db.session.scalar(select(func.count(OutcomeScore.id))) == 0


def test_a_crafted_special_test_value_is_refused(client, csrf, patient):
    response = post(client, csrf, patient, st_spurling_left="maybe")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0


def test_the_form_offers_every_region_panel(client, patient):
    page = client.get(NEW.format(patient.id)).get_data(as_text=True)
    for code in ("cervical", "thoracic", "shoulder", "elbow_wrist_hand", "hip", "knee", "ankle_foot"):
        assert f'id="region-{code}"' in page
    assert "3 of 4 positive: +LR 6.1" in page and "Suggested measures: NDI, NPRS, PSFS" in page
