"""Web front end: the search page, the article page and the JSON API over the index."""

from flask import Flask

import index
import settings
from app import errors, exports, views


def create_app(config: dict | None = None) -> Flask:
    """Create the web app; `config` overrides the environment (tests pass one)."""
    app = Flask(__name__, static_folder="../static")
    app.config.from_mapping(settings.from_env())
    app.config.update(config or {})
    app.extensions["archive_index"] = index.open_index(app.config["INDEX_DIR"])
    app.jinja_env.filters.update(views.TEMPLATE_FILTERS)
    app.register_blueprint(views.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(errors.bp)
    return app
