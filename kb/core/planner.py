"""Statistics for the query planner, which imports and `kb serve` gather.

SQLite has none until ANALYZE runs; PostgreSQL's autovacuum gathers them, but only a while
after a bulk import, and until it has the planner guesses.
"""

from __future__ import annotations

from sqlalchemy import text

from kb.extensions import db

# Rows ANALYZE samples per index: enough for the planner's estimates, milliseconds to read.
ANALYSIS_LIMIT = 1000

# What article pages and lists query and imports fill: the articles, each type's own table
# and the links between them. Other tables are left to autovacuum, to keep ANALYZE cheap.
CONTENT_TABLES = (
    "article", "organisation", "contact", "project", "programme",
    "project_partner", "project_programme", "project_contact",
    "programme_funder", "programme_contact",
)


def refresh_planner_statistics() -> None:
    """Count rows per index value (ANALYZE) so the planner chooses indexes by what they select.

    Without statistics SQLite takes an equality on any index as selective: it walks every
    published article through ix_article_state, and does so again inside the "reader's
    language" subquery for each of them, instead of following an article's few links.
    That made article pages take seconds at a few thousand records.

    PostgreSQL has default estimates instead, until autovacuum gets round to a new bulk
    load; article pages were 2-3x slower than on SQLite until then. Its ANALYZE reads a
    fixed-size sample per table, so it stays cheap at any size. Naming the tables also
    keeps it off the system catalogs (which warn when the user is not a superuser).
    """
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}"))
        db.session.execute(text("ANALYZE"))
    elif db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE " + ", ".join(CONTENT_TABLES)))
    else:
        return
    db.session.commit()
