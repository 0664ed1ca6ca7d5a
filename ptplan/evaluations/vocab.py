"""Fixed vocabularies of the evaluation note: body regions, neuro screen, red flags, ROM.

Pure data (no Flask, no database) so forms, services, templates and tests share one source.
"""

from __future__ import annotations

# Pain locations: a fixed vocabulary so they can be counted and drawn, never free text.
PAIN_REGIONS = {
    "low_back_left": "Low back, left",
    "low_back_central": "Low back, central",
    "low_back_right": "Low back, right",
    "buttock_left": "Buttock, left",
    "buttock_right": "Buttock, right",
    "groin_left": "Groin, left",
    "groin_right": "Groin, right",
    "posterior_thigh_left": "Back of thigh, left",
    "posterior_thigh_right": "Back of thigh, right",
    "lateral_thigh_left": "Side of thigh, left",
    "lateral_thigh_right": "Side of thigh, right",
    "anterior_thigh_left": "Front of thigh, left",
    "anterior_thigh_right": "Front of thigh, right",
    "calf_left": "Calf, left",
    "calf_right": "Calf, right",
    "lateral_leg_left": "Outer lower leg, left",
    "lateral_leg_right": "Outer lower leg, right",
    "foot_left": "Foot, left",
    "foot_right": "Foot, right",
}

# Red-flag screen for low back pain (Delitto et al., JOSPT 2012 CPG; NICE NG59).
RED_FLAGS = {
    "red_flag_cauda_equina": "Cauda equina signs (saddle numbness, new bladder or bowel change)",
    "red_flag_weight_loss": "Unexplained weight loss",
    "red_flag_fever": "Fever or feeling unwell",
    "red_flag_cancer_history": "History of cancer",
    "red_flag_trauma": "Significant trauma (fall, accident)",
}

# Lumbar range of motion, recorded as % of the expected normal range (project choice:
# quick visual estimate, comparable between visits).
LUMBAR_ROM = {
    "rom_flexion": "Flexion",
    "rom_extension": "Extension",
    "rom_side_bend_left": "Side bending, left",
    "rom_side_bend_right": "Side bending, right",
    "rom_rotation_left": "Rotation, left",
    "rom_rotation_right": "Rotation, right",
}

SIDES = ("left", "right")
# Key muscles tested for each lumbosacral myotome (standard neurological screen).
MYOTOMES = {
    "L2": "L2 hip flexion",
    "L3": "L3 knee extension",
    "L4": "L4 ankle dorsiflexion",
    "L5": "L5 great-toe extension",
    "S1": "S1 ankle plantarflexion",
}
REFLEXES = {"patellar": "Patellar (L3/4)", "achilles": "Achilles (S1)"}
DERMATOMES = {"L2": "L2", "L3": "L3", "L4": "L4", "L5": "L5", "S1": "S1"}
SENSATION = {"intact": "Intact", "diminished": "Diminished", "absent": "Absent"}

SLR_DIFFERENTIATION = {"positive": "Positive", "negative": "Negative"}
PROGNOSES = {"good": "Good", "fair": "Fair", "poor": "Poor"}
TRIGGER_POINT_SIDES = {"left": "Left", "right": "Right", "bilateral": "Both sides", "midline": "Midline"}

ODI_ITEMS = 10
FABQ_ITEMS = 16
LEFS_ITEMS = 20
PSFS_MAX_ACTIVITIES = 5
TRIGGER_POINT_ROWS = 6


def empty_neuro_screen() -> dict:
    """The fixed shape of the neuro-screen grid, every cell unrecorded."""
    return {
        "myotomes": {level: {side: None for side in SIDES} for level in MYOTOMES},
        "reflexes": {name: {side: None for side in SIDES} for name in REFLEXES},
        "dermatomes": {level: {side: None for side in SIDES} for level in DERMATOMES},
    }


_SINGULAR = {"myotomes": "myotome", "reflexes": "reflex", "dermatomes": "dermatome"}


def neuro_field(group: str, key: str, side: str) -> str:
    """The form field name of one neuro-screen cell, e.g. ``myotome_L5_left``."""
    return f"{_SINGULAR[group]}_{key}_{side}"


def neuro_cells():
    """(group, key, side) for every neuro-screen cell, in display order."""
    for group, keys in (("myotomes", MYOTOMES), ("reflexes", REFLEXES), ("dermatomes", DERMATOMES)):
        for key in keys:
            for side in SIDES:
                yield group, key, side
