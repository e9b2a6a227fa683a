"""The curated lists in pipeline/data/: tab-separated rows, `#` comments."""

from pathlib import Path

DATA = Path(__file__).parent / "data"


def rows(filename: str):
    """Yield the fields of every row of a list."""
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
