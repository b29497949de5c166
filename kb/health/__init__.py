"""Health check for load balancers and monitoring: /healthz."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import select, text

from kb.content.models import ChangeEvent, utcnow
from kb.extensions import db

bp = Blueprint("health", __name__)


def _database() -> dict[str, Any]:
    """Say whether the database answers (no details: they could name hosts or users)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # whatever the failure, the answer is "not reachable"
        db.session.rollback()
        return {"ok": False}
    return {"ok": True}


def _pending_age(checkpoint: int) -> float:
    """Return how many seconds the oldest change the index lacks has been waiting."""
    created = db.session.scalar(
        select(ChangeEvent.created).where(ChangeEvent.seq > checkpoint)
        .order_by(ChangeEvent.seq).limit(1)
    )
    return max(0.0, (utcnow() - created).total_seconds()) if created else 0.0


def _index(database_ok: bool) -> dict[str, Any]:
    """Say whether the index is readable and how far behind the database it is."""
    from kb.search.sync import get_index, latest_event

    index = get_index()
    problem = index.check()
    report: dict[str, Any] = {"ok": problem is None}
    if problem is not None:
        report["problem"] = problem.split(":", 1)[0]  # "missing" or "unreadable", no paths
        return report
    checkpoint = index.checkpoint()
    report["checkpoint"] = checkpoint
    if database_ok:
        latest = latest_event()
        age = _pending_age(checkpoint) if latest > checkpoint else 0.0
        limit = current_app.config.get("KB_HEALTH_MAX_LAG_SECONDS", 60.0)
        report.update(latest_event=latest, behind=max(0, latest - checkpoint),
                      lag_seconds=round(age, 1), ok=age <= limit)
    return report


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database and the index serve, 503 otherwise."""
    database = _database()
    index = _index(database["ok"])
    healthy = database["ok"] and index["ok"]
    body = {"status": "ok" if healthy else "unhealthy", "database": database, "index": index,
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register /healthz."""
    app.register_blueprint(bp)
