"""Load on `kb serve`: requests/s, p50/p99 and errors at 32 connections; RSS per worker.

    .venv/bin/python bench/load.py [--count 100000] [--database-url URL] [--workers N]
        [--duration 20] [--connections 32] [--work DIR] [--index-from DIR]

Generates the corpus (bench/generate_corpus.py), imports it into an empty migrated
database (SQLite in the work folder unless --database-url is given), builds the index
(or copies a finished one with --index-from: the index depends on the records only),
starts `kb serve` on a free loopback port and drives it with wrk (installed from
Debian's packages when missing and running as root): search API requests from the
generated query workload, article pages, and searches while one article is edited
per second. Every run is bounded by --duration; nothing but 127.0.0.1 is loaded.
On a throwaway PostgreSQL server:
    scripts/with-postgres sh -c '.venv/bin/python bench/load.py --database-url "$KB_DATABASE_URL"'
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate, queries  # noqa: E402
from bench.search_speed import machine_speed  # noqa: E402
from kb.serve import default_workers  # noqa: E402
from tests.servers import Node, get_json  # noqa: E402

WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("KB_BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
function setup(thread) thread:set("offset", math.random(#paths)) end
function init(args) i = offset end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="SQLAlchemy URL of an empty database")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="gunicorn workers (default: as kb serve, KB_WORKERS or cores + 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=60,
                        help="seconds of other queries first (each worker fills its caches)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temp folder)")
    parser.add_argument("--index-from", type=Path, help="copy this built index folder")
    return parser.parse_args()


def ensure_wrk() -> str:
    """Return the wrk binary, installing Debian's package if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or "wrk"


def settle(db) -> None:
    """Vacuum and analyse a PostgreSQL database after the bulk import.

    Autovacuum would otherwise work through the 100k fresh rows of every table during the
    timed runs, on the same two cores; a production database has long been vacuumed.
    """
    if db.engine.dialect.name != "postgresql":
        return
    started = time.perf_counter()
    db.session.remove()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    print(f"vacuumed and analysed in {time.perf_counter() - started:.0f} s")


def prepare(args, instance: Path, database_url: str) -> list[dict]:
    """Import the corpus and build (or copy) the index; return the records."""
    from flask_migrate import upgrade

    from kb import create_app
    from kb.content.importer import import_lines
    from kb.extensions import db
    from kb.search.sync import rebuild

    records = list(generate(args.count, args.seed))
    app = create_app({"KB_INSTANCE_PATH": instance, "SQLALCHEMY_DATABASE_URI": database_url,
                      "KB_INDEX_SYNC": False})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        report = import_lines([json.dumps(record, ensure_ascii=False) for record in records])
        if not report.ok:
            raise SystemExit("\n".join(map(str, report.errors[:20])))
        print(f"imported {args.count} records in {time.perf_counter() - started:.0f} s")
        settle(db)
        started = time.perf_counter()
        if args.index_from:
            shutil.copytree(args.index_from, instance / "search_index", symlinks=True)
            print(f"index copied from {args.index_from}")
        else:
            rebuild()
            print(f"index built in {time.perf_counter() - started:.0f} s")
        db.session.remove()
        db.engine.dispose()
    return records


def search_paths(count: int, seed: int) -> list[str]:
    """Return search API paths for the generated query workload."""
    paths = []
    for query in queries(count, seed):
        params = [("q", query["q"]), ("lang", query["lang"])]
        for name, values in query["filters"].items():
            params.extend((name, value) for value in values)
        paths.append("/api/v1/search?" + urlencode(params))
    return paths


def publicly_readable(record: dict, today: dt.date) -> bool:
    """Tell whether anonymous readers may open the record's page (kb/content/visibility.py)."""
    if record.get("state") != "published":
        return False
    if record.get("effective", "") > today.isoformat():
        return False
    if record.get("expires", "9999") <= today.isoformat():
        return False
    # A contact without a visibility is imported as internal.
    return record["type"] != "contact" or record.get("visibility") == "public"


def article_paths(records: list[dict], count: int, seed: int) -> list[str]:
    """Return page paths of articles anonymous readers may open, in random order."""
    today = dt.date.today()
    published = [record for record in records if publicly_readable(record, today)]
    chosen = random.Random(seed).sample(published, min(count, len(published)))
    return [f"/{record['language']}/{record['type']}/{record['id']}" for record in chosen]


