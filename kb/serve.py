"""`kb serve`: the production server, gunicorn with one app per worker.

The app is built in each worker after the fork (no preload): every worker opens its own
database connections, its own index searcher and its own poller thread, which follows
the change events written by any process or node. Before forking, the master checks
that the database is migrated and that this node's index is readable (rebuilding it
from the database if not), so workers start serving at once.

Other WSGI servers or a hand-written gunicorn command can use the factory
`kb.serve:create_serving_app()`.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from gunicorn.app.base import BaseApplication

from kb.core.heap import trim_heap

log = logging.getLogger(__name__)


def create_serving_app() -> Flask:
    """Build the app for one serving process, warm its search and start its index poller."""
    from kb import create_app
    from kb.search.service import start_poller

    app = create_app({"KB_RELEASE_AFTER_EDITS": True})
    warm_up(app)
    # The index snapshot and the warmed caches live as long as the worker: frozen, a full
    # collection (some 200 ms at 100k articles, stalling every request in flight) skips them.
    gc.collect()
    gc.freeze()
    start_poller(app)
    return app


def warm_up(app: Flask) -> None:
    """Open the index and load the analysers now, not during a reader's first search.

    The German analysis data take seconds to load; every worker would otherwise make
    its first readers (one per worker) wait for it.
    """
    from kb.core.permissions import Role, audience_for
    from kb.search import service
    from search_index import SearchRequest

    started = time.perf_counter()
    with app.app_context():
        try:
            for lang in ("de", "en"):
                # the typo reads the vocabulary that near spellings are looked up in
                for text in ("Beratung Integrationskurs", "Integratoinskurs"):
                    service.search(SearchRequest(text=text, lang=lang), audience_for(Role.public))
                service.suggest("Ber", audience_for(Role.public), lang=lang)
        except Exception:  # a cold first search is slower, not wrong
            log.exception("search warm-up failed")
        finally:
            from kb.extensions import db

            db.session.remove()
    log.info("worker %d ready in %.1f s", os.getpid(), time.perf_counter() - started)


TRIM_REQUESTS = 500  # requests between handing freed heap memory back to the system


class HeapTrimmer:
    """A gunicorn post_request hook: every TRIM_REQUESTS requests, malloc_trim(0).

    Searches allocate and free arrays of all sizes; glibc keeps freed heap pages mapped,
    so a worker's resident memory drifts upwards by tens of MB over a day although the
    memory is free. malloc_trim returns those pages (a few milliseconds). Without glibc
    (another libc) this does nothing.
    """

    def __init__(self, every: int = TRIM_REQUESTS):
        self.every = every
        self.served = 0

    def __call__(self, worker=None, req=None, environ=None, resp=None) -> None:
        self.served += 1
        if self.served % self.every == 0:
            trim_heap()


class KbServer(BaseApplication):
    """Gunicorn run from Python, configured by `kb serve` options instead of argv."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings vary between gunicorn releases
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_serving_app()


class NotMigrated(click.ClickException):
    """The database schema is not at the code's migration head."""


def check_migrations() -> None:
    """Refuse to serve unless the database is at the migrations' head."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from kb.extensions import db

    config = current_app.extensions["migrate"].migrate.get_config()
    expected = set(ScriptDirectory.from_config(config).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current != expected:
        raise NotMigrated(
            f"database at migration {sorted(current) or 'none'}, code expects "
            f"{sorted(expected)}: run `kb db upgrade` first"
        )


def ensure_index() -> None:
    """Rebuild this node's index from the database if it is missing or unreadable."""
    from kb.search.sync import catch_up, get_index, rebuild

    problem = get_index().check()
    if problem:
        click.echo(f"search index {problem}: rebuilding it from the database", err=True)
        count = rebuild()
        click.echo(f"search index rebuilt: {count} articles", err=True)
    else:
        catch_up()  # a stopped node applies what it missed before taking requests


def in_child_process(task) -> None:
    """Run a task in a forked child and wait for it; raise if it failed.

    Gunicorn's workers are forked from this process and inherit its memory. Catching up
    reads the index (at 100k articles some 60 MB of snapshot) that workers would carry,
    count in their memory and never use: they open the index afresh.
    """
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=task, name="kb-prepare")
    child.start()
    child.join()
    if child.exitcode != 0:
        raise click.ClickException(f"preparing the search index failed (exit {child.exitcode})")


def share_analysis_data() -> None:
    """Load the word lists and stemmers in the master, so its forked workers share them.

    About 20 MB per worker otherwise. gc.freeze() keeps the collector from writing to
    (and so copying) the shared objects' pages in every worker.
    """

    from search_index.terms import analyze

    for family in ("de", "en", "fold"):
        analyze(family, "Arbeitsmarktintegration Beratungsstellen")
    analyze.cache_clear()
    gc.collect()
    gc.freeze()


def default_workers() -> int:
    """KB_WORKERS, else one worker per core and one more.

    A sync worker is idle while it reads a request and writes its answer; one more than
    the cores keeps them busy. At 100k articles on 2 cores, 3 workers served 208-212
    search requests/s (p99 220 ms) where 2 served 158 (p99 296 ms) and 4 served 181.
    """
    return int(os.environ.get("KB_WORKERS") or (os.cpu_count() or 1) + 1)


@click.command("serve")
@click.option("--bind", default=lambda: os.environ.get("KB_BIND", "127.0.0.1:8000"),
              show_default="KB_BIND or 127.0.0.1:8000", help="Address:port or unix:PATH.")
@click.option("--workers", type=click.IntRange(min=1), default=default_workers,
              show_default="KB_WORKERS or cores + 1", help="Worker processes.")
@click.option("--threads", type=click.IntRange(min=1),
              default=lambda: int(os.environ.get("KB_THREADS") or 1),
              show_default="KB_THREADS or 1", help="Threads per worker (>1: gthread workers).")
@click.option("--timeout", type=int, default=60, show_default=True,
              help="Seconds before a silent worker is restarted.")
@click.option("--access-log/--no-access-log", default=False,
              help="Log every request to standard output.")
@with_appcontext
def serve_command(bind: str, workers: int, threads: int, timeout: int,
                  access_log: bool) -> None:
    """Serve the site with gunicorn (behind a reverse proxy in production)."""
    from kb.core.planner import refresh_planner_statistics
    from kb.extensions import db

    check_migrations()
    # A database that grew through editing has never been analysed; serving starts here.
    refresh_planner_statistics()
    db.engine.dispose()  # no connection crosses a fork
    in_child_process(ensure_index)
    share_analysis_data()
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 20,
        "preload_app": False,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "proc_name": "kb",
        "post_request": HeapTrimmer(),
        # One control socket per user by default: several nodes on one host would collide.
        "control_socket_disable": True,
    }
    click.echo(f"serving on {bind} with {workers} worker(s)", err=True)
    KbServer(options).run()
