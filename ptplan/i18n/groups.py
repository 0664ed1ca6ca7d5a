"""Which catalogue messages belong to which library entry or document part, read from the template.

Pure (no Flask, no database). ``make translations`` writes a ``group:`` comment on every
message of ``messages.pot`` ("exercise:<slug>", "technique:<slug>", "muscles", "home-plan",
"warning-signs", "dry-needling", "consent", "common"). Review pages list a group's texts side
by side with the English, and a document is "reviewed" when every text of its groups is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ptplan import catalogue  # its entries load on first use, not at start
from ptplan.i18n.translator import POT_FILE

FIXED_GROUPS = {
    "common": "Shared words (headers, page numbers, dates)",
    "home-plan": "Home plan: headings, dosage words and goals",
    "warning-signs": "Home plan: warning signs (when to seek urgent care)",
    "dry-needling": "Home plan: dry-needling explanation and aftercare",
    "consent": "Dry-needling consent form",
    "muscles": "Muscle names in plain words",
    "goals": "Goals of the shipped plan templates",
}
CONSENT_GROUPS = ("common", "consent")


@dataclass(frozen=True)
class Message:
    """One catalogue message: its English id, and the plural id when it has plural forms."""

    id: str
    plural: str = ""


@cache
def messages_by_group() -> dict[str, tuple[Message, ...]]:
    """group -> its messages in template order (a shared message is in several groups)."""
    groups: dict[str, list[Message]] = {}
    if not POT_FILE.exists():
        return {}
    from babel.messages.pofile import read_po  # Babel's catalogue tools: when first read, not at start-up

    with POT_FILE.open("rb") as handle:
        template = read_po(handle)
    for entry in template:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            message = Message(entry.id[0], entry.id[1])
        else:
            message = Message(entry.id)
        for comment in entry.auto_comments:
            if comment.startswith("group: "):
                groups.setdefault(comment.removeprefix("group: "), []).append(message)
    return {group: tuple(items) for group, items in groups.items()}


def label(group: str) -> str:
    """A heading a reviewer understands: "Exercise: Bridge", "Consent form"..."""
    kind, _, slug = group.partition(":")
    if kind == "exercise" and slug in catalogue.EXERCISES_BY_SLUG:
        return f"Exercise: {catalogue.EXERCISES_BY_SLUG[slug].name}"
    if kind == "technique" and slug in catalogue.TECHNIQUES_BY_SLUG:
        return f"Hands-on technique: {catalogue.TECHNIQUES_BY_SLUG[slug].name}"
    return FIXED_GROUPS.get(group, group)


def ordered_groups() -> list[str]:
    """Fixed parts first, then exercises and techniques in library order."""
    known = messages_by_group()
    fixed = [g for g in FIXED_GROUPS if g in known]
    rest = sorted((g for g in known if g not in FIXED_GROUPS), key=lambda g: (g.split(":")[0], label(g)))
    return fixed + rest


def home_plan_groups(
    *, exercise_slugs: Iterable[str], technique_slugs: Iterable[str], dry_needling: bool, muscles: bool
) -> list[str]:
    """The groups whose texts a home plan prints (only built-in entries have a group)."""
    known = messages_by_group()
    groups = ["common", "home-plan", "goals", "warning-signs"]
    if dry_needling:
        groups.append("dry-needling")
    if muscles:
        groups.append("muscles")
    groups += [f"exercise:{slug}" for slug in exercise_slugs]
    groups += [f"technique:{slug}" for slug in technique_slugs]
    return [g for g in dict.fromkeys(groups) if g in known]


def messages_of(groups: Iterable[str]) -> list[Message]:
    """Every message of these groups, once each."""
    known = messages_by_group()
    seen: dict[str, Message] = {}
    for group in groups:
        for message in known.get(group, ()):
            seen.setdefault(message.id, message)
    return list(seen.values())
