"""One place that renders every error, as JSON for the API and as a page for people."""

from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from index import QueryError

bp = Blueprint("errors", __name__)


@bp.app_errorhandler(QueryError)
def query_error(error: QueryError):
    return render_error(BadRequest(str(error)))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    return render_error(error)


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("unexpected error on %s", request.path)
    return render_error(InternalServerError("the server failed on this request; it has been logged"))


def render_error(error: HTTPException):
    """Answer with JSON under /api/, with the error page elsewhere."""
    if request.path.startswith("/api/"):
        return jsonify(error=error.description), error.code
    return render_template("error.html", error=error), error.code
