"""Reading through the API: one article, lists per type, vocabularies, revision history."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from werkzeug.datastructures import MultiDict

from kb.api import schemas
from kb.api.auth import api_role
from kb.api.errors import ApiError
from kb.api.openapi import SIGNED_IN, documented, path_param, query_param
from kb.api.present import article_response, lang_param, visible_or_404
from kb.content import revisions, workflow
from kb.content.models import Article
from kb.core import vocabularies as vocab
from kb.core.permissions import Role, current_audience
from kb.extensions import db
from kb.search import service
from kb.search.params import FACETS, FILTERS, ParameterError, parse_search_args
from search_index import SearchResult

ID_PARAM = path_param("id", "the article's id", pattern=r"^[a-z0-9][a-z0-9-]{1,99}$")
LANG_PARAM = query_param("lang", "reader's language: relations prefer this language "
                                 "(default: the article's)", enum=["de", "en"])
VOCABULARIES = (
    vocab.CONTENT_TYPES, vocab.LANGUAGES, vocab.WORKFLOW_STATES, vocab.TOPICS,
    vocab.TARGET_GROUPS, vocab.FUNDING_KINDS, vocab.ORG_KINDS, vocab.PROJECT_STATUSES,
    vocab.PROGRAMME_STATUSES, vocab.CONTACT_VISIBILITIES, vocab.STATES,
)


def list_params(with_type: bool, default_sort: str = "title, or relevance with q"
                ) -> list[dict[str, Any]]:
    """Describe the list parameters: the search's own, filters included."""
    params = [query_param("q", "words to match (optional; lists everything without)"),
              query_param("lang", "reader's language: one version per translation group",
                          enum=["de", "en"])]
    for name in FACETS + FILTERS:
        if name == "type" and not with_type:
            continue
        params.append(query_param(name, f"filter by {name} (repeat for OR)", array=True))
    params += [
        query_param("open_on", "programmes open for applications on this day", format="date"),
        query_param("sort", f"order (default: {default_sort})",
                    enum=["relevance", "newest", "title", "deadline"]),
        query_param("page", "1-based page", pattern=r"^\d+$"),
        query_param("per_page", "1..100, default 10", pattern=r"^\d+$"),
    ]
    return params


@documented("get", summary="One article with its fields, relations and translations",
            tags=["read"], parameters=[ID_PARAM, LANG_PARAM],
            responses={"200": {"description": "the article", "headers": {
                "ETag": {"$ref": "#/components/headers/ETag"}},
                "content": {"application/json": {"schema": schemas.ArticleSchema}}}},
            errors=(400, 401, 404, 429))
def get_article(id: str):
    """Show one article the caller may see."""
    article = visible_or_404(id)
    return article_response(article, lang=lang_param(article.language))


def _list_args(record_type: str | None) -> MultiDict:
    args = MultiDict(request.args)
    if record_type is not None:
        if any(value not in ("", record_type) for value in args.getlist("type")):
            raise ApiError(400, f"this list holds {record_type}s only", "type")
        args.setlist("type", [record_type])
    if not args.get("sort"):
        args["sort"] = "relevance" if args.get("q", "").strip() else "title"
    return args


def _page_url(args: MultiDict, page: int | None) -> str | None:
    if page is None:
        return None
    values = args.to_dict(flat=False)
    values["page"] = [str(page)]
    return url_for(request.endpoint, **values)


def _page_json(result: SearchResult, args: MultiDict, lang: str) -> dict[str, Any]:
    last = max(1, -(-result.total // result.per_page))
    items = [{"id": hit.id, "type": hit.type, "language": hit.language, "title": hit.title,
              "summary": hit.summary, "translations": hit.translations,
              "url": url_for("browse.article", lang=lang, type=hit.type, id=hit.id)}
             for hit in result.hits]
    return {
        "total": result.total, "page": result.page, "per_page": result.per_page,
        "items": items,
        "links": {"self": _page_url(args, result.page),
                  "next": _page_url(args, result.page + 1 if result.page < last else None),
                  "prev": _page_url(args, min(result.page - 1, last) if result.page > 1
                                    else None)},
    }


def list_articles(record_type: str | None = None):
    """List visible articles, filtered like the search, one version per translation."""
    args = _list_args(record_type)
    try:
        search_request = parse_search_args(args)
    except ParameterError as error:
        raise ApiError(400, error.message, error.field) from error
    result = service.search(search_request, current_audience())
    return jsonify(_page_json(result, args, search_request.lang))


def list_view(record_type: str | None):
    """Return a list view for one type (or all types), with its own documentation."""
    what = f"{record_type}s" if record_type else "articles of every type"

    def view():
        return list_articles(record_type)

    view.__name__ = f"list_{record_type or 'articles'}"
    view.__doc__ = f"List {what}."
    return documented(
        "get", summary=f"List {what}", tags=["read"],
        parameters=list_params(with_type=record_type is None),
        responses={"200": {"description": "one page, with links to the next and previous",
                           "content": {"application/json": {"schema": schemas.PageSchema}}}},
        errors=(400, 401, 429))(view)


@documented("get", summary="Controlled vocabularies with German and English labels",
            tags=["read"],
            responses={"200": {"description": "every vocabulary by name", "content": {
                "application/json": {"schema": schemas.VocabulariesSchema}}}},
            errors=(401, 429))
def vocabularies():
    """List every controlled vocabulary with its labels in both languages."""
    return jsonify(vocabularies={
        vocabulary.name: [{"code": t.code, "de": t.de, "en": t.en} for t in vocabulary]
        for vocabulary in VOCABULARIES
    })


def _stamp(value) -> str:
    return value.isoformat(timespec="seconds") + "Z"


def _revisions_json(article_id: str) -> list[dict[str, Any]]:
    found = revisions.listing(article_id)  # newest first
    entries = []
    for index, revision in enumerate(found):
        older = found[index + 1].record if index + 1 < len(found) else {}
        changed = revisions.compare(older, revision.record, content_only=True)
        entries.append({
            "version": revision.version, "created": _stamp(revision.created),
            "author": revision.author.email if revision.author else None,
            "comment": revision.comment, "fields": [change.field for change in changed],
        })
    return entries


@documented("get", summary="Revision history and workflow log (editors)", tags=["read"],
            security=SIGNED_IN, parameters=[ID_PARAM],
            responses={"200": {"description": "revisions newest first, workflow events",
                               "content": {"application/json": {
                                   "schema": schemas.HistorySchema}}}},
            errors=(401, 403, 404, 429))
@api_role(Role.editor)
def history(id: str):
    """Show the saved versions of an article and its workflow steps."""
    article = db.session.get(Article, id)
    if article is None or article.deleted_at is not None:
        raise ApiError(404, "not found")
    events = [{"transition": e.transition, "from_state": e.from_state, "to_state": e.to_state,
               "at": _stamp(e.at), "by": e.user.email if e.user else None,
               "comment": e.comment} for e in workflow.history(article.id)]
    return jsonify(id=article.id, version=article.version,
                   revisions=_revisions_json(article.id), events=events)
