"""Search engine speed at scale: rebuild rate, search latency with all facets, edit latency.

    .venv/bin/python bench/search_speed.py --count 100000 --queries 300

Prints rebuild records/s, search p50/p95 (every facet counted), edit-to-searchable latency,
peak RSS, and SQLite FTS5 (unicode61 remove_diacritics 2) on the same records and queries.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.exchange_docs import convert  # noqa: E402
from bench.standin_corpus import generate, queries  # noqa: E402

try:  # the project's realistic generator; the stand-in while it is unavailable or broken
    from bench import generate_corpus as _gen

    list(_gen.generate(40, 1)), _gen.queries(3, 1)
    generate, queries = _gen.generate, _gen.queries  # noqa: F811
except Exception as exc:  # any failure of the generator means "use the stand-in"
    print(f"(bench/generate_corpus.py unusable: {exc!r}; using the stand-in corpus)")
from search_index import Audience, SearchIndex, SearchRequest  # noqa: E402

TODAY = dt.date(2026, 11, 1)
_FTS_WORD = re.compile(r"\w+")


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def peak_rss_mb() -> tuple[float, float]:
    """Return peak RSS of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def requests(count: int, seed: int) -> list[tuple[SearchRequest, Audience]]:
    """Turn the generator's query mix into requests (a `state` filter means an editor)."""
    out = []
    for q in queries(count, seed):
        filters = {k: tuple(v) for k, v in q.get("filters", {}).items() if k != "open_on"}
        editor = "state" in filters
        audience = Audience(include_internal=editor, include_unpublished=editor, today=TODAY)
        open_on = q.get("filters", {}).get("open_on")
        req = SearchRequest(text=q["q"], lang=q.get("lang", "de"), filters=filters,
                            open_on=dt.date.fromisoformat(open_on[0]) if open_on else None)
        out.append((req, audience))
    return out


def bench_rebuild(ix: SearchIndex, count: int, seed: int) -> float:
    """Rebuild from generated records; return records per second."""
    start = time.perf_counter()
    n = ix.rebuild(convert(generate(count, seed)), checkpoint=1)
    rate = n / (time.perf_counter() - start)
    print(f"rebuild: {n} records, {rate:,.0f} records/s")
    return rate


def bench_search(ix: SearchIndex, reqs) -> list[float]:
    """Run every request once (after one warm-up pass); return latencies in ms."""
    ix.search(*reqs[0])
    for req, aud in reqs:  # warm the per-generation caches like a running server
        ix.search(req, aud)
    times = []
    for req, aud in reqs:
        start = time.perf_counter()
        ix.search(req, aud)
        times.append((time.perf_counter() - start) * 1000)
    print(f"search with all facets: p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms ({len(times)} queries)")
    return times


def bench_edit(ix: SearchIndex, count: int, seed: int) -> float:
    """Change one published document and time until a search finds the new word."""
    doc = next(d for d in convert(generate(50, seed)) if d.state == "published")
    edited = dataclasses.replace(doc, title=doc.title + " Zebrafink", version=doc.version + 1)
    start = time.perf_counter()
    ix.apply([edited], [], checkpoint=2)
    req = SearchRequest(text="Zebrafink")
    while ix.search(req, Audience(today=TODAY)).total < 1:
        time.sleep(0.01)
    took = time.perf_counter() - start
    print(f"edit-to-searchable: {took * 1000:.0f} ms (checkpoint {ix.checkpoint()})")
    return took


def bench_fts(count: int, seed: int, reqs) -> list[float]:
    """Same records and query texts in SQLite FTS5 with type/language/region GROUP BYs."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, type UNINDEXED, "
               "language UNINDEXED, title, summary, body, "
               "tokenize='unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?)", (
        (r["id"], r["type"], r["language"], r["title"], r.get("summary", ""), r.get("body", ""))
        for r in generate(count, seed)))
    db.commit()
    print(f"fts5 build: {count / (time.perf_counter() - start):,.0f} records/s")
    times = []
    for req, _ in reqs:
        words = _FTS_WORD.findall(req.text)
        if not words:
            continue
        match = " ".join(f'"{w}"' for w in words)
        start = time.perf_counter()
        db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
                   (match,)).fetchall()
        db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchall()
        for col in ("type", "language"):
            db.execute(f"SELECT {col}, count(*) FROM docs WHERE docs MATCH ? GROUP BY {col}",
                       (match,)).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    print(f"fts5 search + 2 facets: p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms")
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--no-fts", action="store_true")
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    ix = SearchIndex(root)
    bench_rebuild(ix, args.count, args.seed)
    reqs = requests(args.queries, args.seed)
    times = bench_search(ix, reqs)
    bench_edit(ix, args.count, args.seed)
    own, kids = peak_rss_mb()
    print(f"peak RSS: {own:.0f} MB (this process), {kids:.0f} MB (largest indexing child)")
    if not args.no_fts:
        fts = bench_fts(args.count, args.seed, reqs)
        print(f"ratio engine/fts5: p50 {statistics.median(times) / statistics.median(fts):.1f}x, "
              f"p95 {percentile(times, 95) / percentile(fts, 95):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
