"""URL map of the public pages: /<lang>/, /<lang>/<type>/, /<lang>/<type>/<id>."""

from flask import Blueprint, abort, g, redirect, request, url_for

from kb.browse import views

bp = Blueprint("browse", __name__, url_prefix="/<lang>")
root_bp = Blueprint("root", __name__)

TYPE_PATTERN = "<any(organisation, contact, project, programme):type>"


@bp.url_value_preprocessor
def _take_language(endpoint, values) -> None:
    lang = (values or {}).pop("lang", None)
    if lang not in ("de", "en"):
        abort(404)
    g.lang = lang


@bp.url_defaults
def _add_language(endpoint, values) -> None:
    values.setdefault("lang", getattr(g, "lang", "de"))


@root_bp.get("/")
def root():
    """Send readers to their language's home page."""
    lang = request.accept_languages.best_match(["de", "en"]) or "de"
    return redirect(url_for("browse.home", lang=lang))


bp.add_url_rule("/", "home", views.home)
bp.add_url_rule(f"/{TYPE_PATTERN}/", "listing", views.listing)
bp.add_url_rule(f"/{TYPE_PATTERN}/<id>", "article", views.article)
