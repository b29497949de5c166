"""Search quality on the judged development queries, with two baselines.

    .venv/bin/python bench/search_quality.py [--corpus ../shared/data/corpus-dev.jsonl]
        [--queries ../shared/data/queries-dev.jsonl] [--audience staff|public] [--show-misses]

Imports the corpus through the real importer into a temporary instance, builds the
real index and runs every query through the same search the API uses. Prints
nDCG@10, MRR (first "exactly right" hit), recall@10 and the zero-result rate,
overall and per query kind, next to two baselines on the same corpus: Whoosh with
its default analyzer over title and body, and SQLite FTS5 (unicode61,
remove_diacritics 2). Filters of a judged query are applied to the baselines too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
K = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus-dev.jsonl")
    parser.add_argument("--queries", type=Path, default=SHARED / "queries-dev.jsonl")
    parser.add_argument("--audience", choices=["staff", "public"], default="staff",
                        help="who searches (the judged contact queries come from intranet staff)")
    parser.add_argument("--show-misses", action="store_true",
                        help="print the top hits of queries scoring below 0.7")
    return parser.parse_args()


# --- metrics ---------------------------------------------------------------------------

def ndcg(ranked: list[str], judged: dict[str, int]) -> float:
    gains = [(2 ** judged.get(doc, 0) - 1) for doc in ranked[:K]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2 ** g - 1 for g in judged.values()), reverse=True)[:K]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], judged: dict[str, int]) -> float:
    best = max(judged.values())
    for i, doc in enumerate(ranked[:K]):
        if judged.get(doc, 0) == best:
            return 1 / (i + 1)
    return 0.0


def recall(ranked: list[str], judged: dict[str, int]) -> float:
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def score_run(queries: list[dict], ranked_by_query: dict[str, list[str]]) -> dict:
    """Return metric averages overall and per query kind."""
    rows: dict[str, list[tuple[float, float, float, float]]] = defaultdict(list)
    for query in queries:
        ranked, judged = ranked_by_query[query["id"]], query["relevant"]
        row = (ndcg(ranked, judged), reciprocal_rank(ranked, judged), recall(ranked, judged),
               1.0 if not ranked else 0.0)
        rows[query["kind"]].append(row)
        rows["ALL"].append(row)
    return {kind: tuple(sum(col) / len(values) for col in zip(*values, strict=True))
            for kind, values in rows.items()}


# --- filters shared by the baselines ---------------------------------------------------

def programme_status(record: dict, day: dt.date) -> str | None:
    if record["type"] != "programme":
        return None
    start = record.get("open_from")
    end = record.get("open_until") or record.get("deadline")
    if start and dt.date.fromisoformat(start) > day:
        return "upcoming"
    if end and dt.date.fromisoformat(end) < day:
        return "closed"
    return "open"


def matches(record: dict, filters: dict, today: dt.date) -> bool:
    """Apply a judged query's filters to a raw record (for the baselines)."""
    for name, wanted in filters.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if name == "open_on":
            if programme_status(record, dt.date.fromisoformat(values[0])) != "open":
                return False
            continue
        if name == "status":
            have = [record.get("status") or programme_status(record, today)]
        elif name == "regions":
            have = [r.split("/")[0] for r in record.get("regions", [])] + record.get("regions", [])
        else:
            have = record.get(name)
            have = have if isinstance(have, list) else [have]
        if not set(values) & set(have):
            return False
    return True


def visible(record: dict, audience: str, today: dt.date) -> bool:
    if record.get("state", "private") != "published":
        return False
    if record.get("effective") and dt.date.fromisoformat(record["effective"]) > today:
        return False
    if record.get("expires") and dt.date.fromisoformat(record["expires"]) <= today:
        return False
    return not (audience == "public" and record["type"] == "contact"
                and record.get("visibility", "internal") != "public")


# --- the three systems -----------------------------------------------------------------

def run_real_search(corpus: Path, queries: list[dict], audience_name: str) -> dict:
    """Import through kb, index, and search exactly as the API does."""
    from flask_migrate import upgrade
    from werkzeug.datastructures import MultiDict

    from kb import create_app
    from kb.content.importer import import_lines
    from kb.core.permissions import Role, audience_for
    from kb.search import service
    from kb.search.params import parse_search_args
    from kb.search.sync import rebuild

    instance = Path(tempfile.mkdtemp(prefix="kb-quality-"))
    app = create_app({"KB_INSTANCE_PATH": instance, "KB_INDEX_SYNC": False})
    ranked: dict[str, list[str]] = {}
    with app.app_context():
        upgrade()
        report = import_lines(corpus.read_text(encoding="utf-8").splitlines())
        if not report.ok:
            raise SystemExit("\n".join(map(str, report.errors)))
        rebuild()
        audience = audience_for(Role[audience_name])
        for query in queries:
            args = MultiDict([("q", query["query"]), ("lang", query["language"])])
            for name, value in (query.get("filters") or {}).items():
                for item in value if isinstance(value, list) else [value]:
                    args.add(name, item)
            result = service.search(parse_search_args(args), audience)
            ranked[query["id"]] = [hit.id for hit in result.hits]
    return ranked


