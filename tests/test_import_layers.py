"""The house without back-stairs: each app of backpain imports only the floors below it, and no
two apps import each other. The engine imports no other app (and no Django, tested with it)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backpain"
# Bottom to top: an app may import the ones before it, never one after it.
FLOORS = ["clinical", "core", "audit", "accounts", "phrases", "patients", "episodes", "visits",
          "notes", "exports"]


def imported_apps(path: Path, app: str) -> dict[str, int]:
    """The other apps a module imports (absolute or relative), with a line of each."""
    found = {}
    parts = path.relative_to(PACKAGE).parts
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            base = parts[:len(parts) - node.level]
            names = [".".join(("backpain", *base, *([node.module] if node.module else [])))]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            bits = name.split(".")
            if bits[0] == "backpain" and len(bits) > 1 and bits[1] in FLOORS and bits[1] != app:
                found.setdefault(bits[1], node.lineno)
    return found


def edges():
    for app in FLOORS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for other, line in imported_apps(path, app).items():
                yield app, other, f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_every_app_is_on_a_floor():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert apps == set(FLOORS)


@pytest.mark.parametrize("app", FLOORS)
def test_an_app_imports_only_the_floors_below_it(app):
    above = [f"{where} imports {other}" for source, other, where in edges()
             if source == app and FLOORS.index(other) > FLOORS.index(app)]
    assert above == []


def test_no_two_apps_import_each_other():
    pairs = {(source, other) for source, other, _ in edges()}
    assert {tuple(sorted(pair)) for pair in pairs if pair[::-1] in pairs} == set()
