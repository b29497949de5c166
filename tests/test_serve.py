"""Serving: static fingerprints and cache headers, start-up checks, a real `kb serve`."""

from __future__ import annotations

import re
import time

import click
import pytest

from kb.extensions import db
from kb.search.sync import get_index
from kb.serve import check_migrations, default_workers, ensure_index
from kb.static_assets import ONE_YEAR, fingerprint, static_url
from tests.servers import Node, get_json


def test_static_urls_carry_a_content_hash(app):
    with app.test_request_context():
        url = static_url("kb.css")
    assert url == f"/static/kb.css?v={fingerprint(app, 'kb.css')}"
    assert re.fullmatch(r"/static/kb\.css\?v=[0-9a-f]{12}", url)


def test_pages_link_fingerprinted_static_files(client):
    page = client.get("/de/").get_data(as_text=True)
    assert re.search(r'/static/kb\.css\?v=[0-9a-f]{12}"', page)


def test_fingerprinted_files_are_cached_for_a_year(client, app):
    response = client.get(f"/static/kb.css?v={fingerprint(app, 'kb.css')}")
    assert response.status_code == 200
    assert response.cache_control.max_age == ONE_YEAR
    assert response.cache_control.public and response.cache_control.immutable
    response.close()


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_other_static_requests_are_revalidated(client, query):
    response = client.get(f"/static/kb.css{query}")
    assert response.status_code == 200
    assert response.cache_control.max_age != ONE_YEAR and not response.cache_control.immutable
    response.close()


def test_serving_needs_a_migrated_database(app):
    check_migrations()  # the test database is at the head
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '35c88b07bf6c'")
    with pytest.raises(click.ClickException, match="kb db upgrade"):
        check_migrations()


def test_a_missing_index_is_built_before_serving(app, load, capsys):
    load([{"id": "org-1", "type": "organisation", "language": "de", "state": "published",
           "title": "Verein"}])
    ensure_index()
    assert "rebuilding it from the database" in capsys.readouterr().err
    assert set(get_index().versions()) == {"org-1"}


@pytest.mark.slow
def test_kb_serve_answers_with_several_workers(app, tmp_path, load):
    load([{"id": "org-1", "type": "organisation", "language": "de", "state": "published",
           "title": "Zaunkönigverein"}])
    db.session.remove()
    node = Node("serve-test", tmp_path / "node", app.config["SQLALCHEMY_DATABASE_URI"])
    node.start()
    try:
        health = node.wait_healthy()
        assert health["index"]["behind"] == 0
        assert node.search_ids("Zaunkönigverein") == {"org-1"}
        status, _ = get_json(f"{node.base}/api/v1/search?q=x&page=0")
        assert status == 400
    finally:
        node.stop()
    assert "rebuilding it from the database" in node.log()


def test_workers_hand_freed_heap_back_every_so_many_requests(monkeypatch):
    from kb import serve
    from kb.core import heap

    assert heap._malloc_trim() is not None  # glibc (Debian): the real function is found
    calls = []
    monkeypatch.setattr(serve, "trim_heap", lambda: calls.append(1))
    trimmer = serve.HeapTrimmer(every=3)
    for _ in range(7):
        trimmer()
    assert calls == [1, 1]  # after the 3rd and the 6th request


def test_the_poller_hands_freed_heap_back_after_applying_edits(app, monkeypatch):
    from kb.search import service

    trims, applied = [], [2]
    monkeypatch.setattr(service, "release_memory", lambda: trims.append(1))
    monkeypatch.setattr(service, "has_pending_changes", lambda app: True)
    monkeypatch.setattr(service, "catch_up", lambda app: applied.pop() if applied else 0)
    monkeypatch.setattr(service, "heartbeat", lambda app: None)
    poller = service.Poller(app, interval=0.01)
    poller.start()
    deadline = time.monotonic() + 5
    while len(trims) < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # further polls apply nothing: no further trims
    poller.stopped.set()
    poller.join(timeout=5)
    assert trims == [1]


@pytest.mark.parametrize("served,applied,released", [
    (True, 3, True), (True, 0, False), (False, 3, False)])
def test_a_served_worker_hands_back_memory_after_applying_its_own_edits(
        app, monkeypatch, served, applied, released):
    from flask import g

    from kb.search import service

    trims = []
    monkeypatch.setattr(service, "release_memory", lambda: trims.append(1))
    monkeypatch.setattr(service, "catch_up", lambda: applied)
    app.config["KB_RELEASE_AFTER_EDITS"] = served
    with app.test_request_context("/de/"):
        g._kb_index_dirty = True
        service._catch_up_after_request(None)
    assert trims == ([1] if released else [])


def test_workers_default_to_one_more_than_the_cores(monkeypatch):
    monkeypatch.delenv("KB_WORKERS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_workers() == 3
    monkeypatch.setenv("KB_WORKERS", "5")
    assert default_workers() == 5
