"""Clinical rules and document builders stay pure: no web or database import (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PTPLAN = Path(__file__).resolve().parents[1] / "ptplan"
PURE_PACKAGES = ("measures", "billing", "pdf", "catalogue", "illustrations", "i18n")
PURE_FILES = [path for name in PURE_PACKAGES for path in sorted((PTPLAN / name).glob("*.py"))]
PURE_FILES.append(PTPLAN / "sessions" / "rules.py")
PURE_FILES.append(PTPLAN / "amendments" / "rules.py")
PURE_FILES += [PTPLAN / "fhir" / "codes.py", PTPLAN / "fhir" / "mapping_people.py"]
PURE_FILES.append(PTPLAN / "evaluations" / "regions.py")
# The rule modules each domain package owns (one owner per rule, issue #11).
PURE_FILES += [
    PTPLAN / "plans" / "rules.py",
    PTPLAN / "plans" / "certification.py",
    PTPLAN / "dry_needling" / "rules.py",
    PTPLAN / "library" / "rules.py",
    PTPLAN / "changes.py",
    PTPLAN / "exceptions.py",
]
# Outcome progress and its chart, and the evaluation note's rules: data in, data out.
PURE_FILES += [PTPLAN / "outcomes" / "progress.py", PTPLAN / "outcomes" / "svgchart.py"]
PURE_FILES.append(PTPLAN / "evaluations" / "rules.py")
PURE_FILES.append(PTPLAN / "demo" / "pdf_samples.py")  # sample documents feed the pure PDF layer
FORBIDDEN = {"flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy"}


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_module_imports_no_web_or_database_code(path):
    assert not [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]


@pytest.mark.parametrize(
    "path",
    [p for p in PURE_FILES if p.parent.name in ("pdf", "catalogue", "illustrations", "demo")],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_document_modules_stay_small(path):
    assert len(path.read_text().splitlines()) <= 420, f"{path} is growing past ~400 lines"


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from sqlalchemy.orm import Session\nimport flask\n")
    assert imported_modules(sample) == ["sqlalchemy.orm", "flask"]


def test_no_domain_package_imports_the_demo():
    """The demo seeds through the domain packages; only the CLI may call it (issue #11)."""
    importers = [
        path.relative_to(PTPLAN).as_posix()
        for path in sorted(PTPLAN.rglob("*.py"))
        if path.parent.name != "demo"
        and any(name == "ptplan.demo" or name.startswith("ptplan.demo.") for name in imported_modules(path))
    ]
    assert importers == ["cli.py"]
