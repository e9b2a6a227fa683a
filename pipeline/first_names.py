"""Common first names, a cue that a capitalised pair of words is a person ("Nikol Pashinyan").

The names come from the names-dataset package. Loading it whole takes about 1 GB and 8 seconds,
so the list is derived once, in a separate process, into a small file beside the installed
packages, and read from there afterwards.

    python -c "from pipeline.first_names import build; build()"   # (re)build the list
"""

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

LIST_VERSION = 2  # raise when the rule below changes, so installed lists are rebuilt
CACHE = Path(sys.prefix) / "share" / "conflict-archive" / f"first-names-{LIST_VERSION}.txt"
# A common first name: among the 300 most given in one country, or the 1,000 most given in three.
# The dataset also ranks words such as "The" and "House" high in one country, and no higher.
TOP_IN_ONE = 300
TOP_IN_THREE = 1000


@cache
def first_names() -> frozenset[str]:
    """Return the set of common first names, building the list on first use."""
    if not CACHE.exists():
        subprocess.run([sys.executable, "-c", "from pipeline.first_names import build; build()"], check=True)
    return frozenset(CACHE.read_text(encoding="utf-8").split("\n"))


def build() -> None:
    """Derive the list from names-dataset and write it atomically."""
    from names_dataset import NameDataset  # heavy: only in this process

    names = []
    for name, facts in NameDataset(load_last_names=False).first_names.items():
        ranks = sorted(rank for rank in (facts.get("rank") or {}).values() if rank)
        common = ranks and (ranks[0] <= TOP_IN_ONE or (len(ranks) >= 3 and ranks[2] <= TOP_IN_THREE))
        if common and name[:1].isupper():
            names.append(name)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    partial = CACHE.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text("\n".join(sorted(names)), encoding="utf-8")
    partial.replace(CACHE)
