"""URL map of the JSON API."""

from flask import Blueprint, jsonify

from kb.api import search
from kb.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookie-authenticated writes here yet; reads need no token

bp.add_url_rule("/search", "search", search.search_endpoint)


@bp.errorhandler(404)
def _not_found(error):
    return jsonify(error="not found", field=None), 404


@bp.errorhandler(405)
def _not_allowed(error):
    return jsonify(error="method not allowed", field=None), 405
