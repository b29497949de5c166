"""GET /api/v1/search, as ../shared/spec/search-api.md describes it."""

from __future__ import annotations

from flask import jsonify, request

from kb.api import schemas
from kb.api.openapi import documented
from kb.api.reads import list_params
from kb.core.permissions import current_audience
from kb.core.templating import id_url
from kb.core.vocabularies import facet_label
from kb.search import service
from kb.search.params import ParameterError, parse_search_args
from search_index import SearchResult


def result_to_json(result: SearchResult, query: str, lang: str) -> dict:
    """Shape a result as the API promises, with labels in the reader's language."""
    return {
        "query": query,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "results": [
            {
                "id": hit.id,
                "type": hit.type,
                "language": hit.language,
                "title": hit.title,
                "summary": hit.summary,
                "snippet": hit.snippet,
                "url": id_url("browse.article", hit.id, lang=lang, type=hit.type),
                "score": round(hit.score, 4),
                "translations": hit.translations,
            }
            for hit in result.hits
        ],
        "facets": {
            facet: [
                {"value": v.value, "label": facet_label(facet, v.value, lang),
                 "count": v.count, "selected": v.selected}
                for v in values
            ]
            for facet, values in result.facets.items()
        },
        "suggestion": result.suggestion,
    }


@documented("get", summary="Search with facets (see the search API spec)", tags=["read"],
            parameters=list_params(with_type=True, default_sort="relevance"),
            responses={"200": {"description": "one page of hits, facets and a suggestion",
                               "content": {"application/json": {
                                   "schema": schemas.SearchResponseSchema}}}},
            errors=(400, 401, 429))
def search_endpoint():
    """Search with facets; malformed parameters give 400, odd query text never does."""
    try:
        search_request = parse_search_args(request.args)
    except ParameterError as error:
        return jsonify(error=error.message, field=error.field), 400
    result = service.search(search_request, current_audience())
    return jsonify(result_to_json(result, search_request.text, search_request.lang))
