"""/healthz: database, index and how far the index is behind, without private data."""

from __future__ import annotations

import datetime as dt

from kb import create_app
from kb.content.models import ChangeEvent, utcnow
from kb.extensions import db
from kb.search.sync import catch_up

ORG = {"id": "org-1", "type": "organisation", "language": "de", "state": "published",
       "title": "Verein"}


def test_healthy_once_the_index_is_built(client, load):
    load([ORG])
    catch_up()
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["index"]["behind"] == 0
    assert body["index"]["checkpoint"] == body["index"]["latest_event"] > 0
    assert response.headers["Cache-Control"] == "no-store"


def test_a_missing_index_is_unhealthy_and_no_path_is_shown(client, app):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["index"] == {"ok": False, "problem": "missing"}
    text = response.get_data(as_text=True)
    assert str(app.instance_path) not in text and "sqlite" not in text


def test_a_few_fresh_changes_behind_are_healthy(client, load):
    catch_up()
    load([ORG])
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["index"]["behind"] >= 1


def test_a_change_waiting_too_long_is_unhealthy(client, app):
    catch_up()
    db.session.add(ChangeEvent(article_id="org-1", created=utcnow() - dt.timedelta(minutes=5)))
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["index"]["lag_seconds"] >= 300


def test_an_unreachable_database_is_unhealthy(tmp_path):
    app = create_app({"KB_INSTANCE_PATH": tmp_path, "SECRET_KEY": "x", "KB_INDEX_POLL_SECONDS": 0,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/kb.sqlite"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == {"ok": False} and body["status"] == "unhealthy"
    assert "missing/dir" not in response.get_data(as_text=True)
