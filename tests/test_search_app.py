"""Search inside the app: the index follows committed changes; the API keeps its contract."""

from __future__ import annotations

import pytest

from kb.content.importer import import_lines
from kb.content.models import Article, Contact, Organisation
from kb.extensions import db
from kb.search.sync import catch_up, get_index, rebuild
from search_index import PUBLIC, SearchRequest
from tests.conftest import jsonl


def ids(text: str, **filters) -> list[str]:
    request = SearchRequest(text=text, filters={k: tuple(v) for k, v in filters.items()})
    return [hit.id for hit in get_index().search(request, PUBLIC).hits]


@pytest.fixture
def indexed(load):
    load("every_field.jsonl")
    catch_up()


def test_import_reaches_the_index_after_catch_up(indexed):
    assert ids("Anna Beispiel") == ["person-a"]


def test_committed_edit_is_searchable_and_rolled_back_edit_never_is(indexed):
    organisation = db.session.get(Organisation, "org-partner")
    organisation.title = "Verein Regenbogenbrücke e. V."
    db.session.commit()
    catch_up()
    assert ids("Regenbogenbrücke") == ["org-partner"]

    organisation.title = "Geheimtitel Zauberwald"
    db.session.flush()
    db.session.rollback()
    catch_up()
    assert ids("Zauberwald") == []
    assert ids("Regenbogenbrücke") == ["org-partner"]


def test_renaming_an_organisation_updates_its_contacts(indexed):
    db.session.get(Organisation, "org-child").title = "Amt für Willkommenskultur"
    db.session.commit()
    catch_up()
    assert "person-a" in ids("Willkommenskultur", type=["contact"])


def test_deleted_and_trashed_articles_leave_the_index(indexed):
    db.session.delete(db.session.get(Contact, "person-a-en"))
    db.session.get(Organisation, "org-partner").deleted_at = db.func.now()
    db.session.commit()
    catch_up()
    versions = get_index().versions()
    assert "person-a-en" not in versions and "org-partner" not in versions


def test_index_versions_equal_the_database_after_changes(indexed):
    db.session.get(Organisation, "org-parent").summary = "Neu"
    db.session.commit()
    catch_up()
    stored = dict(db.session.execute(db.select(Article.id, Article.version)).all())
    assert get_index().versions() == stored


def test_missing_index_is_rebuilt_on_catch_up(indexed, app, caplog):
    root = app.config["KB_INDEX_PATH"]
    for path in root.iterdir():
        if path.is_symlink():
            path.unlink()
    assert get_index().check() is not None
    catch_up()
    assert get_index().check() is None
    assert "rebuilding it from the database" in caplog.text
    assert ids("Anna Beispiel") == ["person-a"]


def test_rebuild_keeps_the_checkpoint_of_the_database(indexed):
    count = rebuild()
    assert count == db.session.scalar(db.select(db.func.count()).select_from(Article))
    assert catch_up() == 0


def test_a_request_that_commits_is_searchable_when_it_answers(app, client):
    import_lines(jsonl([{"id": "o1", "type": "organisation", "language": "de",
                         "title": "Erste Stelle", "state": "published"}]))
    catch_up()

    @app.post("/_test/rename")
    def rename():
        db.session.get(Organisation, "o1").title = "Umbenannte Fachstelle"
        db.session.commit()
        return "ok"

    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post("/_test/rename").status_code == 200
    assert ids("Fachstelle") == ["o1"]
