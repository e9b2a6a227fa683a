"""Narrow exceptions of the search core."""


class IndexMissing(Exception):
    """No index at the configured directory."""

    def __init__(self, path):
        super().__init__(f"no index at {path}: build one with `python ingest.py SOURCES --index {path}`")
        self.path = path


class QueryError(ValueError):
    """A query or filter that cannot be searched; the message says what is wrong."""


class IndexOutdated(Exception):
    """An index written by an older version, with other fields."""

    def __init__(self, path):
        super().__init__(
            f"the index at {path} was built by an older version of the archive: move it away and "
            f"import the collections again (`make clean-index run` for the demo)"
        )
        self.path = path
