"""Index lifecycle: rebuild and swap, apply with checkpoint, killed writer, check()."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search_index import SearchIndex, SearchRequest
from tests.search_index.corpus import PUBLIC, corpus, doc

ROOT = Path(__file__).resolve().parents[2]


def built(tmp_path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "ix", glossary=None)
    ix.rebuild(corpus(), checkpoint=3, procs=1)
    return ix


def total(ix, text) -> int:
    return ix.search(SearchRequest(text=text), PUBLIC).total


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_check_reports_missing_and_corrupt(tmp_path):
    ix = SearchIndex(tmp_path / "none", glossary=None)
    assert not ix.exists() and "missing" in ix.check()
    assert ix.search(SearchRequest(text="x"), PUBLIC).total == 0
    ix = built(tmp_path)
    assert ix.check() is None
    live = ix.store.live_path()
    for toc in live.glob("*.toc"):
        toc.write_bytes(b"garbage")
    assert "unreadable" in SearchIndex(tmp_path / "ix").check()


def test_check_reports_an_index_of_an_older_schema(tmp_path, monkeypatch):
    from search_index import backend, bulk
    from search_index.convert import to_fields
    from search_index.schema import build_schema

    older = ("emails", "phones")  # as an earlier version built it: without these fields

    def older_schema():
        schema = build_schema()
        for name in older:
            schema.remove(name)
        return schema

    def older_fields(document):
        return {k: v for k, v in to_fields(document).items() if k not in older}

    with monkeypatch.context() as patch:
        patch.setattr(backend, "build_schema", older_schema)
        patch.setattr(bulk, "to_fields", older_fields)
        ix = built(tmp_path)
        assert ix.check() is None
    problem = ix.check()
    assert problem is not None and "outdated" in problem and "emails" in problem
    ix.rebuild(corpus(), checkpoint=3, procs=1)  # what catch_up does with any problem
    assert ix.check() is None and total(ix, "Integration") > 0


def test_check_reports_an_index_analysed_with_other_word_lists(tmp_path, monkeypatch):
    from search_index import backend

    with monkeypatch.context() as patch:
        patch.setattr(backend, "analysis_fingerprint", lambda: "older-lists")
        ix = built(tmp_path)
        assert ix.check() is None
    problem = ix.check()
    assert problem is not None and problem.startswith("outdated") and "older-lists" in problem
    ix.rebuild(corpus(), checkpoint=3, procs=1)
    assert ix.check() is None and total(ix, "Integration") > 0
    # an index from before fingerprints were recorded is outdated too
    (ix.store.live_path() / backend.ANALYSIS_FILE).unlink()
    assert "unrecorded" in ix.check()


def test_the_fingerprint_follows_the_word_lists(monkeypatch):
    from search_index import analyzers

    before = analyzers.analysis_fingerprint()
    analyzers.analysis_fingerprint.cache_clear()
    monkeypatch.setattr(analyzers, "ANALYSIS_DATA", analyzers.ANALYSIS_DATA[:1])
    try:
        assert analyzers.analysis_fingerprint() != before
    finally:
        analyzers.analysis_fingerprint.cache_clear()


def test_rebuild_swaps_while_old_snapshot_is_in_use(tmp_path):
    ix = built(tmp_path)
    old = ix._snapshots.get()
    ix.rebuild([doc("neu", title="Nagelneu Walross")], checkpoint=9, procs=1)
    assert total(ix, "Walross") == 1 and total(ix, "Bottrop") == 0
    assert old.reader.stored_fields(0)  # the old files are still readable
    assert ix.checkpoint() == 9


def test_apply_updates_deletes_and_stores_checkpoint(tmp_path):
    ix = built(tmp_path)
    edited = dataclasses.replace(corpus()[0], title="Walross Bottrop", version=2)
    ix.apply([edited], ["projekt-alt"], checkpoint=4)
    assert ix.checkpoint() == 4
    assert total(ix, "Walross") == 1 and total(ix, "Sprachcafé") == 0
    versions = ix.versions()
    assert versions["kim-bottrop"] == 2 and "projekt-alt" not in versions
    assert total(ix, "Bottrop") == 1  # the update replaced, not duplicated


def test_killed_writer_leaves_a_usable_index(tmp_path):
    ix = built(tmp_path)
    script = "\n".join([
        "import sys, time",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from search_index import SearchIndex",
        "from search_index.convert import to_fields",
        "from tests.search_index.corpus import doc",
        f"ix = SearchIndex({str(tmp_path / 'ix')!r}, glossary=None)",
        "w = ix.store.writer(ix.store.open())",
        "for i in range(200):",
        "    w.add_document(**to_fields(doc(f'x{i}', title='Halbfertig')))",
        "print('ready', flush=True)",
        "time.sleep(60)",
    ])
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert ix.check() is None
    assert total(ix, "Halbfertig") == 0 and total(ix, "Bottrop") == 1
    start = time.monotonic()
    ix.apply([doc("danach", title="Danach Walross")], [], checkpoint=6)  # lock was released
    assert time.monotonic() - start < 30
    assert total(ix, "Walross") == 1 and ix.checkpoint() == 6
