"""Thin views for the public pages: load -> check access -> render."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from kb.browse import queries
from kb.core.permissions import current_audience

PER_PAGE = 30


def home():
    """Show the search box, the entry points with counts and the programmes closing soon."""
    from kb.site.programmes import closing_soon

    audience = current_audience()
    return render_template(
        "browse/home.html",
        counts=queries.count_by_type(audience, g.lang),
        closing=closing_soon(audience, g.lang),
    )


def listing(type: str):
    """List the visible articles of one type, a page at a time."""
    page_number = request.args.get("page", 1, type=int)
    if page_number < 1:
        abort(404)
    page = queries.list_articles(type, current_audience(), g.lang, page_number, PER_PAGE)
    if page_number > page.pages:
        abort(404)
    return render_template("browse/listing.html", type=type, page=page)


def article(type: str, id: str):
    """Show one article with its relations both ways; 404 for what the reader may not see."""
    audience = current_audience()
    found = queries.get_visible(id, audience)
    if found is None:
        abort(404)
    if found.type != type:
        return redirect(url_for("browse.article", type=found.type, id=found.id), 301)
    return render_template(
        "browse/article.html",
        article=found,
        relations=queries.relations(found, audience, g.lang),
        translations=queries.translations_of(found, audience),
    )
