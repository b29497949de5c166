"""Page speed: server-side render time of article and search pages, p50/p95/max per kind.

    .venv/bin/python bench/page_speed.py [--count 100000] [--seed 1] [--dir DIR]
        [--samples 100] [--queries 400] [--warmup 20]

Generates the corpus (bench/generate_corpus.py), imports it and builds the index as
bench/load.py does, in --dir (a new temp folder unless given; a folder an earlier run
prepared for the same --count and --seed is reused as it is). Then renders pages through
the Flask app in this process (app.test_client(): the whole request, no HTTP socket):
article pages of every type in German and English, and the search page with the
generator's query mix, without and with facet filters; each as an anonymous reader and
as signed-in staff (on pages of its own). A warm-up pass over other pages of every kind
comes first, so the figures are those of a running server, not of its first requests;
after it the heap is frozen, as `kb serve` freezes each worker's after its warm-up.
Everything is seeded.

Prints the record count, the load average and a reference loop's time before and after
(other work on the machine, or a slower machine, slows every figure), the spread of
identical work (its p95 over its p50: the machine's share of every p95), and per kind of
page the wall-clock p50/p95/max, the p95 of this thread's CPU time (less disturbed by
other processes) and, for search pages, the p95 of the time spent inside the search engine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate, queries  # noqa: E402
from bench.load import article_paths, prepare  # noqa: E402
from bench.search_speed import load, machine_jitter, machine_speed, percentile  # noqa: E402

STAFF_EMAIL = "bench-staff@example.org"
STAFF_PASSWORD = "page-speed-benchmark"
TYPES = ("organisation", "contact", "project", "programme")
# Filters of the query mix the search page has no control for (the workflow state is the
# editors' dashboard's business): dropped from the page URLs.
NOT_ON_THE_PAGE = ("state",)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="work folder, reused when it fits")
    parser.add_argument("--samples", type=int, default=100,
                        help="article pages per type and language")
    parser.add_argument("--queries", type=int, default=400, help="search pages")
    parser.add_argument("--warmup", type=int, default=20, help="untimed pages per kind")
    return parser.parse_args()


# --- the corpus -------------------------------------------------------------------------


def prepared(work: Path, count: int, seed: int) -> list[dict]:
    """Return the records, importing and indexing them unless `work` holds them already."""
    instance, stamp = work / "instance", work / "page_speed.json"
    wanted = {"count": count, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        print(f"reusing the database and index in {work}", flush=True)
        bring_up_to_date(instance)  # a folder prepared by an earlier version of the code
        return list(generate(count, seed))
    shutil.rmtree(instance, ignore_errors=True)
    instance.mkdir(parents=True)
    options = SimpleNamespace(count=count, seed=seed, index_from=None)
    records = prepare(options, instance, f"sqlite:///{instance / 'kb.sqlite'}")
    stamp.write_text(json.dumps(wanted))
    return records


# --- the pages --------------------------------------------------------------------------


def article_kinds(records: list[dict], samples: int, seed: int) -> dict[str, list[str]]:
    """Pick `samples` published pages per type and language: {"contact en": [paths]}."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for path in article_paths(records, len(records), seed):
        _, lang, type_, _ = path.split("/", 3)
        if len(kinds[f"{type_} {lang}"]) < samples:
            kinds[f"{type_} {lang}"].append(path)
    return {f"{t} {lang}": kinds[f"{t} {lang}"] for t in TYPES for lang in ("de", "en")}


def search_path(query: dict) -> tuple[str, bool]:
    """Return a search page URL for one query of the mix, and whether it filters."""
    params = [("q", query["q"])]
    for name, values in query["filters"].items():
        if name not in NOT_ON_THE_PAGE:
            params.extend((name, value) for value in values)
    return f"/{query['lang']}/search?{urlencode(params)}", len(params) > 1


def search_kinds(count: int, seed: int) -> dict[str, list[str]]:
    """Split the generator's query mix into search pages without and with facet filters."""
    kinds: dict[str, list[str]] = {"search": [], "search + filters": []}
    for query in queries(count, seed):
        path, filtered = search_path(query)
        kinds["search + filters" if filtered else "search"].append(path)
    return kinds


def page_kinds(records: list[dict], args, seed: int) -> dict[str, list[str]]:
    return {**article_kinds(records, args.samples, seed), **search_kinds(args.queries, seed)}


def bring_up_to_date(instance: Path) -> None:
    """Migrate a reused database, and rebuild its index if this version cannot use it,
    before anything is timed."""
    from flask_migrate import upgrade

    from kb import create_app
    from kb.search.sync import get_index, rebuild

    app = create_app({"KB_INSTANCE_PATH": instance, "KB_INDEX_SYNC": False})
    with app.app_context():
        upgrade()
        problem = get_index(app).check()
        if problem:
            print(f"search index {problem}: rebuilding it", flush=True)
            rebuild(app)


# --- rendering --------------------------------------------------------------------------


