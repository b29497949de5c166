"""Change events on PostgreSQL: a slow writer's lower number is never skipped by the index."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from kb.content.models import Organisation
from kb.extensions import db
from kb.search.sync import catch_up, get_index, latest_event
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="sequence numbers are handed out at insert only on PostgreSQL: "
           "run with scripts/with-postgres scripts/test")


def _organisation(article_id: str) -> Organisation:
    return Organisation(id=article_id, title=f"Verein {article_id}", language="de",
                        state="published")


def _waiting_on_advisory_lock() -> bool:
    """Tell whether some session of this database waits for an advisory lock."""
    with db.engine.connect() as connection:
        return bool(connection.scalar(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")))


def _wait(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def test_a_slow_transaction_cannot_commit_below_an_indexed_event(app):
    catch_up()
    engine = db.engine  # the writer thread has no app context
    slow = Session(engine)
    slow.add(_organisation("slow"))
    slow.flush()  # its change event has a number now, but is not committed

    fast_done = threading.Event()

    def fast_writer() -> None:
        with Session(engine) as fast:
            fast.add(_organisation("fast"))
            fast.commit()
        fast_done.set()

    thread = threading.Thread(target=fast_writer)
    thread.start()
    # Either the fast writer queues behind the slow one (the fix), or it commits first.
    _wait(lambda: fast_done.is_set() or _waiting_on_advisory_lock())
    catch_up()  # without ordering, this would index "fast" and move past "slow"'s number

    slow.commit()
    slow.close()
    thread.join(timeout=30)
    assert fast_done.is_set()
    catch_up()

    assert {"slow", "fast"} <= set(get_index().versions())
    assert get_index().checkpoint() == latest_event()


def test_writers_without_article_changes_take_no_lock(app):
    with Session(db.engine) as session:
        session.execute(text("SELECT 1"))
        session.commit()
        held = session.scalar(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"))
    assert held == 0
