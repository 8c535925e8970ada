"""Functions short enough to see whole (docs/architecture.md, "Where each rule lives"): a
function of the apps longer than 60 lines must say why in a comment starting "# Long:"
within its first lines, so a long one is a decision, not an accident."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("references", "articles", "reviews", "desk", "api", "audit", "config")
LIMIT = 60


def _long_functions_without_a_reason(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.end_lineno - node.lineno + 1 <= LIMIT:
                continue
            # From the signature to just past the docstring.
            head = lines[node.lineno - 1 : node.body[0].end_lineno + 3]
            if not any(line.strip().startswith("# Long:") for line in head):
                where = path.relative_to(ROOT)
                found.append(f"{where}:{node.lineno} {node.name}")
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_long_function_says_why_it_is_long(app):
    assert _long_functions_without_a_reason(app) == []