def run_wrk(wrk: str, node: Node, paths: list[str], args, work: Path, label: str) -> dict:
    """Drive `paths` for --duration seconds; return requests/s, percentiles and errors."""
    paths_file = work / f"{label}.paths"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = work / "paths.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    output = subprocess.run(
        [wrk, "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s",
         "--timeout", "10s", "--latency", "-s", str(script), node.base],
        env={**os.environ, "KB_BENCH_PATHS": str(paths_file)},
        capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def _millis(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> dict:
    """Pick requests/s, p50, p99, the request count and the errors out of wrk's report."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "requests": int(re.search(r"(\d+) requests in", output).group(1))}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}"] = _millis(match.group(1))
    errors = 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    if socket:
        errors += sum(int(group) for group in socket.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    result["errors"] = errors
    return result


class Editor(threading.Thread):
    """Edit one article per second through the database, as an editor on another node would."""

    def __init__(self, instance: Path, database_url: str, records: list[dict]):
        super().__init__(daemon=True)
        self.instance, self.database_url = instance, database_url
        self.records = [record for record in records if record["type"] == "contact"]
        self.stopped = threading.Event()
        self.edits = 0

    def run(self) -> None:
        from kb import create_app
        from kb.content.importer import import_lines
        from kb.extensions import db

        app = create_app({"KB_INSTANCE_PATH": self.instance / "editor",
                          "SQLALCHEMY_DATABASE_URI": self.database_url,
                          "KB_INDEX_SYNC": False})
        rng = random.Random(5)
        with app.app_context():
            while not self.stopped.wait(1.0):
                record = rng.choice(self.records)
                changed = {**record, "summary": f"Bearbeitet {self.edits} {record['title']}"}
                report = import_lines([json.dumps(changed, ensure_ascii=False)])
                self.edits += int(report.ok)
            db.session.remove()
            db.engine.dispose()


def worker_memory_mb(master_pid: int) -> list[tuple[float, float]]:
    """Return (RSS, PSS) in MB of each child process of the gunicorn master.

    RSS counts every resident page a worker maps, also those it shares with the master and
    the other workers (code, libraries, what the master loaded before forking); PSS splits
    shared pages between the processes sharing them, so the PSS of all workers adds up to
    the memory they really take.
    """
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
            if fields.get("PPid", "").strip() != str(master_pid):
                continue
            rollup = (status.parent / "smaps_rollup").read_text()
        except OSError:
            continue
        pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1))
        sizes.append((int(fields["VmRSS"].split()[0]) / 1024, pss / 1024))
    return sorted(sizes)


def report(label: str, result: dict) -> None:
    print(f"{label:<22} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
          f"p99 {result['p99']:7.1f} ms  errors {result['errors']}  "
          f"({result['requests']} requests)", flush=True)


def main() -> None:
    args = parse_args()
    wrk = ensure_wrk()
    work = args.work or Path(tempfile.mkdtemp(prefix="kb-load-"))
    instance = work / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{instance / 'kb.sqlite'}"
    kind = database_url.split(":")[0].split("+")[0]
    print(f"database: {kind}, records: {args.count}, workers: {args.workers}, "
          f"connections: {args.connections}, {args.duration} s per run, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {machine_speed()}",
          flush=True)
    records = prepare(args, instance, database_url)
    # The node's environment is its own: KB_* settings of this process are passed on by name
    passed = {key: value for key, value in os.environ.items()
              if key in ("KB_SEARCH_CACHE_MB", "KB_SEARCH_RESULT_CACHE")}
    node = Node("bench", instance, database_url, workers=args.workers,
                settings={**passed, "KB_THREADS": str(args.threads)})
    node.start()
    try:
        node.wait_healthy(timeout=600)
        # A running server is warm: other queries first (not the measured ones, which the
        # result cache would then answer), reported but not counted.
        warm = argparse.Namespace(**{**vars(args), "duration": args.warmup})
        report("warm-up (other queries)",
               run_wrk(wrk, node, search_paths(4000, args.seed + 7), warm, work, "warmup"))
        report("search", run_wrk(wrk, node, search_paths(2000, args.seed), args, work, "search"))
        report("article pages", run_wrk(wrk, node, article_paths(records, 2000, args.seed),
                                        args, work, "pages"))
        editor = Editor(work, database_url, records)
        editor.start()
        mixed = run_wrk(wrk, node, search_paths(2000, args.seed + 1), args, work, "mixed")
        editor.stopped.set()
        editor.join(timeout=30)
        report(f"search + {editor.edits} edits", mixed)
        node.wait_healthy(timeout=120)
        status, health = get_json(f"{node.base}/healthz", timeout=60)
        print(f"health after the edits: {status}, behind {health['index'].get('behind')}")
        print(f"after the runs: {machine_speed()}")
        memory = worker_memory_mb(node.process.pid)
        print("worker memory (RSS / PSS): "
              + ", ".join(f"{rss:.0f} / {pss:.0f} MB" for rss, pss in memory), flush=True)
    finally:
        node.stop()
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
