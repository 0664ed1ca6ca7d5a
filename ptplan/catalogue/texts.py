"""Fixed patient-facing text: dry needling, warning signs and the dry-needling consent form.

Written in our own words at about a 6th-grade reading level. Facts come from DOMAIN.md:
dry-needling benefits from the clinic article, adverse-event rates from Brady et al.
(bruising 7.55%, bleeding 4.65%, pain during treatment 3.01%, serious 0.04%).
Every text here is a gettext message id: ``make translations`` extracts them into the
catalogues, so a change here needs its translations updated too. Bump ``CONSENT_FORM_VERSION`` whenever any consent text changes, so a signed record always
points at the wording the patient saw.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Dry needling: the home plan ------------------------------------------------------

DRY_NEEDLING_WHAT = (
    "Dry needling uses very thin, solid needles. Your therapist puts them into tight knots "
    "in your muscles, called trigger points. Nothing is injected. It is not acupuncture: "
    "acupuncture comes from Chinese medicine, while dry needling is based on how muscles "
    "and nerves work."
)

DRY_NEEDLING_HELPS = (
    "It can ease pain without pain pills, relax tight muscles that press on the sciatic "
    "nerve, bring more blood to the area to help it heal, and help you move more easily. "
    "It works best together with hands-on treatment and your home exercises."
)

DRY_NEEDLING_EXPECT: tuple[str, ...] = (
    "You may feel a small prick as the needle goes in.",
    "The muscle may twitch or cramp for a moment. This is normal and a good sign.",
    "Most needles stay in for a few seconds to a few minutes.",
)

DRY_NEEDLING_BENEFITS: tuple[str, ...] = (
    "It can ease pain right where it hurts, without pain pills. The muscle twitch helps "
    "your body release its own pain relievers.",
    "It relaxes tight muscles and knots, which can take pressure off the sciatic nerve.",
    "It brings more blood to the area, which helps it heal.",
    "It can help you move more easily, with less stiffness.",
    "It uses no drugs and is less invasive than shots or prescription medicine.",
    "It works best together with hands-on treatment and your home exercises.",
)

DRY_NEEDLING_AFTERCARE: tuple[str, ...] = (
    "You may feel sore, like after a hard workout, for 24 to 48 hours.",
    "Drink plenty of water today.",
    "A warm pack or a warm shower can ease soreness.",
    "Keep moving gently and do your home exercises unless we told you to wait.",
    "A small bruise where a needle went in is common and goes away on its own.",
)

DRY_NEEDLING_CALL_IF: tuple[str, ...] = (
    "soreness lasts more than 2 days or keeps getting worse",
    "you see redness, warmth or swelling that spreads, or you get a fever",
    "you feel new numbness, tingling or weakness",
)

DRY_NEEDLING_EMERGENCY = (
    "If you were needled near your chest or upper back and you feel short of breath or "
    "have chest pain, get emergency care right away."
)

# --- Home plan wording (shared by the PDF and its HTML twin) -------------------------

PLAN_INTRO = "This plan is just for you. Keep it where you will see it, and bring it to each visit."
EXERCISE_TIPS: tuple[str, ...] = (
    "Move slowly and keep breathing. Do not bounce.",
    "A gentle stretch is fine. Pain that gets worse is not.",
)
WEEK_INTRO = "Tick a box on each day you do the exercise. Week starting: ______________"
PROGRESS_INTRO = "Your scores at each visit. Lower numbers mean less pain and fewer limits."

# --- Warning signs: "Call us or seek urgent care if..." -----------------------------

WARNING_TITLE = "Call us or seek urgent care if…"
#: ``%(number)s`` is the clinic's emergency number, e.g. 911.
EMERGENCY_LEAD = "(call %(number)s or go to the nearest emergency room) if:"

#: Signs of nerve compression or serious illness (cauda equina, infection, fracture):
#: each completes "Get emergency care right away if …".
URGENT_SIGNS: tuple[str, ...] = (
    "you cannot control your bladder or bowels, or you cannot pass urine",
    "you feel numb between your legs, around your bottom or on your inner thighs "
    "(the area that would touch a saddle)",
    "one or both legs are getting weaker, or your foot starts to drag or slap",
    "you have a fever or chills, or feel very unwell, along with back pain",
    "your pain started after a fall, a car crash or another injury",
)

#: Each completes "Call us if …".
CALL_US_SIGNS: tuple[str, ...] = (
    "your pain is much worse and does not ease with rest or a change of position",
    "pain, numbness or tingling spreads further down your leg",
    "pain wakes you at night and keeps you awake",
    "you have pain or tingling in both legs",
    "you are not sure whether an exercise is right for you",
)

# --- Dry-needling informed consent ---------------------------------------------------

CONSENT_FORM_VERSION = "DN-CONSENT-2026-1"

CONSENT_TITLE = "Consent to dry needling"

CONSENT_WHAT = (
    "Dry needling is a treatment done by a licensed physical therapist. The therapist "
    "puts thin, solid, sterile needles through the skin into trigger points (tight, "
    "tender spots) in muscles. No medicine is injected. Each needle is used once and then "
    "thrown away safely."
)

CONSENT_NOT_ACUPUNCTURE = (
    "Dry needling is not acupuncture. It does not follow traditional Chinese medicine. "
    "It is based on the study of muscles, nerves and how the body moves, and it is one "
    "part of your physical therapy plan."
)

CONSENT_BENEFITS = DRY_NEEDLING_BENEFITS


@dataclass(frozen=True)
class RiskRate:
    """A reported adverse-event rate per treatment (Brady et al.)."""

    name: str
    percent: str
    plain: str

    @property
    def rate(self) -> float:
        """ "7.55%" -> 0.0755, for formatting in the reader's locale."""
        return float(self.percent.rstrip("%")) / 100


