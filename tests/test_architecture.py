"""The package tree shows the flow: data → i18n → analysis → charts → export → ui → views. Each package imports
only those before it, and nothing below ui/ imports streamlit (dashboard/__init__.py names each package's job)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
# what each package may import, besides itself
ALLOWED: dict[str, set[str]] = {
    "data": set(),
    "i18n": {"data"},
    "analysis": {"data", "i18n"},
    "charts": {"data", "i18n", "analysis"},
    "export": {"data", "i18n", "analysis", "charts"},
    "curation": {"data", "i18n"},
    "ui": {"data", "i18n", "analysis", "charts", "export"},
    "views": {"data", "i18n", "analysis", "charts", "export", "ui"},
    "__main__": {"data", "i18n", "analysis", "charts", "export", "curation"},  # the command line
    "validate": {"curation"},  # `python -m dashboard.validate`, kept for scripts that call it
}
STREAMLIT_ALLOWED = {"ui", "views"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def _layer(path: Path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part.removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, at any depth (function-level imports too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "dashboard":  # `from dashboard import export`: the names are packages
                found += [(node.lineno, f"dashboard.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def import_problems(path: Path) -> list[str]:
    layer = _layer(path)
    allowed = ALLOWED[layer] | {layer}
    problems = []
    for line, module in _imports(path):
        parts = module.split(".")
        where = f"{path.relative_to(PACKAGE.parent)}:{line}"
        if parts[0] == "streamlit" and layer not in STREAMLIT_ALLOWED:
            problems.append(f"{where} imports streamlit below ui/")
        elif parts[0] == "dashboard" and len(parts) > 1 and parts[1] not in allowed:
            problems.append(f"{where} ({layer}) imports {module} against the flow")
    return problems


def test_every_module_belongs_to_a_known_package():
    assert {_layer(p) for p in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way_and_streamlit_stays_in_ui_and_views(path: Path):
    assert import_problems(path) == []


def test_the_check_catches_an_import_against_the_flow(tmp_path, monkeypatch):
    fake = tmp_path / "dashboard"
    (fake / "analysis").mkdir(parents=True)
    module = fake / "analysis" / "upward.py"
    module.write_text("import streamlit as st\nfrom dashboard.ui import state\nfrom dashboard import charts\n"
                      "from dashboard.data import models\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert import_problems(module) == [
        "dashboard/analysis/upward.py:1 imports streamlit below ui/",
        "dashboard/analysis/upward.py:2 (analysis) imports dashboard.ui against the flow",
        "dashboard/analysis/upward.py:3 (analysis) imports dashboard.charts against the flow",
    ]