def run_whoosh_default(records: list[dict], queries: list[dict], keep) -> dict:
    """Baseline: Whoosh's StandardAnalyzer over title and body, default query parser."""
    from whoosh import fields, index
    from whoosh.qparser import MultifieldParser

    schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT, body=fields.TEXT)
    folder = tempfile.mkdtemp(prefix="kb-baseline-")
    ix = index.create_in(folder, schema)
    with ix.writer() as writer:
        for record in records:
            writer.add_document(id=record["id"], title=record["title"],
                                body=record.get("summary", "") + "\n" + record.get("body", ""))
    parser = MultifieldParser(["title", "body"], schema)
    by_id = {record["id"]: record for record in records}
    ranked: dict[str, list[str]] = {}
    with ix.searcher() as searcher:
        for query in queries:
            hits = searcher.search(parser.parse(query["query"]), limit=200)
            ids = [hit["id"] for hit in hits if keep(by_id[hit["id"]], query)]
            ranked[query["id"]] = ids[:K]
    return ranked


def _fts_query(text: str) -> str:
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " ".join(f'"{w}"' for w in words)


def run_fts5(records: list[dict], queries: list[dict], keep) -> dict:
    """Baseline: SQLite FTS5 with unicode61 and remove_diacritics 2, bm25 ranking."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(id UNINDEXED, title, body, "
               "tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO doc VALUES (?, ?, ?)", [
        (r["id"], r["title"], r.get("summary", "") + "\n" + r.get("body", "")) for r in records])
    by_id = {record["id"]: record for record in records}
    ranked: dict[str, list[str]] = {}
    for query in queries:
        match = _fts_query(query["query"])
        rows = db.execute("SELECT id FROM doc WHERE doc MATCH ? ORDER BY rank LIMIT 200",
                          (match,)).fetchall() if match else []
        ranked[query["id"]] = [r[0] for r in rows if keep(by_id[r[0]], query)][:K]
    return ranked


# --- report ----------------------------------------------------------------------------

def print_table(results: dict[str, dict]) -> None:
    kinds = ["ALL"] + sorted(k for k in next(iter(results.values())) if k != "ALL")
    print(f"{'kind':<16}" + "".join(f"{name:>34}" for name in results))
    print(f"{'':<16}" + "".join(f"{'nDCG   MRR  R@10  zero':>34}" for _ in results))
    for kind in kinds:
        cells = "".join(
            "{:>34}".format("{:.3f} {:.3f} {:.3f} {:.2f}".format(*results[name][kind]))
            for name in results)
        print(f"{kind:<16}{cells}")


def main() -> None:
    args = parse_args()
    records = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    queries = [json.loads(line) for line in args.queries.read_text().splitlines() if line.strip()]
    today = dt.date.today()
    seen = [r for r in records if visible(r, args.audience, today)]

    def keep(record: dict, query: dict) -> bool:
        return matches(record, query.get("filters") or {}, today)

    runs = {
        "kb": run_real_search(args.corpus, queries, args.audience),
        "whoosh default": run_whoosh_default(seen, queries, keep),
        "sqlite fts5": run_fts5(seen, queries, keep),
    }
    results = {name: score_run(queries, ranked) for name, ranked in runs.items()}
    print(f"{len(queries)} queries, {len(records)} records, audience: {args.audience}\n")
    print_table(results)
    margin = results["kb"]["ALL"][0] - max(results[n]["ALL"][0] for n in runs if n != "kb")
    print(f"\nkb nDCG@10 above the better baseline by {margin:+.3f}")
    if args.show_misses:
        for query in queries:
            score = ndcg(runs["kb"][query["id"]], query["relevant"])
            if score < 0.7:
                top = runs["kb"][query["id"]][:5]
                print(f"\n{query['id']} {score:.2f} {query['query']!r} -> {top}")
                best = sorted(query["relevant"].items(), key=lambda kv: -kv[1])[:4]
                print(f"    wanted {best}")


if __name__ == "__main__":
    main()
