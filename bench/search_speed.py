"""Search engine speed at scale: rebuild rate, search latency with all facets, edit latency.

    nice .venv/bin/python bench/search_speed.py --count 100000 --queries 300

Documents come from the app's own code, without a database: the importer's record -> Article
mapping (kb.content.records, unsaved objects) and kb.search.documents.build_document, so the
indexed text is what `kb reindex` indexes. Prints the load average before and after (other work
on the machine slows every figure), rebuild records/s (conversion included, and the engine
alone), search p50/p95 with every facet counted, edit-to-searchable latency, peak RSS of this
process and of the largest indexing worker, and SQLite FTS5 (unicode61 remove_diacritics 2) on
the same records and query texts as a ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_corpus import generate, queries  # noqa: E402
from search_index import Audience, SearchIndex, SearchRequest  # noqa: E402

TODAY = dt.date(2026, 11, 1)
_FTS_WORD = re.compile(r"\w+")


def convert(records, facts: dict | None = None):
    """Yield the app's IndexDocuments for exchange records (references point backwards).

    Each record becomes the light article `kb reindex` reads from the tables (the importer's
    field mapping, kb.content.records), then kb.search.documents.build_document. `facts`
    (id -> OrgFacts) holds what earlier records lend to these; without it the records are
    the whole corpus, in order.
    """
    from kb.content.records import parse_datetime
    from kb.search.documents import OrgFacts, build_document

    facts = {} if facts is None else dict(facts)
    for record in records:
        article = _light_article(record)
        article.version = 1
        article.created = parse_datetime(record["created"]) if "created" in record else None
        article.modified = parse_datetime(record["modified"]) if "modified" in record else None
        yield build_document(article, facts)
        facts[article.id] = OrgFacts(article.title, getattr(article, "city", None),
                                     tuple(article.regions or ()))


def _light_article(record):
    """Map a record onto an article's attributes as the importer does, without the ORM."""
    from kb.content.records import LIST_REFERENCES, plain_values, reference_values
    from kb.search.documents import light_article

    values = {"id": record["id"], **plain_values(record), **reference_values(record)}
    for (record_type, field), (_, _, column, links) in LIST_REFERENCES.items():
        if record_type == record["type"]:
            values[links] = [SimpleNamespace(**{column: target})
                             for target in record.get(field) or []]
    return light_article(record["type"], values)


JOB_RECORDS = 200  # records per job handed to an indexing worker


def record_jobs(records):
    """Group records into jobs for the indexing workers: (records, facts they refer to).

    The facts are read off the raw records (what convert derives from the articles), so this
    process only generates records; converting them happens in the workers.
    """
    from kb.content.records import references_of
    from kb.search.documents import OrgFacts

    facts: dict = {}
    batch: list = []
    lent: dict = {}
    for record in records:
        for _, target, _ in references_of(record):
            if target in facts:
                lent[target] = facts[target]
        batch.append(record)
        city = (record.get("address") or {}).get("city") if record["type"] == "organisation" \
            else None
        facts[record["id"]] = OrgFacts(record["title"], city, tuple(record.get("regions") or ()))
        if len(batch) >= JOB_RECORDS:
            yield batch, lent
            batch, lent = [], {}
    if batch:
        yield batch, lent


def convert_job(job):
    """Turn one job of record_jobs into documents (runs in an indexing worker)."""
    records, facts = job
    return convert(records, facts)


def load() -> str:
    """Return the 1/5/15-minute load average."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_speed() -> str:
    """Time a fixed pure-Python loop: how fast this machine is right now.

    The figures of one commit swing by half on this virtual machine within an hour, with a
    low load average; comparing this number tells a slow machine from slow code.
    """
    started = time.perf_counter()
    sum(range(3 * 10**7))
    return f"reference loop {time.perf_counter() - started:.2f} s (lower is faster)"


def machine_jitter(repeats: int = 400) -> str:
    """Time the same few milliseconds of pure-Python work `repeats` times: p50 and p95.

    On this virtual machine identical work has a p95 some 1.5 times its p50 even when
    idle: a page kind's p95 holds that spread as well as the spread of its pages.
    """
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        sum(range(200_000))
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentile(times, 50), percentile(times, 95)
    return (f"same work x{repeats}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
            f"(p95 / p50 {p95 / p50:.2f})")


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


def timed(items, spent: list[float]):
    """Yield from items, adding the time spent producing them to spent[0]."""
    iterator = iter(items)
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            spent[0] += time.perf_counter() - start
        yield item


def bench_rebuild(ix: SearchIndex, count: int, seed: int) -> float:
    """Rebuild from generated records; return records per second (conversion included).

    Records are generated here and converted in the indexing workers, as `kb reindex` loads
    and converts articles in its workers.
    """
    import kb.search.documents  # noqa: F401 - imported once here, not in every worker

    spent = [0.0]
    start = time.perf_counter()
    jobs = timed(record_jobs(generate(count, seed)), spent)
    n = ix.rebuild(jobs, checkpoint=1, produce=convert_job)
    total = time.perf_counter() - start
    print(f"rebuild: {n} records in {total:.1f} s, {n / total:,.0f} records/s; "
          f"{spent[0]:.1f} s of it generating records in this process "
          f"(converting them runs in the indexing workers)")
    return n / total


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
    print(f"{args.count} records, {args.queries} queries, load average {load()} "
          f"on {os.cpu_count()} cores")
    # No result cache: every timed search runs (the warm-up pass repeats the same queries)
    ix = SearchIndex(root, result_cache=0)
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
    print(f"load average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
