"""Several nodes, one database: node bookkeeping, pruning, and two real servers converging."""

from __future__ import annotations

import datetime as dt
import fcntl
import time
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.generate_corpus import generate
from kb import create_app
from kb.content.importer import import_lines
from kb.content.models import Article, ChangeEvent, SearchNode, utcnow
from kb.extensions import db
from kb.search.sync import catch_up, get_index, heartbeat, node_name, prune_events
from search_index import SearchIndex
from tests.conftest import POSTGRES_URL, jsonl
from tests.servers import Node

ORG = {"type": "organisation", "language": "de", "state": "published"}


def _org(number: int, title: str = "Verein") -> dict:
    return {**ORG, "id": f"org-{number}", "title": f"{title} {number}"}


def _nodes() -> dict[str, SearchNode]:
    db.session.expire_all()
    return {node.name: node for node in db.session.scalars(select(SearchNode))}


def _event_seqs() -> list[int]:
    return list(db.session.scalars(select(ChangeEvent.seq).order_by(ChangeEvent.seq)))


def _other_node(app, tmp_path: Path, name: str):
    """Return a second app on the same database with its own index folder."""
    return create_app({**app.config, "KB_INSTANCE_PATH": tmp_path / name,
                       "KB_INDEX_PATH": tmp_path / name / "search_index", "KB_NODE_NAME": name})


def test_catch_up_records_the_node_and_its_position(app, load):
    load([_org(1), _org(2)])
    catch_up()
    node = _nodes()[node_name(app)]
    assert node.applied_seq == get_index().checkpoint() == max(_event_seqs())


def test_the_default_node_name_is_host_and_index_folder(app):
    assert node_name(app).endswith(str(Path(app.config["KB_INDEX_PATH"]).resolve()))
    app.config["KB_NODE_NAME"] = "web-1"
    assert node_name(app) == "web-1"


def test_events_every_node_has_applied_are_pruned(app, load, tmp_path):
    load([_org(1)])
    load([_org(2)])
    catch_up()
    other = _other_node(app, tmp_path, "other")
    with other.app_context():
        catch_up(other)  # builds its index, registered at the newest event
    load([_org(3)])
    catch_up()  # this node moves on; "other" still needs the new event
    newest = max(_event_seqs())
    assert prune_events(app) > 0
    assert _event_seqs()[0] <= _nodes()["other"].applied_seq < newest
    with other.app_context():
        catch_up(other)
        assert get_index(other).versions() == get_index(app).versions()
        db.session.remove()
        db.engine.dispose()
    prune_events(app)
    assert _event_seqs() == [newest]  # the newest event always stays


def test_a_node_unseen_too_long_is_forgotten_and_rebuilds_on_return(app, load, tmp_path,
                                                                    caplog):
    load([_org(1)])
    other = _other_node(app, tmp_path, "away")
    with other.app_context():
        catch_up(other)
        db.session.remove()
        db.engine.dispose()
    load([_org(2, "Neu")])
    catch_up()
    stale = utcnow() - dt.timedelta(seconds=app.config["KB_NODE_EXPIRY_SECONDS"] + 60)
    db.session.execute(SearchNode.__table__.update()
                       .where(SearchNode.name == "away").values(last_seen=stale))
    db.session.commit()
    load([_org(3)])
    catch_up()
    prune_events(app)
    assert "away" not in _nodes()
    assert _event_seqs()[0] > get_index(other).checkpoint() + 1  # its changes are gone
    with other.app_context():
        catch_up(other)
        assert "were pruned" in caplog.text
        assert set(get_index(other).versions()) == {"org-1", "org-2", "org-3"}
        db.session.remove()
        db.engine.dispose()
    assert _nodes()["away"].applied_seq == max(_event_seqs())


def test_heartbeat_reports_and_prunes(app, load):
    load([_org(1)])
    catch_up()
    load([_org(2)])
    catch_up()
    app.config["KB_NODE_HEARTBEAT_SECONDS"] = 0
    heartbeat(app)
    assert _event_seqs() == [_nodes()[node_name(app)].applied_seq]


# --- two real servers on one PostgreSQL database ----------------------------------------

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="needs a shared PostgreSQL database: run with scripts/with-postgres scripts/test")

CONVERGE_SECONDS = 2.0


def _database_versions() -> dict[str, int]:
    db.session.expire_all()
    rows = db.session.execute(select(Article.id, Article.version)
                              .where(Article.deleted_at.is_(None)))
    return dict(rows.all())


def _wait_until(predicate, timeout: float, started: float | None = None) -> None:
    """Poll `predicate` until it holds; fail once `timeout` seconds have passed since `started`."""
    deadline = (started or time.monotonic()) + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not within {timeout} s"
        time.sleep(0.05)


def _node_lock_held(node: Node) -> bool:
    """Tell whether some process of `node` is inside catch-up (holding the node lock)."""
    path = node.index_path.parent / f"{node.index_path.name}.sync.lock"
    if not path.exists():
        return False
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _import(records: list[dict]) -> None:
    report = import_lines(jsonl(records))
    assert report.ok, [str(error) for error in report.errors]


@pytest.fixture
def corpus() -> list[dict]:
    return list(islice(generate(2400, seed=7), 2400))


@needs_postgres
@pytest.mark.slow
def test_two_nodes_follow_one_database(app, tmp_path, corpus):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    _import(corpus[:200])
    edited = next(record for record in corpus if record["type"] == "contact"
                  and record["state"] == "published" and record["visibility"] == "public")
    node_a = Node("node-a", tmp_path / "a", url).start()
    node_b = Node("node-b", tmp_path / "b", url).start()
    try:
        node_a.wait_healthy()
        node_b.wait_healthy()

        # An edit made with node A's configuration is found through both nodes within 2 s.
        node_a_app = create_app({"KB_INSTANCE_PATH": node_a.instance,
                                 "SQLALCHEMY_DATABASE_URI": url, "KB_NODE_NAME": "node-a"})
        with node_a_app.app_context():
            _import([{**edited, "title": "Zaunkönig Beratung"}])
            committed = time.monotonic()
            db.session.remove()
            db.engine.dispose()
        for node in (node_b, node_a):
            _wait_until(lambda node=node: edited["id"] in node.search_ids("Zaunkönig"),
                        CONVERGE_SECONDS, started=committed)

        # Node B dies mid catch-up of a large batch, comes back and converges.
        node_b.kill()
        # More events than one catch-up batch (2000), fewer than a rebuild takes over.
        changed = [{**record, "summary": f"Geändert {number}"}
                   for number, record in enumerate(corpus[:2000])]
        _import(changed + corpus[2000:])
        node_b.start()
        _wait_until(lambda: _node_lock_held(node_b) or node_b.process.poll() is not None, 120)
        node_b.kill()
        node_b.start()
        node_b.wait_healthy()
        for node in (node_a, node_b):
            _wait_until(lambda node=node: node.wait_healthy()["index"]["behind"] == 0, 60)

        expected = _database_versions()
        assert len(expected) == 2400
        assert SearchIndex(node_a.index_path).versions() == expected
        assert SearchIndex(node_b.index_path).versions() == expected
    finally:
        node_a.stop()
        node_b.stop()
