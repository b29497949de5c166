"""Full rebuilds read articles straight from the tables, in the indexing workers."""

from __future__ import annotations

from sqlalchemy import select

from bench.generate_corpus import generate
from kb.content.models import Article, Organisation, full_load_options
from kb.extensions import db
from kb.search.documents import build_documents, load_live_articles
from kb.search.sync import catch_up, get_index, live_article_ids, rebuild
from search_index import PUBLIC, SearchRequest


def _orm_documents(ids: list[str]) -> list:
    articles = db.session.scalars(
        select(Article).where(Article.id.in_(ids), Article.deleted_at.is_(None))
        .options(*full_load_options())
    ).all()
    return sorted(build_documents(list(articles)), key=lambda d: d.id)


def test_light_articles_give_the_documents_orm_articles_give(load):
    load("every_field.jsonl")
    load(list(generate(120, 3)))
    db.session.get(Organisation, "org-partner").deleted_at = db.func.now()
    db.session.commit()
    ids = list(db.session.scalars(select(Article.id)))
    light = sorted(build_documents(load_live_articles(ids)), key=lambda d: d.id)
    assert light == _orm_documents(ids)
    assert "org-partner" not in {d.id for d in light}


def test_rebuild_in_workers_indexes_every_live_article(load, app):
    load("every_field.jsonl")
    load(list(generate(600, 5)))  # more than one job per worker
    catch_up()
    held = db.session.get(Organisation, "org-partner")  # the caller's session is its own
    seen: list[int] = []
    count = rebuild(progress=seen.append)
    assert held in db.session and held.title
    stored = dict(db.session.execute(
        select(Article.id, Article.version).where(Article.deleted_at.is_(None))).all())
    assert count == len(stored) == len(live_article_ids())
    assert get_index().versions() == stored
    assert seen[-1] == count
    assert get_index().search(SearchRequest(text="Anna Beispiel"), PUBLIC).total >= 1
    assert catch_up() == 0


def test_rebuild_of_an_in_memory_database_reads_it_in_this_process(tmp_path):
    from kb import create_app
    from kb.content.importer import import_lines
    from tests.conftest import jsonl

    app = create_app({"KB_INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "test", "TESTING": True, "KB_INDEX_POLL_SECONDS": 0})
    with app.app_context():
        db.create_all()
        assert import_lines(jsonl(generate(30, 2))).ok
        db.session.commit()
        assert rebuild() == 30
        assert get_index().versions() == dict(
            db.session.execute(select(Article.id, Article.version)).all())
        db.session.remove()
