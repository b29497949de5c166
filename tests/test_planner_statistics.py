"""The planner has statistics for the article pages' queries: imports and `kb serve` gather them.

Without them SQLite took the workflow-state index as selective and walked every published
article, in the outer query and again in the "reader's language" subquery for each row:
seconds per article page at a few thousand records. And the visibility rule once had the
database collect every public contact for each query an anonymous reader's page ran.
PostgreSQL guesses until autovacuum analyses a bulk load: article pages were 2-3x slower.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from bench.generate_corpus import generate
from kb.browse.queries import reader_filter, relations
from kb.content import models
from kb.content.models import Article, Contact, Organisation, Project, ProjectPartner
from kb.core.planner import CONTENT_TABLES, refresh_planner_statistics
from kb.extensions import db
from search_index import Audience

READER = Audience(today=dt.date(2026, 1, 1))
PLAN_RECORDS = 2000


@pytest.fixture
def sqlite(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the query plans checked are SQLite's")


@pytest.fixture
def postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statistics")


def analysed_tables() -> set[str]:
    """Tables an ANALYZE statement gathered statistics for (on PostgreSQL not autovacuum)."""
    if db.engine.dialect.name == "postgresql":
        return set(db.session.scalars(text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")))
    if not db.session.scalar(text("SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'sqlite_stat1'")):
        return set()
    return set(db.session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))


def plan(query) -> str:
    """SQLite's plan for a query, one step a line."""
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return "\n".join(row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))


def test_an_import_that_adds_records_gathers_statistics(load) -> None:
    assert "article" not in analysed_tables()
    load("every_field.jsonl")
    assert {"article", "contact", "project_partner"} <= analysed_tables()


def test_postgres_analyses_every_content_table_after_an_import(postgres, load) -> None:
    load("every_field.jsonl")
    assert set(CONTENT_TABLES) <= analysed_tables()
    # The planner's row counts and column statistics, not just the timestamp.
    assert db.session.scalar(text(
        "SELECT reltuples FROM pg_class WHERE relname = 'article'")) == 10
    assert db.session.scalar(text(
        "SELECT count(*) FROM pg_stats WHERE tablename = 'article' AND attname = 'state'"))


def test_serving_gathers_statistics_for_a_database_grown_by_editing(app) -> None:
    db.session.add(Organisation(id="org", title="Verein", language="de", state="published"))
    db.session.commit()
    assert "article" not in analysed_tables()
    refresh_planner_statistics()  # what `kb serve` runs before it forks
    assert "article" in analysed_tables()


def test_content_tables_are_every_table_of_the_content_models() -> None:
    # A new link table left out would be planned from guesses after imports on PostgreSQL.
    outbox = {models.ChangeEvent.__tablename__, models.SearchNode.__tablename__}
    tables = {mapper.local_table.name for mapper in db.Model.registry.mappers
              if mapper.class_.__module__ == models.__name__}
    assert set(CONTENT_TABLES) == tables - outbox


def test_refreshing_statistics_keeps_the_pages_right(load) -> None:
    load("every_field.jsonl")
    before = relations(db.session.get(Article, "org-child"), READER, "de")
    refresh_planner_statistics()
    after = relations(db.session.get(Article, "org-child"), READER, "de")
    assert {k: [a.id for a in v] for k, v in after.items()} == {
        k: [a.id for a in v] for k, v in before.items()}
    assert [a.id for a in after["people"]] == ["person-a"]


def people(org_id: str):
    return Contact, select(Contact).where(Contact.organisation_id.in_([org_id]))


def partner_projects(org_id: str):
    return Project, (select(Project).join(ProjectPartner)
                     .where(ProjectPartner.organisation_id.in_([org_id])))


@pytest.mark.parametrize("relation", [people, partner_projects])
def test_relations_follow_their_links_not_the_state_index(sqlite, load, relation) -> None:
    # Enough records that walking all published ones costs more than following links.
    records = list(generate(PLAN_RECORDS))
    load(records)
    org_id = next(r["id"] for r in records if r["type"] == "organisation")
    entity, query = relation(org_id)
    steps = plan(query.where(reader_filter(READER, "de", entity)))
    assert "ix_article_state" not in steps, steps
    # Nor does the visibility rule gather every public contact for the query.
    assert "LIST SUBQUERY" not in steps, steps
