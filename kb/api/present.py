"""How articles look in API responses: fields, relations, translations, version as ETag."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for
from sqlalchemy import select

from kb.api.errors import ApiError
from kb.browse.queries import get_visible, relations, translations_of
from kb.content.models import Article
from kb.content.records import LIST_REFERENCES, article_to_record, references_of
from kb.content.visibility import visible_clause
from kb.core.permissions import current_audience
from kb.extensions import db
from search_index.documents import Audience

LANGS = ("de", "en")


def ref(article: Article) -> dict[str, str]:
    """Name another article: id, type, language and title."""
    return {"id": article.id, "type": article.type, "language": article.language,
            "title": article.title}


def visible_or_404(article_id: str) -> Article:
    """Return the article if the caller may see it; 404 otherwise, as the pages do."""
    article = get_visible(article_id, current_audience())
    if article is None:
        raise ApiError(404, "not found")
    return article


def lang_param(default: str) -> str:
    """Read the optional `lang` parameter (the reader's language for relations)."""
    lang = request.args.get("lang") or default
    if lang not in LANGS:
        raise ApiError(400, "lang must be de or en", "lang")
    return lang


def visible_record(article: Article, audience: Audience) -> dict[str, Any]:
    """Return the exchange record, without references to articles the audience may not see.

    Editors see every live article, so their record is complete and can be edited
    as it is; others must not learn even the ids (slugs of names) of hidden ones.
    """
    record = article_to_record(article)
    if audience.include_unpublished:
        return record
    targets = {target for _field, target, _type in references_of(record)}
    if not targets:
        return record
    query = select(Article.id).where(Article.id.in_(targets), visible_clause(audience))
    shown = set(db.session.scalars(query))
    for field, target, _type in references_of(record):
        if target in shown:
            continue
        if (record["type"], field) in LIST_REFERENCES:
            record[field] = [item for item in record[field] if item in shown]
            if not record[field]:
                del record[field]
        else:
            record.pop(field, None)
    return record


def article_json(article: Article, lang: str | None = None) -> dict[str, Any]:
    """Return the article as the API shows it to the current caller."""
    audience = current_audience()
    lang = lang or article.language
    return {
        **ref(article),
        "version": article.version,
        "url": url_for("browse.article", lang=article.language, type=article.type,
                       id=article.id),
        "record": visible_record(article, audience),
        "relations": {name: [ref(item) for item in items]
                      for name, items in relations(article, audience, lang).items()},
        "translations": [ref(item) for item in translations_of(article, audience)],
    }


def with_etag(response: Response, version: int) -> Response:
    """Send the version an update must be based on as a strong ETag."""
    response.set_etag(str(version))
    return response


def article_response(article: Article, status: int = 200, lang: str | None = None) -> Response:
    """Answer with the article and its version as ETag."""
    response = jsonify(article_json(article, lang))
    response.status_code = status
    return with_etag(response, article.version)
