"""ICD-10-CM codes common in low back pain and sciatica (CMS FY2026 code set; verify locally).

The list feeds a picker; any well-formed ICD-10-CM code may still be entered.
"""

from __future__ import annotations

from ptplan.forms import ICD10_PATTERN

COMMON_CODES = {
    "M54.30": "Sciatica, unspecified side",
    "M54.31": "Sciatica, right side",
    "M54.32": "Sciatica, left side",
    "M54.40": "Lumbago with sciatica, unspecified side",
    "M54.41": "Lumbago with sciatica, right side",
    "M54.42": "Lumbago with sciatica, left side",
    "M54.50": "Low back pain, unspecified",
    "M54.51": "Vertebrogenic low back pain",
    "M54.59": "Other low back pain",
    "M54.16": "Radiculopathy, lumbar region",
    "M54.17": "Radiculopathy, lumbosacral region",
    "M51.16": "Intervertebral disc disorders with radiculopathy, lumbar region",
    "M51.17": "Intervertebral disc disorders with radiculopathy, lumbosacral region",
    "M48.061": "Spinal stenosis, lumbar region without neurogenic claudication",
    "M48.062": "Spinal stenosis, lumbar region with neurogenic claudication",
    "M62.830": "Muscle spasm of back",
    "M53.3": "Sacrococcygeal disorders, not elsewhere classified",
    "M79.18": "Myalgia, other site",
    "S33.5XXA": "Sprain of ligaments of lumbar spine, initial encounter",
}


def normalise(code: str) -> str:
    """Upper-case and insert the dot after the category: "m5441" -> "M54.41"."""
    code = code.strip().upper().replace(" ", "")
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


def is_well_formed(code: str) -> bool:
    return bool(ICD10_PATTERN.match(code))
