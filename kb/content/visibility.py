"""Who may see an article: the one rule for pages, lists, feeds and exports.

The search engine applies the same rule inside its queries
(search_index/permissions.py); tests keep the two in step.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import ColumnElement, and_, exists, or_, true

from kb.content.models import Article, Contact
from search_index.documents import Audience


def is_visible(article: Article, audience: Audience) -> bool:
    """Tell whether `audience` may see `article` (trash is never visible here)."""
    if article.deleted_at is not None:
        return False
    if not audience.include_unpublished and not _published_now(article, audience):
        return False
    return audience.include_internal or article.type != "contact" or (
        article.visibility == "public"
    )


def _published_now(article: Article, audience: Audience) -> bool:
    today = audience.today
    return (
        article.state == "published"
        and (article.effective is None or article.effective <= today)
        and (article.expires is None or today < article.expires)
    )


@lru_cache(maxsize=256)
def visible_clause(audience: Audience, entity=Article) -> ColumnElement[bool]:
    """Return a WHERE clause on `entity` (Article or an alias) keeping what `audience` sees.

    Cached (clauses are immutable; an audience holds its day): building the contact
    subquery's alias and columns took about a millisecond, on every page that loads
    articles.
    """
    conditions = [entity.deleted_at.is_(None)]
    if not audience.include_unpublished:
        today = audience.today
        conditions += [
            entity.state == "published",
            or_(entity.effective.is_(None), entity.effective <= today),
            or_(entity.expires.is_(None), entity.expires > today),
        ]
    if not audience.include_internal:
        # Looked up row by row through the primary key: an IN (subquery) made the database
        # collect every public contact for each query, most of an article page's time.
        contact = Contact.__table__.alias("public_contact")
        public = exists().where(contact.c.id == entity.id, contact.c.visibility == "public")
        conditions.append(or_(entity.type != "contact", public))
    return and_(true(), *conditions)