CONSENT_RISKS: tuple[RiskRate, ...] = (
    RiskRate("Bruising", "7.55%", "about 8 in every 100 treatments"),
    RiskRate("Bleeding", "4.65%", "about 5 in every 100 treatments"),
    RiskRate("Pain during treatment", "3.01%", "about 3 in every 100 treatments"),
    RiskRate("Serious side effects", "0.04%", "about 4 in every 10,000 treatments"),
)

CONSENT_RISK_NOTES: tuple[str, ...] = (
    "Soreness for 1 to 2 days after treatment is common and expected.",
    "Some people feel faint or dizzy during or after treatment.",
    "Serious side effects are rare. They include infection, nerve injury and a collapsed "
    "lung (pneumothorax) when needling near the chest. Signs of a collapsed lung are "
    "shortness of breath or chest pain; get emergency care right away if you have them.",
    "These rates come from a large study of dry-needling treatments by physical therapists (Brady et al.).",
)

CONSENT_TELL_US: tuple[str, ...] = (
    "take blood thinners or have a bleeding problem",
    "are pregnant or may be pregnant",
    "have a weak immune system, diabetes, epilepsy or blood vessel disease",
    "are allergic to metal, or have an implant or device near the area to be treated",
    "are afraid of needles, or have fainted with needles before",
    "have swelling from lymphedema in an arm or leg",
)

CONSENT_ALTERNATIVES = (
    "You do not have to have dry needling. Other options include hands-on treatment "
    "(manual therapy), exercise, heat or cold, education, medicine from your doctor, or "
    "no treatment. Your therapist can explain the pros and cons of each."
)

CONSENT_RIGHTS: tuple[str, ...] = (
    "I may refuse dry needling. Saying no will not change the rest of my care.",
    "I may ask to stop at any time, even after treatment has started.",
    "I may withdraw this consent at any time by telling my therapist.",
)

CONSENT_STATEMENTS: tuple[str, ...] = (
    "I have read this form, or it was read to me, and I understand it.",
    "My therapist explained dry needling, its benefits, its risks and the other options.",
    "I was able to ask questions, and my questions were answered to my satisfaction.",
    "I have told my therapist about my health, medicines and any of the conditions above.",
    "I agree to have dry needling as part of my physical therapy.",
)

# Added to the consent when a planned muscle lies over the lung field (DOMAIN.md "Dry
# needling by region"; Halle & Halle, Int J Sports Phys Ther 2016).
CONSENT_PNEUMOTHORAX = (
    "Your plan includes needling over your chest wall or upper back: {muscles}. Here the lung "
    "lies close under the muscle. A needle can rarely reach it and let air leak out: this is "
    "called a collapsed lung (pneumothorax). Your therapist lowers this risk by knowing the depth "
    "to the lung, angling the needle or needling over a rib, and holding the muscle between the "
    "fingers. Signs can start hours later: shortness of breath, chest pain, or pain when you "
    "breathe in. Get emergency care right away if you have them."
)
CONSENT_STRUCTURES = (
    "Some planned muscles lie near a large nerve or blood vessel. Your therapist knows where it "
    "is and needles away from it:"
)
