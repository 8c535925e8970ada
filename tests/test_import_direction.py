"""Imports between the apps point one way (docs/architecture.md):

    desk, api, audit, webhooks  →  reviews  →  articles  →  references

An app may import itself and the apps below it, never one beside or above it: a lower app
that reached up would make every rule it holds depend on pages and interfaces. Lazy
imports inside functions count too; only the apps' migrations are left out.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYER = {
    "references": 0,
    "articles": 1,
    "reviews": 2,
    "desk": 3,
    "api": 3,
    "audit": 3,
    "webhooks": 3,
}


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYER:
                found.add((top, node.lineno))
    return found


def _violations(app: str) -> list[str]:
    problems = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for imported, line in sorted(_imported_apps(path)):
            if imported != app and LAYER[imported] >= LAYER[app]:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return problems


@pytest.mark.parametrize("app", sorted(LAYER))
def test_the_app_imports_only_itself_and_the_apps_below_it(app):
    assert _violations(app) == []


def test_the_check_finds_an_import_that_points_up(tmp_path, monkeypatch):
    app = tmp_path / "articles"
    app.mkdir()
    (app / "views.py").write_text("def f():\n    from reviews.workflow import x\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert _violations("articles") == ["articles/views.py:2 imports reviews"]
