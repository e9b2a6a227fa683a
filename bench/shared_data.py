"""Where the shared development data lives, and how to read its gold files."""

import gzip
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "data"
SCORER = SHARED / "tools" / "score_extraction.py"


def available() -> bool:
    return DATA.exists()


def jsonl(path: Path) -> list[dict]:
    # Split on \n only: some texts hold U+2028, which str.splitlines() would split on.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())
