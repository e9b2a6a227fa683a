"""The import report: what a run added, changed and skipped, and why each failure failed."""

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.errors import DocumentError


@dataclass
class Failure:
    source_path: str
    stage: str
    reason: str
    traceback: str = ""  # only for internal errors: a bug to report, not bad input


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class ImportReport:
    collection: str
    sources: list[str] = field(default_factory=list)
    index: str = ""
    started: str = field(default_factory=_now)
    finished: str = ""
    found: int = 0  # documents in the sources, counted before the import proper
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failures: list[Failure] = field(default_factory=list)

    def fail(self, error: DocumentError) -> None:
        """Record a document that could not be imported."""
        self.failures.append(Failure(error.source_path, error.stage, error.reason))

    def count(self, written) -> None:
        """Add the counts of one written batch."""
        self.new += written.new
        self.updated += written.updated
        self.unchanged += written.unchanged
        self.duplicate += written.duplicate

    def accounted(self) -> int:
        """Return how many documents are done with: written, found unchanged or failed."""
        return self.new + self.updated + self.unchanged + self.duplicate + len(self.failures)

    def finish(self) -> None:
        """Note the time the run ended."""
        self.finished = _now()

    def summary(self) -> str:
        """Return the one-paragraph summary printed at the end of a run."""
        lines = [
            f"{self.new:,} new, {self.updated:,} changed, {self.unchanged:,} unchanged, "
            f"{self.duplicate:,} duplicate, {len(self.failures):,} failed"
        ]
        lines += [f"  failed: {f.source_path} ({f.stage}): {f.reason}" for f in self.failures[:20]]
        if len(self.failures) > 20:
            lines.append(f"  ... and {len(self.failures) - 20:,} more failures in the report")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """Write the report as JSON to `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        counts = {"failed": len(self.failures)}
        path.write_text(json.dumps({**asdict(self), **counts}, indent=2, ensure_ascii=False) + "\n")
