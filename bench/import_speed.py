"""Import speed: records per second for a generated exchange file on the embedded default.

    .venv/bin/python bench/import_speed.py [--count 100000] [--seed 1] [--database-url URL]

Writes a deterministic corpus (bench/generate_corpus.py) to a temporary file, then
times `kb import` on an empty, migrated database (SQLite in a temporary instance
unless --database-url is given), a second import of the same file (nothing
changes) and an export. The search index is not part of these figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="SQLAlchemy URL of an empty database")
    return parser.parse_args()


def write_corpus(path: Path, count: int, seed: int) -> None:
    import json

    with path.open("w", encoding="utf-8") as out:
        for record in generate(count, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


CPU_SECONDS: dict[str, float] = {}


def timed(label: str, action):
    """Run `action`; return its result and wall seconds (CPU seconds go to CPU_SECONDS)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = action()
    CPU_SECONDS[label] = time.process_time() - cpu_started
    return result, time.perf_counter() - started


def main() -> None:
    args = parse_args()
    from flask_migrate import upgrade

    from kb import create_app
    from kb.content.exporter import iter_records, write_jsonl
    from kb.content.importer import import_lines
    from kb.extensions import db

    work = Path(tempfile.mkdtemp(prefix="kb-import-bench-"))
    corpus = work / "corpus.jsonl"
    _, gen_seconds = timed("generate", lambda: write_corpus(corpus, args.count, args.seed))
    config = {"KB_INSTANCE_PATH": work / "instance", "KB_INDEX_SYNC": False}
    if args.database_url:
        config["SQLALCHEMY_DATABASE_URI"] = args.database_url
    app = create_app(config)
    with app.app_context():
        upgrade()
        lines = corpus.read_text(encoding="utf-8").splitlines()
        first, first_s = timed("import", lambda: import_lines(lines))
        if not first.ok:
            raise SystemExit("\n".join(map(str, first.errors[:20])))
        second, second_s = timed("again", lambda: import_lines(lines))
        with (work / "export.jsonl").open("w", encoding="utf-8") as out:
            exported, export_s = timed("export", lambda: write_jsonl(iter_records(db.session), out))
    print(f"records: {args.count} (generated in {gen_seconds:.1f} s), "
          f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"first import : {first_s:7.1f} s  {args.count / first_s:8.0f} records/s "
          f"({len(first.created)} created)")
    print(f"second import: {second_s:7.1f} s  {args.count / second_s:8.0f} records/s "
          f"({second.changed} changed, {second.unchanged} unchanged)")
    print(f"export       : {export_s:7.1f} s  {exported / export_s:8.0f} records/s")
    # CPU seconds of this process: the import's own cost, whatever else runs on the machine
    # (SQLite works in-process, so this includes the database's work).
    print(f"first import per CPU second: {args.count / CPU_SECONDS['import']:8.0f} records/s")


if __name__ == "__main__":
    main()
