"""Guideline plan templates: one per clinical practice guideline in DOMAIN.md.

Each template names its guideline, the measures it tracks, goals with measurable targets,
and its interventions by kind (dry needling where the guideline supports it or allows it as
an adjunct, manual therapy, and no more than 4 home exercises; DOMAIN.md: adherence falls
as the number of exercises grows). Library entries are named by slug, so a clinic applies a
template with its own library rows (ptplan.plans.templates.apply_template).

Citations follow DOMAIN.md's list (JOSPT clinical practice guidelines, APTA Academy of
Orthopaedic Physical Therapy); subacromial pain, which DOMAIN.md's list lacks, follows the
Dutch multidisciplinary guideline (Diercks et al., Acta Orthop 2014). Verify each citation
before quoting it to a payer.
"""

from __future__ import annotations

from ptplan.catalogue.template_base import MAX_HOME_EXERCISES, Goal, GuidelineTemplate

__all__ = ["MAX_HOME_EXERCISES", "TEMPLATES", "TEMPLATES_BY_SLUG", "Goal", "GuidelineTemplate"]


def _pain(target: float, weeks: int = 6) -> Goal:
    return Goal(f"Pain (NPRS) {target:g}/10 or less at worst", "Less pain", "nprs", target, weeks)


TEMPLATES: tuple[GuidelineTemplate, ...] = (
    GuidelineTemplate(
        "lbp-acute-radiating",
        "Low back pain, acute, with leg pain",
        "George et al., JOSPT 2021: Interventions for the management of acute and chronic low back pain (revision 2021)",
        "lumbar",
        ("nprs", "odi"),
        (
            _pain(3),
            Goal("ODI 20% or less", "Do your daily activities with little trouble", "odi", 20, 6),
            Goal(
                "Walks 20 minutes without leg pain",
                "Walk 20 minutes without leg pain",
                None,
                None,
                3,
                "short",
            ),
        ),
        ("prone-press-up", "sciatic-nerve-glide-seated", "walking-program", "knee-to-chest-single"),
        (
            ("lumbar-pa-mobilisation", "Lumbar spine L4-L5", "III"),
            ("sciatic-nerve-slider", "Sciatic nerve", ""),
        ),
        (("piriformis", "right"), ("gluteus-medius", "right")),
        needling_rationale="Trigger points in piriformis and gluteus medius reproduce the buttock and leg pain; "
        "dry needling as an adjunct to exercise and manual therapy.",
    ),
    GuidelineTemplate(
        "lbp-chronic",
        "Low back pain, chronic",
        "George et al., JOSPT 2021: Interventions for the management of acute and chronic low back pain (revision 2021)",
        "lumbar",
        ("nprs", "odi", "psfs"),
        (
            _pain(3, 8),
            Goal("ODI 20% or less", "Do your daily activities with little trouble", "odi", 20, 8),
            Goal("PSFS 7/10 or more", "Do the activities that matter to you", "psfs", 7, 8),
        ),
        ("bird-dog", "glute-bridge", "dead-bug", "walking-program"),
        (("soft-tissue-mobilisation", "Lumbar paraspinals", ""),),
        (("quadratus-lumborum", "both"), ("lumbar-multifidus", "both")),
        frequency_per_week=2,
        duration_weeks=8,
        needling_rationale="Active trigger points in quadratus lumborum and multifidus; dry needling to ease pain "
        "so the patient can progress exercise, with pain education.",
    ),
    GuidelineTemplate(
        "neck-mobility",
        "Neck pain with mobility deficits",
        "Blanpied et al., JOSPT 2017: Neck pain (revision 2017)",
        "cervical",
        ("ndi", "nprs"),
        (
            Goal("NDI 20% or less", "Do your daily activities with little neck trouble", "ndi", 20, 6),
            _pain(2),
            Goal(
                "Turns the head fully to check traffic while driving",
                "Turn your head to drive safely",
                None,
                None,
                3,
                "short",
            ),
        ),
        ("chin-tuck-sitting", "neck-rotation-range", "shoulder-blade-squeeze", "upper-trapezius-stretch"),
        (
            ("thoracic-manipulation", "Thoracic spine T3-T6", "V"),
            ("cervical-pa-mobilisation", "Cervical spine C4-C6", "III"),
        ),
        (("upper-trapezius", "both"),),
        needling_rationale="Upper trapezius trigger points refer pain to the neck and head; dry needling as an "
        "adjunct. Lung apex: needle with a pincer grip, tangentially.",
    ),
    GuidelineTemplate(
        "cervical-radiculopathy",
        "Neck pain with arm pain (cervical radiculopathy)",
        "Blanpied et al., JOSPT 2017: Neck pain (revision 2017), neck pain with radiating pain",
        "cervical",
        ("ndi", "nprs"),
        (
            Goal("NDI 20% or less", "Do your daily activities with little neck trouble", "ndi", 20, 8),
            Goal("Arm pain (NPRS) 2/10 or less", "Less arm pain", "nprs", 2, 8),
        ),
        ("chin-tuck-sitting", "median-nerve-slider", "thoracic-extension-chair", "shoulder-blade-squeeze"),
        (
            ("cervical-lateral-glide", "Cervical spine C5-C7", "II"),
            ("cervical-traction", "Cervical spine", ""),
            ("median-nerve-slider", "Median nerve, upper limb", ""),
        ),
        duration_weeks=8,
    ),
    GuidelineTemplate(
        "subacromial-pain",
        "Shoulder pain, subacromial",
        "Diercks et al., Acta Orthopaedica 2014: Guideline for diagnosis and treatment of subacromial pain syndrome",
        "shoulder",
        ("quickdash", "nprs"),
        (
            Goal("QuickDASH 20 or less", "Use your arm more easily", "quickdash", 20, 8),
            _pain(2, 8),
            Goal(
                "Lifts a full kettle to a shelf at shoulder height",
                "Reach a shelf without pain",
                None,
                None,
                4,
                "short",
            ),
        ),
        ("band-external-rotation", "scaption-raise", "cross-body-stretch", "band-row"),
        (
            ("glenohumeral-posterior-glide", "Right glenohumeral joint", "III"),
            ("thoracic-manipulation", "Thoracic spine", "V"),
        ),
        (("infraspinatus", "right"), ("supraspinatus", "right")),
        duration_weeks=8,
        needling_rationale="Infraspinatus and supraspinatus trigger points reproduce the shoulder pain; "
        "dry needling as an adjunct to loading exercise.",
    ),
    GuidelineTemplate(
        "adhesive-capsulitis",
        "Frozen shoulder (adhesive capsulitis)",
        "Kelley et al., JOSPT 2013: Shoulder pain and mobility deficits: adhesive capsulitis",
        "shoulder",
        ("quickdash", "nprs"),
        (
            Goal("QuickDASH 30 or less", "Use your arm more easily", "quickdash", 30, 12),
            _pain(3, 12),
            Goal(
                "Reaches behind the head to wash the hair",
                "Wash your hair with both hands",
                None,
                None,
                6,
                "short",
            ),
        ),
        ("pendulum", "table-slide-flexion", "supine-cane-flexion", "towel-internal-rotation-stretch"),
        (
            ("glenohumeral-inferior-glide", "Left glenohumeral joint", "III"),
            ("glenohumeral-posterior-glide", "Left glenohumeral joint", "III"),
        ),
        frequency_per_week=2,
        duration_weeks=12,
    ),
    GuidelineTemplate(
        "lateral-elbow",
        "Lateral elbow pain (tennis elbow)",
        "Lucado et al., JOSPT 2022: Lateral elbow pain and muscle function impairments",
        "elbow_wrist_hand",
        ("quickdash", "nprs"),
        (
            Goal("QuickDASH 15 or less", "Grip and lift without elbow pain", "quickdash", 15, 8),
            _pain(2, 8),
        ),
        ("isometric-wrist-extension", "eccentric-wrist-extension", "wrist-extensor-stretch", "grip-squeeze"),
        (
            ("elbow-mobilisation-with-movement", "Right lateral elbow", "II"),
            ("cross-friction-massage", "Common extensor tendon", ""),
        ),
        (("extensor-carpi-radialis-brevis", "right"),),
        duration_weeks=8,
        needling_rationale="Trigger points in extensor carpi radialis brevis; dry needling as an adjunct to "
        "tendon loading.",
    ),
    GuidelineTemplate(
        "hip-osteoarthritis",
        "Hip osteoarthritis",
        "Cibulka et al., JOSPT 2017: Hip pain and mobility deficits, hip osteoarthritis (revision 2017)",
        "hip",
        ("lefs", "nprs"),
        (
            Goal("LEFS 60/80 or more", "Use your legs more easily in daily life", "lefs", 60, 8),
            _pain(3, 8),
            Goal(
                "Puts on socks and shoes without help",
                "Put on your socks by yourself",
                None,
                None,
                4,
                "short",
            ),
        ),
        ("sidelying-hip-abduction", "glute-bridge", "sit-to-stand", "walking-program"),
        (("hip-long-axis-distraction", "Right hip", "III"), ("hip-posterior-glide", "Right hip", "III")),
        duration_weeks=8,
    ),
    GuidelineTemplate(
        "knee-oa-meniscal",
        "Knee osteoarthritis or meniscal lesion",
        "Logerstedt et al., JOSPT 2018: Knee pain and mobility impairments: meniscal and articular cartilage lesions (revision 2018)",
        "knee",
        ("lefs", "nprs"),
        (
            Goal("LEFS 65/80 or more", "Use your legs more easily in daily life", "lefs", 65, 8),
            _pain(2, 8),
            Goal("Climbs a flight of stairs step over step", "Climb stairs normally", None, None, 4, "short"),
        ),
        ("quad-set", "straight-leg-raise", "mini-squat", "step-up"),
        (
            ("tibiofemoral-mobilisation", "Right knee", "III"),
            ("patellar-mobilisation", "Right patella", "II"),
        ),
        duration_weeks=8,
    ),
    GuidelineTemplate(
        "patellofemoral-pain",
        "Patellofemoral pain",
        "Willy et al., JOSPT 2019: Patellofemoral pain",
        "knee",
        ("lefs", "nprs"),
        (
            Goal("LEFS 65/80 or more", "Use your legs more easily in daily life", "lefs", 65, 8),
            Goal("Pain on stairs (NPRS) 2/10 or less", "Less knee pain on stairs", "nprs", 2, 8),
        ),
        ("clamshell", "banded-side-step", "wall-sit", "lateral-step-down"),
        (("soft-tissue-mobilisation", "Lateral thigh and knee", ""),),
        duration_weeks=8,
    ),
    GuidelineTemplate(
        "lateral-ankle-sprain",
        "Lateral ankle sprain",
        "Martin et al., JOSPT 2021: Ankle stability and movement coordination impairments: lateral ankle ligament sprains (revision 2021)",
        "ankle_foot",
        ("lefs", "nprs"),
        (
            Goal("LEFS 70/80 or more", "Walk, run and turn on your ankle with confidence", "lefs", 70, 6),
            _pain(1),
            Goal(
                "Stands on the injured leg 30 seconds",
                "Balance on one leg for 30 seconds",
                None,
                None,
                3,
                "short",
            ),
        ),
        ("ankle-alphabet", "band-eversion", "heel-raise", "single-leg-balance"),
        (("talocrural-posterior-glide", "Right ankle", "III"),),
        duration_weeks=6,
    ),
    GuidelineTemplate(
        "plantar-heel-pain",
        "Heel pain (plantar fasciitis)",
        "Koc et al., JOSPT 2023: Heel pain, plantar fasciitis (revision 2023)",
        "ankle_foot",
        ("nprs", "lefs"),
        (
            Goal(
                "First-step pain in the morning (NPRS) 2/10 or less",
                "Less heel pain on your first steps",
                "nprs",
                2,
                8,
            ),
            Goal("LEFS 65/80 or more", "Walk and stand longer", "lefs", 65, 8),
        ),
        ("plantar-fascia-stretch", "calf-stretch-wall", "heel-raise", "towel-scrunch"),
        (
            ("plantar-fascia-soft-tissue", "Plantar fascia and calf", ""),
            ("talocrural-posterior-glide", "Left ankle", "III"),
        ),
        (("gastrocnemius", "left"), ("soleus", "left")),
        duration_weeks=8,
        needling_rationale="Calf trigger points with limited dorsiflexion; dry needling as an adjunct to stretching "
        "and loading.",
    ),
)

TEMPLATES_BY_SLUG = {t.slug: t for t in TEMPLATES}
