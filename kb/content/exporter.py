"""Export the knowledge base as exchange records (JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from sqlalchemy import case, select

from kb.content.models import Article, full_load_options
from kb.content.records import article_to_record

# Organisations first, then what refers to them: easier for any reader of the file.
TYPE_ORDER = ("organisation", "programme", "contact", "project")
BATCH = 1000


def export_query(types: tuple[str, ...] = TYPE_ORDER):
    """Select the articles to export: every type asked for, trash left out."""
    order = case({name: rank for rank, name in enumerate(TYPE_ORDER)}, value=Article.type)
    return (
        select(Article)
        .where(Article.type.in_(types), Article.deleted_at.is_(None))
        .order_by(order, Article.id)
        .options(*full_load_options())
        .execution_options(yield_per=BATCH)
    )


def iter_records(session, types: tuple[str, ...] = TYPE_ORDER) -> Iterator[dict]:
    """Yield every exported record, reading the database in batches."""
    for article in session.scalars(export_query(types)):
        yield article_to_record(article)


def write_jsonl(records, out: IO[str]) -> int:
    """Write records one per line; return how many were written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, separators=(", ", ": ")))
        out.write("\n")
        count += 1
    return count
