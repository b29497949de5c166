"""Thin views for the search page, typeahead and vCards: parse -> check -> render."""

from __future__ import annotations

import re

from flask import abort, g, jsonify, render_template, request, url_for

from kb.browse import queries
from kb.content.models import Contact
from kb.core.permissions import current_audience
from kb.core.templating import type_label
from kb.search import service
from kb.search.params import MAX_PAGE, ParameterError, parse_search_args
from kb.site import vcard
from kb.site.searching import (
    FACET_ORDER,
    SearchState,
    contacts_of_search,
    finds_contacts,
    hit_articles,
    page_numbers,
    search_args,
)

SUGGEST_MAX_CHARS = 100


def search_page():
    """Show the search page: box, facets, results; every state lives in the query string."""
    state = SearchState.from_args(request.args)
    try:
        search = parse_search_args(search_args(request.args))
    except ParameterError as error:
        return render_template("search/error.html", error=error, state=state), 400
    audience = current_audience()
    result = service.search(search, audience)
    pages = min(MAX_PAGE, max(1, -(-result.total // search.per_page)))
    return render_template(
        "search/search.html",
        search=search,
        result=result,
        state=state,
        facets=[(name, result.facets[name]) for name in FACET_ORDER if result.facets.get(name)],
        articles=hit_articles(result.hits, audience),
        has_contacts=finds_contacts(search, result),
        pages=pages,
        page_numbers=page_numbers(search.page, pages),
    )


def suggest():
    """Answer typeahead requests; `format=opensearch` gives the OpenSearch suggestions array."""
    prefix = request.args.get("q", "").strip()[:SUGGEST_MAX_CHARS]
    found = service.suggest(prefix, current_audience(), g.lang) if prefix else []
    if request.args.get("format") == "opensearch":
        return jsonify([prefix, [s.title for s in found]])
    return jsonify(
        query=prefix,
        suggestions=[
            {"id": s.id, "type": s.type, "type_label": type_label(s.type), "title": s.title,
             "url": url_for("browse.article", type=s.type, id=s.id)}
            for s in found
        ],
    )


def contact_vcard(id: str):
    """Download one contact as a vCard; 404 for contacts the reader may not see."""
    audience = current_audience()
    contact = queries.get_visible(id, audience)
    if not isinstance(contact, Contact):
        abort(404)
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", contact.id) + ".vcf"
    return vcard.vcard_response([contact], audience, filename)


def search_vcards():
    """Download every contact a search finds as one vCard file."""
    try:
        search = parse_search_args(search_args(request.args))
    except ParameterError as error:
        state = SearchState.from_args(request.args)
        return render_template("search/error.html", error=error, state=state), 400
    audience = current_audience()
    return vcard.vcard_response(contacts_of_search(search, audience), audience, "kontakte.vcf")
