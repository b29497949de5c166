"""Statistics for SQLite's query planner, which has none until ANALYZE has run."""

from __future__ import annotations

from sqlalchemy import text

from kb.extensions import db

# Rows ANALYZE samples per index: enough for the planner's estimates, milliseconds to read.
ANALYSIS_LIMIT = 1000


def refresh_planner_statistics() -> None:
    """Count rows per index value (ANALYZE) so SQLite chooses indexes by what they select.

    Without statistics SQLite takes an equality on any index as selective: it walks every
    published article through ix_article_state, and does so again inside the "reader's
    language" subquery for each of them, instead of following an article's few links.
    That made article pages take seconds at a few thousand records. PostgreSQL gathers its
    own statistics (autovacuum), so nothing runs there.
    """
    if db.engine.dialect.name != "sqlite":
        return
    db.session.execute(text(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}"))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
