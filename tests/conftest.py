"""Shared fixtures: a real index built by the real import path, a real Flask test client."""

import json
from pathlib import Path

import pytest

from app import create_app
from pipeline import ImportJob, run_import

ROOT = Path(__file__).parent.parent
PAGES = Path(__file__).parent / "data" / "pages"  # nav bars, share buttons, a <script>
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """Return a path under ../shared/data, skipping the test where that folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared/data beside the project (CI has it)")
    return path


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return json.loads(shared("seed", "seed-expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    report = run_import(ImportJob((PAGES,), "fixtures"), index_dir)
    assert not report.failures
    return index_dir


@pytest.fixture(scope="module")
def client(pages_index):
    return create_app({"TESTING": True, "INDEX_DIR": pages_index}).test_client()