def staff_client(app):
    """Return a test client signed in as a staff account (made on the first run)."""
    from kb.accounts.models import User
    from kb.extensions import db
    from tests.helpers import login, use_fast_hashing

    with app.app_context():
        if db.session.query(User).filter_by(email=STAFF_EMAIL).first() is None:
            use_fast_hashing()
            user = User(email=STAFF_EMAIL, name="Bench Staff", role="staff")
            user.set_password(STAFF_PASSWORD)
            db.session.add(user)
            db.session.commit()
    client = app.test_client()
    response = login(client, STAFF_EMAIL, STAFF_PASSWORD)
    if response.status_code != 302:
        raise SystemExit(f"staff sign-in failed: {response.status_code}")
    return client


@dataclass
class Timings:
    """Milliseconds per page of one row: wall clock, this thread's CPU, in the search engine."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)


class EngineClock:
    """Add up the wall time spent in the search engine (search_index/ is timed on its own
    by bench/search_speed.py; this tells the page's share apart from the engine's)."""

    def __init__(self) -> None:
        from kb.search import service

        self.spent = 0.0
        original = service.search

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        service.search = timed


def render(client, path: str, clock: EngineClock, timings: Timings) -> None:
    """Request one page and note its times (a page that does not answer 200 stops the run)."""
    clock.spent = 0.0
    started, cpu_started = time.perf_counter(), time.thread_time()
    response = client.get(path)
    timings.cpu.append((time.thread_time() - cpu_started) * 1000)
    timings.wall.append((time.perf_counter() - started) * 1000)
    timings.engine.append(clock.spent * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


def run(client, kinds: dict[str, list[str]], clock: EngineClock) -> dict[str, Timings]:
    """Render every page of every kind as one client; return the times per kind."""
    rows: dict[str, Timings] = {}
    for kind, paths in kinds.items():
        rows[kind] = Timings()
        for path in paths:
            render(client, path, clock, rows[kind])
    return rows


def run_all(clients: dict, records: list[dict], args) -> dict[str, Timings]:
    """Warm up, then time, each client on pages of its own; return the times per row.

    Other pages than the timed ones warm the caches; and each audience gets its own pages,
    since a page (or query) the other audience has just rendered is warm in every cache.
    """
    clock = EngineClock()
    rows: dict[str, Timings] = {}
    for number, (who, client) in enumerate(clients.items()):
        seed = args.seed + 2 * number
        warmup = page_kinds(records, args, seed + 1)
        run(client, {kind: paths[:args.warmup] for kind, paths in warmup.items()}, clock)
        freeze_heap()
        timed = run(client, page_kinds(records, args, seed), clock)
        rows.update((f"{kind} ({who})", timings) for kind, timings in timed.items())
    return rows


def freeze_heap() -> None:
    """Freeze what is alive now, as `kb serve` does in each worker after its warm-up.

    Without it a full garbage collection walks the snapshot, the warmed caches and this
    process's copy of the whole corpus (which a worker does not hold): pauses of 150 ms
    and more that a served worker does not have.
    """
    gc.collect()
    gc.freeze()


def _figures(values: list[float]) -> str:
    return f"{percentile(values, 50):8.1f} {percentile(values, 95):8.1f} {max(values):8.1f}"


def report(rows: dict[str, Timings]) -> None:
    print(f"{'page kind':<32} {'pages':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'cpu p95':>8} {'engine p95':>10}")
    for row, t in rows.items():
        engine = f"{percentile(t.engine, 95):10.1f}" if any(t.engine) else f"{'-':>10}"
        print(f"{row:<32} {len(t.wall):>5} {_figures(t.wall)} {percentile(t.cpu, 95):8.1f} "
              f"{engine}")
    for group in ("article", "search"):
        chosen = [t for row, t in rows.items() if (group == "search") == row.startswith("search")]
        wall = [ms for t in chosen for ms in t.wall]
        print(f"all {group} pages ({len(wall)}): p50 {percentile(wall, 50):.1f} ms, "
              f"p95 {percentile(wall, 95):.1f} ms, max {max(wall):.1f} ms")
    outside = [w - e for row, t in rows.items() if row.startswith("search")
               for w, e in zip(t.wall, t.engine, strict=True)]
    print(f"search pages without the engine's time: p50 {percentile(outside, 50):.1f} ms, "
          f"p95 {percentile(outside, 95):.1f} ms")


def record_count(app) -> int:
    from sqlalchemy import func, select

    from kb.content.models import Article
    from kb.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article))


def main() -> None:
    args = parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="kb-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    records = prepared(work, args.count, args.seed)

    from kb import create_app
    from kb.core.planner import refresh_planner_statistics

    app = create_app({"KB_INSTANCE_PATH": work / "instance"})
    with app.app_context():
        refresh_planner_statistics()  # as `kb serve` does before it serves
    clients = {"anonymous": app.test_client(), "staff": staff_client(app)}
    print(f"records: {record_count(app)}, {os.cpu_count()} cores, "
          f"load average before: {load()}, {machine_speed()}", flush=True)
    print(f"machine jitter before: {machine_jitter()}", flush=True)
    rows = run_all(clients, records, args)
    print(f"load average after: {load()}, {machine_speed()}")
    print(f"machine jitter after: {machine_jitter()}")
    report(rows)
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
