"""Body-region findings of the evaluation: special tests, likelihood-ratio clusters, range of
motion and the measures each region suggests (DOMAIN.md "Beyond the lower back").

Pure data and rules (no Flask, no database). Special tests are recorded per side as
"positive", "negative" or blank (not tested); range of motion in whole degrees per side.
The lumbar straight-leg raise keeps its own fields (SLR section of the form).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ptplan.catalogue.regions import BODY_REGIONS

SIDES = ("left", "right")
RESULTS = {"positive": "Positive", "negative": "Negative"}


@dataclass(frozen=True)
class SpecialTest:
    code: str
    label: str
    region: str
    note: str = ""  # what "positive" means, shown beside the test


SPECIAL_TESTS: tuple[SpecialTest, ...] = (
    SpecialTest("slump", "Slump test", "lumbar", "Reproduces leg symptoms, eased by neck extension"),
    SpecialTest("spurling", "Spurling's test", "cervical", "Reproduces arm symptoms"),
    SpecialTest("ultt_a", "Upper-limb tension test A (median nerve)", "cervical", "Reproduces symptoms"),
    SpecialTest("distraction", "Cervical distraction test", "cervical", "Eases arm symptoms"),
    SpecialTest("rotation_under_60", "Cervical rotation under 60° to the involved side", "cervical"),
    SpecialTest("hawkins_kennedy", "Hawkins–Kennedy", "shoulder", "Pain with internal rotation at 90°"),
    SpecialTest("neer", "Neer", "shoulder", "Pain with passive elevation"),
    SpecialTest("painful_arc", "Painful arc", "shoulder", "Pain between 60° and 120° of abduction"),
    SpecialTest("drop_arm", "Drop-arm sign", "shoulder", "Cannot lower the arm smoothly"),
    SpecialTest(
        "external_rotation_resistance",
        "External-rotation (infraspinatus) resistance test",
        "shoulder",
        "Weakness or pain",
    ),
    SpecialTest("cozen", "Cozen's test (resisted wrist extension)", "elbow_wrist_hand", "Lateral elbow pain"),
    SpecialTest("phalen", "Phalen's test", "elbow_wrist_hand", "Tingling in the median-nerve area"),
    SpecialTest("finkelstein", "Finkelstein's test", "elbow_wrist_hand", "Pain over the radial wrist"),
    SpecialTest("faber", "FABER", "hip", "Pain or limited range"),
    SpecialTest("fadir", "FADIR", "hip", "Groin pain"),
    SpecialTest("thomas", "Thomas test", "hip", "Thigh rises off the table"),
    SpecialTest("lachman", "Lachman", "knee", "Increased translation, soft end-feel"),
    SpecialTest("mcmurray", "McMurray", "knee", "Click or pain on the joint line"),
    SpecialTest("valgus_stress", "Valgus stress", "knee", "Pain or gapping (medial ligament)"),
    SpecialTest("varus_stress", "Varus stress", "knee", "Pain or gapping (lateral ligament)"),
    SpecialTest("patellar_apprehension", "Patellar apprehension", "knee", "Apprehension with lateral glide"),
    SpecialTest("ottawa_knee", "Ottawa knee rule", "knee", "Positive: an X-ray is indicated"),
    SpecialTest("ottawa_ankle", "Ottawa ankle rules", "ankle_foot", "Positive: an X-ray is indicated"),
    SpecialTest("anterior_drawer", "Anterior drawer (ankle)", "ankle_foot", "Increased translation"),
    SpecialTest("talar_tilt", "Talar tilt", "ankle_foot", "Increased tilt or pain"),
    SpecialTest("windlass", "Windlass test", "ankle_foot", "Heel pain with big-toe extension"),
)
SPECIAL_TESTS_BY_CODE: Mapping[str, SpecialTest] = MappingProxyType({t.code: t for t in SPECIAL_TESTS})


def tests_for(region: str) -> tuple[SpecialTest, ...]:
    return tuple(t for t in SPECIAL_TESTS if t.region == region)


@dataclass(frozen=True)
class Cluster:
    """A test-item cluster with the likelihood ratio its source reports."""

    code: str
    label: str
    region: str
    tests: tuple[str, ...]
    # (positives needed, positive likelihood ratio), highest first
    ratios: tuple[tuple[int, float], ...]
    source: str


CLUSTERS: tuple[Cluster, ...] = (
    Cluster(
        "cervical_radiculopathy",
        "Cervical radiculopathy",
        "cervical",
        ("spurling", "ultt_a", "distraction", "rotation_under_60"),
        ((4, 30.3), (3, 6.1)),
        "Wainner et al., Spine 2003",
    ),
    Cluster(
        "shoulder_impingement",
        "Subacromial impingement",
        "shoulder",
        ("hawkins_kennedy", "painful_arc", "external_rotation_resistance"),
        ((3, 10.6),),
        "Park et al., J Bone Joint Surg Am 2005",
    ),
    Cluster(
        "full_thickness_cuff_tear",
        "Full-thickness rotator-cuff tear",
        "shoulder",
        ("painful_arc", "drop_arm", "external_rotation_resistance"),
        ((3, 15.6),),
        "Park et al., J Bone Joint Surg Am 2005",
    ),
)


@dataclass(frozen=True)
class ClusterFinding:
    cluster: Cluster
    side: str
    positives: int
    tested: int
    likelihood_ratio: float | None  # the +LR reached, or None below the cluster's threshold

    @property
    def text(self) -> str:
        c = self.cluster
        base = f"{c.label}, {self.side}: {self.positives} of {len(c.tests)} positive"
        if self.likelihood_ratio is None:
            return base + f" (cluster not met; {c.source})"
        return base + f": +LR {self.likelihood_ratio:g} ({c.source})"


def cluster_findings(special_tests: Mapping) -> list[ClusterFinding]:
    """Each cluster, per side, that has at least one of its tests recorded.

    Wainner et al. (Spine 2003): 3 of 4 positive gives +LR 6.1, all 4 give +LR 30.3 for
    cervical radiculopathy. Park et al. (JBJS Am 2005): all three positive give +LR 10.6
    for impingement and +LR 15.6 for a full-thickness rotator-cuff tear.
    """
    findings = []
    for cluster in CLUSTERS:
        for side in SIDES:
            results = [((special_tests.get(code) or {}).get(side) or "") for code in cluster.tests]
            tested = sum(r != "" for r in results)
            if not tested:
                continue
            positives = results.count("positive")
            ratio = next((lr for needed, lr in cluster.ratios if positives >= needed), None)
            findings.append(ClusterFinding(cluster, side, positives, tested, ratio))
    return findings


@dataclass(frozen=True)
class Motion:
    code: str
    label: str
    low: int
    high: int


def _m(code: str, label: str, high: int, low: int = 0) -> Motion:
    return Motion(code, label, low, high)


# Whole degrees per side; extension of the knee and elbow may be negative (a lag).
REGION_ROM: Mapping[str, tuple[Motion, ...]] = MappingProxyType(
    {
        "cervical": (
            _m("flexion", "Flexion", 90),
            _m("extension", "Extension", 90),
            _m("rotation", "Rotation", 100),
            _m("side_bend", "Side bending", 60),
        ),
        "thoracic": (_m("rotation", "Rotation", 90),),
        "shoulder": (
            _m("flexion", "Flexion", 180),
            _m("abduction", "Abduction", 180),
            _m("external_rotation", "External rotation", 110),
            _m("internal_rotation", "Internal rotation", 100),
        ),
        "elbow_wrist_hand": (
            _m("elbow_flexion", "Elbow flexion", 160),
            _m("elbow_extension", "Elbow extension", 20, -45),
            _m("wrist_flexion", "Wrist flexion", 90),
            _m("wrist_extension", "Wrist extension", 90),
        ),
        "hip": (
            _m("flexion", "Flexion", 140),
            _m("internal_rotation", "Internal rotation", 60),
            _m("external_rotation", "External rotation", 70),
            _m("abduction", "Abduction", 60),
        ),
        "knee": (_m("flexion", "Flexion", 160), _m("extension", "Extension", 20, -45)),
        "ankle_foot": (_m("dorsiflexion", "Dorsiflexion", 40), _m("plantarflexion", "Plantarflexion", 70)),
    }
)

# Measures a clinician would usually take for each region (the form shows them as hints).
SUGGESTED_MEASURES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "cervical": ("ndi", "nprs", "psfs"),
        "thoracic": ("ndi", "nprs", "psfs"),
        "lumbar": ("odi", "nprs", "fabq", "psfs"),
        "shoulder": ("quickdash", "nprs", "psfs"),
        "elbow_wrist_hand": ("quickdash", "nprs", "psfs"),
        "hip": ("lefs", "nprs", "psfs"),
        "knee": ("lefs", "nprs", "psfs"),
        "ankle_foot": ("lefs", "nprs", "psfs"),
    }
)


def special_test_field(code: str, side: str) -> str:
    return f"st_{code}_{side}"


def rom_field(region: str, motion: str, side: str) -> str:
    return f"rom_{region}_{motion}_{side}"


def rom_cells():
    """(region, motion, side) for every regional range-of-motion field."""
    for region, motions in REGION_ROM.items():
        for motion in motions:
            for side in SIDES:
                yield region, motion, side


def normalised_special_tests(raw: Mapping | None) -> dict:
    """Only known tests, sides and results; blank cells are left out."""
    clean: dict = {}
    for test in SPECIAL_TESTS:
        for side in SIDES:
            value = ((raw or {}).get(test.code) or {}).get(side)
            if value in RESULTS:
                clean.setdefault(test.code, {})[side] = value
    return clean


def normalised_rom(raw: Mapping | None) -> dict:
    """Only known fields within their range; ``{"shoulder": {"flexion": {"left": 150}}}``."""
    clean: dict = {}
    for region, motion, side in rom_cells():
        value = (((raw or {}).get(region) or {}).get(motion.code) or {}).get(side)
        if isinstance(value, int) and not isinstance(value, bool) and motion.low <= value <= motion.high:
            clean.setdefault(region, {}).setdefault(motion.code, {})[side] = value
    return clean


def normalised_regions(raw) -> list[str]:  # type: ignore[no-untyped-def]
    return [code for code in BODY_REGIONS if code in (raw or [])]
