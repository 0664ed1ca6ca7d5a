"""Demo evaluations beyond the lower back: a neck, a shoulder and a knee patient.

Each is a signed initial evaluation with its body region, special tests (the neck and
shoulder meet a likelihood-ratio cluster), range of motion and the region's measure (NDI,
QuickDASH, LEFS). Idempotent: a patient who already has an evaluation is left alone.
"""

from __future__ import annotations

from datetime import timedelta

REGIONAL = {
    "DEMO-0007": {
        "days_ago": 24,
        "chief_complaint": "Neck pain spreading into the left arm and thumb",
        "onset_mechanism": "Woke with a stiff neck after a long drive; arm pain from day 3",
        "aggravating_factors": "Looking up, turning to the left, computer work",
        "easing_factors": "Hand resting on top of the head",
        "patient_goals": "Work a full day at the computer; check the blind spot when driving",
        "nprs_current": 6,
        "nprs_best": 3,
        "nprs_worst": 8,
        "body_regions": ["cervical"],
        # Wainner et al. 2003: all four positive on the left, +LR 30.3
        "special_tests": {
            "spurling": {"left": "positive", "right": "negative"},
            "ultt_a": {"left": "positive", "right": "negative"},
            "distraction": {"left": "positive"},
            "rotation_under_60": {"left": "positive"},
        },
        "region_rom": {
            "cervical": {
                "rotation": {"left": 50, "right": 70},
                "side_bend": {"left": 25, "right": 35},
                "extension": {"left": 30, "right": 30},
            }
        },
        # 24 of 50 = 48%: moderate disability (Vernon & Mior 1991)
        "ndi_answers": [3, 2, 2, 3, 3, 2, 3, 2, 3, 1],
        "psfs_activities": [
            {"activity": "Computer work for an hour", "rating": 3},
            {"activity": "Driving and turning to check traffic", "rating": 4},
            {"activity": "Sleeping through the night", "rating": 4},
        ],
        "impression": "Left C6 radiculopathy: the Wainner cluster is fully positive (+LR 30.3). "
        "No red flags; no myelopathic signs.",
        "prognosis": "good",
        "problem_list": "Arm pain with neck extension and rotation\nLimited left rotation\nSleep",
    },
    "DEMO-0008": {
        "days_ago": 20,
        "chief_complaint": "Right shoulder pain lifting the arm and reaching overhead",
        "onset_mechanism": "Gradual, after painting a ceiling",
        "aggravating_factors": "Reaching to a shelf, lying on the right side, putting on a coat",
        "easing_factors": "Arm by the side, rest",
        "patient_goals": "Reach the top kitchen shelf; sleep on the right side",
        "nprs_current": 5,
        "nprs_best": 2,
        "nprs_worst": 7,
        "body_regions": ["shoulder"],
        # Park et al. 2005: impingement cluster positive (+LR 10.6); drop-arm negative
        "special_tests": {
            "hawkins_kennedy": {"right": "positive"},
            "neer": {"right": "positive"},
            "painful_arc": {"right": "positive"},
            "external_rotation_resistance": {"right": "positive"},
            "drop_arm": {"right": "negative"},
        },
        "region_rom": {
            "shoulder": {
                "flexion": {"left": 175, "right": 140},
                "abduction": {"left": 170, "right": 120},
                "external_rotation": {"left": 90, "right": 70},
            }
        },
        # Sum 31 over 11 items: ((31 / 11) - 1) x 25 = 45.5 (Beaton et al. 2005)
        "quickdash_answers": [3, 3, 2, 4, 3, 3, 2, 3, 3, 2, 3],
        "impression": "Right subacromial pain: impingement cluster positive (+LR 10.6); a full-thickness "
        "tear is unlikely with a negative drop-arm sign. Trigger points in infraspinatus.",
        "prognosis": "good",
        "problem_list": "Pain reaching overhead\nWeak external rotation\nNight pain",
    },
    "DEMO-0009": {
        "days_ago": 18,
        "chief_complaint": "Right knee pain on stairs and after walking",
        "onset_mechanism": "Gradual over two years; worse since the winter",
        "aggravating_factors": "Stairs, getting up from a low chair, walking over 20 minutes",
        "easing_factors": "Rest, warmth",
        "patient_goals": "Walk to the market and back; climb stairs step over step",
        "nprs_current": 5,
        "nprs_best": 2,
        "nprs_worst": 7,
        "body_regions": ["knee"],
        "special_tests": {
            "mcmurray": {"right": "negative"},
            "valgus_stress": {"right": "negative"},
            "varus_stress": {"right": "negative"},
            "ottawa_knee": {"right": "negative"},
        },
        "region_rom": {
            "knee": {"flexion": {"left": 135, "right": 110}, "extension": {"left": 0, "right": -5}}
        },
        # Sum 38 of 80 (Binkley et al. 1999)
        "lefs_answers": [2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 1, 2, 3, 2, 2, 2],
        "impression": "Right knee osteoarthritis with quadriceps weakness; ligament tests negative and "
        "no imaging indicated by the Ottawa knee rule.",
        "prognosis": "fair",
        "problem_list": "Stairs\nSit to stand\nWalking tolerance 20 minutes",
    },
}


def seed(demo, create, sign, have: set[int]) -> None:
    """Create and sign the regional initial evaluations (``create`` and ``sign`` from demo)."""
    today = demo.clinic.today()
    for patient in demo.patients:
        spec = REGIONAL.get(patient.mrn)
        if spec is None or patient.id in have:
            continue
        owner = next((u for u in demo.therapists if u.id == patient.primary_therapist_id), demo.therapists[0])
        data = {k: v for k, v in spec.items() if k != "days_ago"}
        evaluation = create(patient, owner, "initial", today - timedelta(days=spec["days_ago"]), data)
        sign(evaluation, owner)
