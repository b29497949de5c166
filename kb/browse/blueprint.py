"""URL map of the public pages: /<lang>/, /<lang>/<type>/, /<lang>/<type>/<id>."""

from flask import Blueprint, redirect, request, url_for

from kb.browse import views
from kb.core.urls import language_blueprint

bp = language_blueprint("browse", __name__)
root_bp = Blueprint("root", __name__)

TYPE_PATTERN = "<any(organisation, contact, project, programme):type>"


@root_bp.get("/")
def root():
    """Send readers to their language's home page."""
    lang = request.accept_languages.best_match(["de", "en"]) or "de"
    return redirect(url_for("browse.home", lang=lang))


bp.add_url_rule("/", "home", views.home)
bp.add_url_rule(f"/{TYPE_PATTERN}/", "listing", views.listing)
bp.add_url_rule(f"/{TYPE_PATTERN}/<id>", "article", views.article)
