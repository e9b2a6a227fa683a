"""Imports point one way, from the edges to the core."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FORBIDDEN = {
    "index": {"app", "pipeline", "ingest", "flask", "settings"},
    "pipeline": {"app", "ingest", "flask"},
    "app": {"pipeline", "ingest"},
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", FORBIDDEN)
def test_package_imports_only_what_its_layer_may(package):
    for path in (ROOT / package).rglob("*.py"):
        assert not imported_modules(path) & FORBIDDEN[package], path


def test_index_never_reads_the_environment():
    for path in (ROOT / "index").rglob("*.py"):
        assert "environ" not in path.read_text(), path


def test_ingest_never_imports_the_web_app():
    assert not imported_modules(ROOT / "ingest.py") & {"app", "flask"}
