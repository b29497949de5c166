"""URL map of the site's public face: /<lang>/search…, feeds, legal pages, root files."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb.core.urls import language_blueprint
from kb.site import feeds, legal, views

bp = language_blueprint("site", __name__)
root_bp = Blueprint("site_root", __name__)


bp.add_url_rule("/search", "search", views.search_page)
bp.add_url_rule("/search/suggest", "suggest", views.suggest)
bp.add_url_rule("/search.vcf", "search_vcards", views.search_vcards)
bp.add_url_rule("/search.atom", "search_feed", feeds.search_feed)
bp.add_url_rule("/contact/<id>.vcf", "contact_vcard", views.contact_vcard)
bp.add_url_rule("/feed.atom", "feed", feeds.article_feed)
bp.add_url_rule("/deadlines.ics", "deadlines", feeds.deadlines)
bp.add_url_rule("/impressum", "imprint", legal.imprint)
bp.add_url_rule("/datenschutz", "privacy", legal.privacy)
bp.add_url_rule("/barrierefreiheit", "accessibility", legal.accessibility)

root_bp.add_url_rule("/sitemap.xml", "sitemap", feeds.sitemap)
root_bp.add_url_rule("/sitemap-<int:number>.xml", "sitemap_file", feeds.sitemap_file)
root_bp.add_url_rule("/opensearch.xml", "opensearch", feeds.opensearch)
root_bp.add_url_rule("/robots.txt", "robots", feeds.robots)


def init_app(app: Flask) -> None:
    """Register the blueprints, the operator settings and the template helpers."""
    from kb.site import cards, jsonld

    legal.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(root_bp)
    app.jinja_env.globals.update(
        jsonld_for=jsonld.jsonld_for,
        programme_status_line=cards.programme_status_line,
        search_hits=cards.search_hits,
    )
