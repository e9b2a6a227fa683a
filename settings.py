"""The one table of settings: each is read from the environment over its default."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("INDEX_DIR", "data/index", "Directory of the Whoosh index"),
    Setting("PAGE_SIZE", 20, "Hits per page when a request does not say"),
    Setting("MAX_PAGE_SIZE", 100, "Largest per_page a request may ask for"),
    Setting("MAX_QUERY_CHARS", 1000, "Longest query accepted; longer ones get a 400"),
    Setting("HOST", "127.0.0.1", "Address `make run` serves on"),
    Setting("PORT", 5000, "Port `make run` serves on"),
    Setting("THREADS", 8, "Worker threads of the WSGI server"),
)


def from_env(environ=None) -> dict:
    """Return every setting, taking the environment's value over the default."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        if raw is None:
            values[setting.name] = setting.default
        elif isinstance(setting.default, int):
            values[setting.name] = int(raw)
        else:
            values[setting.name] = raw
    return values
