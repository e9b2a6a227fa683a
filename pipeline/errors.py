"""Why a document could not be imported: named errors with a reason people can read."""


class DocumentError(Exception):
    """A document that cannot be imported; the run goes on and the report says why."""

    stage = "read"

    def __init__(self, source_path: str, reason: str):
        super().__init__(f"{source_path}: {reason}")
        self.source_path = source_path
        self.reason = reason


class ReadError(DocumentError):
    stage = "read"


class CleanError(DocumentError):
    stage = "clean"
