"""The rebuild's joined terms (joined.py) equal joining the segments at search time."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search_index import bits, bulk, joined
from search_index.columns import UNLISTED
from search_index.engine import SearchIndex
from tests.search_index.test_columns import _documents


@pytest.fixture
def several_segments(monkeypatch):
    """Rebuilds write a new segment every few thousand tokens (several per test corpus)."""
    monkeypatch.setattr(bulk, "SEGMENT_TOKENS", 4000)
    monkeypatch.setattr(bulk, "BATCH", 10)


def _rebuilt(path) -> SearchIndex:
    ix = SearchIndex(path, result_cache=0)
    ix.rebuild(_documents(), checkpoint=1)
    return ix


def _terms(snap):
    for field, btext in snap.reader.all_terms():
        if field not in UNLISTED:
            yield field, btext.decode("utf-8")


def test_every_term_reads_as_the_segments_joined(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    snap = ix._snapshots.get()
    assert len(snap.base) >= 3 and snap.joined is not None
    terms = list(_terms(snap))
    assert len(terms) > 1000
    common = 0
    for field, term in terms:
        ids, sats = snap.joined.read(field, term)
        want_ids, want_sats = snap._join(snap.base, field, term)
        assert len(ids) > 0, (field, term)
        assert np.array_equal(ids, want_ids), (field, term)
        assert np.array_equal(sats, want_sats), (field, term)
        docs = snap.joined.docs(field, term)
        if bits.is_common(len(ids), snap.joined.size):  # and only those have a bitmap
            common += 1
            assert docs == bits.from_array(want_ids, snap.size), (field, term)
        else:
            assert np.array_equal(docs[0], want_ids), (field, term)
    assert 0 < common < len(terms)
    assert len(snap.joined.read("body_de", "nichtvorhandenxyz")[0]) == 0
    assert len(snap.joined.docs("body_de", "nichtvorhandenxyz")[0]) == 0


def test_terms_joined_by_several_processes_make_the_same_file(tmp_path, several_segments,
                                                                monkeypatch):
    ix = _rebuilt(tmp_path / "ix")
    # opened as the rebuild has it: whoosh's own files, whose offsets forked readers share
    store = whoosh_index.open_dir(str(ix.store.live_path()))
    path = os.path.join(store.storage.folder, joined.FILENAME)
    assert joined.write_for(store, procs=1)
    alone = Path(path).read_bytes()
    monkeypatch.setattr(joined, "MIN_TERMS_PER_PROC", 1)
    plan_runs = []
    monkeypatch.setattr(joined, "_fill_in_children", _recording(joined._fill_in_children,
                                                                plan_runs))
    assert joined.write_for(store, procs=3)
    assert len(plan_runs) == 1 and len(plan_runs[0]) == 3  # three forked writers
    assert Path(path).read_bytes() == alone


def test_a_failed_writer_leaves_no_file_behind(tmp_path, several_segments, monkeypatch):
    ix = _rebuilt(tmp_path / "ix")
    store = whoosh_index.open_dir(str(ix.store.live_path()))
    folder = store.storage.folder
    os.remove(os.path.join(folder, joined.FILENAME))
    monkeypatch.setattr(joined, "MIN_TERMS_PER_PROC", 1)

    def broken(self, term):
        raise OSError("disk gone")

    monkeypatch.setattr(joined._Plan, "joined", broken)  # in the forked writers too
    with pytest.raises(RuntimeError, match="joining terms failed in 2"):
        joined.write_for(store, procs=2)
    assert not [name for name in os.listdir(folder) if name.startswith(joined.FILENAME)]


def _recording(fill, calls: list):
    def record(plan, path, table, runs):
        calls.append(runs)
        return fill(plan, path, table, runs)
    return record


def test_term_documents_are_those_of_the_postings(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    doc = _documents()[0]
    ix.apply([dataclasses.replace(doc, title="Integrationsprojekt Zauberwort", version=9)],
             [], 2)
    snap = ix._snapshots.get()
    assert snap.tail and snap.joined is not None
    kinds = set()
    for field, term in _terms(snap):
        docs = snap.term_docs(field, term)
        want = [ids for ids, _ in snap.term_postings(field, term)[1]]
        want = np.concatenate(want) if want else np.zeros(0, dtype=np.int32)
        if isinstance(docs, int):
            kinds.add("bitset")
            assert docs == bits.from_array(want, snap.size), (field, term)
        else:
            kinds.add("doc numbers")
            assert np.array_equal(docs, want), (field, term)
        assert snap.term_bits(field, term) == bits.from_array(want, snap.size) & snap.live
    assert kinds == {"bitset", "doc numbers"}


def test_joined_terms_of_another_version_make_the_index_outdated(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    assert ix.check() is None
    path = os.path.join(ix.store.live_path(), joined.FILENAME)
    with open(path, "r+b") as handle:
        header = handle.readline()
        handle.seek(0)
        handle.write(header.replace(b'"version": 2', b'"version": 1'))
    assert b'"version": 2' in header
    problem = ix.check()
    assert problem is not None and problem.startswith("outdated") and "version 1" in problem
    assert joined.JoinedTerms.open(os.path.dirname(path)) is None


def test_search_results_are_those_of_joining_at_search_time(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    from search_index import PUBLIC, SearchRequest

    queries = ["Integration", "Beratung Köln", "Sprachkurs", "anerkennung", "Projekt"]

    def results():
        return [[(h.id, h.score) for h in ix.search(
            SearchRequest(text=q, lang="de", per_page=50), PUBLIC).hits] for q in queries]

    with_file = results()
    os.remove(tmp_path / "ix" / os.readlink(tmp_path / "ix" / "current") / joined.FILENAME)
    ix = SearchIndex(tmp_path / "ix", result_cache=0)
    assert ix._snapshots.get().joined is None
    assert results() == with_file and any(with_file)


def test_edits_keep_the_file_and_results_follow_them(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    layout = ix._snapshots.get().layout
    doc = _documents()[0]
    for i in range(25):  # enough commits for whoosh to merge small segments
        ix.apply([dataclasses.replace(doc, title=f"Zauberwort{i} Sonderprüfung",
                                      version=10 + i)], [], 2 + i)
    snap = ix._snapshots.get()
    # the rebuild's segments are never merged into the edits' (backend.merge_edits_only)
    assert snap.layout == layout and snap.tail and snap.joined is not None
    from search_index import PUBLIC, SearchRequest

    hits = ix.search(SearchRequest(text="Zauberwort24", lang="de"), PUBLIC).hits
    assert [(h.id, h.title) for h in hits] == [(doc.id, "Zauberwort24 Sonderprüfung")]


def test_a_file_for_other_segments_or_a_damaged_one_is_not_used(tmp_path, several_segments):
    ix = _rebuilt(tmp_path / "ix")
    snap = ix._snapshots.get()
    folder = ix._snapshots._ix.storage.folder
    path = os.path.join(folder, joined.FILENAME)
    reader = joined.JoinedTerms.open(folder)
    from search_index.snapshot import Snapshot

    moved = joined.JoinedTerms(path, (("elsewhere", 0),), np.zeros(0, dtype=joined._ENTRY),
                               reader.size)
    leaves = [leaf for leaf, _ in snap.reader.leaf_readers()]
    parts = [(part, offset, leaf) for (part, offset), leaf in zip(snap.parts, leaves,
                                                                   strict=True)]
    rebuilt = Snapshot(snap.reader, parts, joined=moved)
    assert rebuilt.joined is None
    assert reader is not None and reader.layout == snap.layout
    with open(path, "r+b") as handle:
        handle.truncate(os.path.getsize(path) - 4)
    assert joined.JoinedTerms.open(folder) is None
