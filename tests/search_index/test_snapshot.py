"""Per-segment facts composed per generation agree with the index after edits and deletes."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from search_index import bits, snapshot
from search_index.documents import IndexDocument
from search_index.engine import SearchIndex

TOPICS = ("language", "work", "housing", "health")


def _doc(i: int, version: int = 1) -> IndexDocument:
    return IndexDocument(
        id=f"d{i}", type=("project", "contact", "programme")[i % 3], language="de",
        group=f"d{i}", version=version, title=f"Eintrag {i}", state="published",
        topics=tuple(TOPICS[j] for j in range(4) if (i >> j) & 1),
        regions=("DE-NW/Köln",) if i % 2 else ("DE-BY",))


def _snapshot_after_edits(tmp_path):
    ix = SearchIndex(tmp_path / "ix")
    ix.rebuild([_doc(i) for i in range(40)], checkpoint=1)
    ix.apply([dataclasses.replace(_doc(3), topics=("health",), version=2)], ["d5"], 2)
    ix.apply([_doc(40), dataclasses.replace(_doc(7), regions=("DE-BE",), version=2)], [], 3)
    return ix, ix._snapshots.get()


@pytest.mark.parametrize("many", [10**9, 0])  # counted by value numbers, by bitset rows
def test_value_counts_equal_counting_the_value_bitsets(tmp_path, monkeypatch, many):
    monkeypatch.setattr(snapshot, "MANY_DOCUMENTS", many)
    _, snap = _snapshot_after_edits(tmp_path)
    assert len(snap.parts) >= 2  # the edits live in segments of their own
    rng = random.Random(3)
    live = bits.to_list(snap.live)
    for _ in range(20):
        docs = bits.from_ids(rng.sample(live, rng.randint(0, len(live))), snap.size)
        counts = snap.value_counts(docs)
        for i, key in enumerate(snap.key_table):
            assert counts[i] == (docs & snap.value_bits(*key)).bit_count(), key


def test_bitsets_as_words_keep_every_bit():
    for size in (1, 63, 64, 65, 1000):
        ids = np.arange(0, size, 7)
        words = bits.to_words(bits.from_array(ids, size), size)
        assert len(words) == (size + 63) // 64
        flags = np.unpackbits(words.view(np.uint8), bitorder="little")[:size]
        assert np.flatnonzero(flags).tolist() == ids.tolist()
    assert not bits.to_words(0, 100).any()


def test_bitsets_built_from_a_start_equal_those_built_whole():
    rng = random.Random(5)
    counts = (0, 5, bits.FEW_IDS, bits.FEW_IDS + 1, 200)  # both ways of building
    for size, start in ((1, 0), (64, 63), (1000, 999), (1000, 3), (70_001, 69_990)):
        for count in counts:
            chosen = rng.sample(range(start, size), min(count, size - start))
            ids = np.array(sorted(chosen), dtype=np.int64)
            assert bits.from_array(ids, size, start) == bits.from_ids(ids.tolist(), size)
            assert bits.from_array(ids, size, start) == bits.from_array(ids, size)


def test_term_bits_join_the_edits_with_the_rebuild(tmp_path):
    _, snap = _snapshot_after_edits(tmp_path)
    assert snap.tail  # the edits' segments
    for field, term in (("title_de", "eintrag"), ("tfold", "eintrag"), ("title_de", "40")):
        holders = {snap.ids[d] for d in bits.to_list(snap.term_bits(field, term))}
        assert holders == ({f"d{i}" for i in range(41)} - {"d5"}
                           if term == "eintrag" else {"d40"}), (field, term)


def test_replaced_and_deleted_documents_are_gone_and_versions_follow(tmp_path):
    ix, snap = _snapshot_after_edits(tmp_path)
    versions = ix.versions()
    assert "d5" not in versions and versions["d3"] == 2 and versions["d40"] == 1
    assert len(versions) == 40 == snap.live.bit_count()
    d3 = snap.doc_of("d3")
    assert snap.value_bits("topics", "health") >> d3 & 1
    assert not snap.value_bits("topics", "language") >> d3 & 1
    assert snap.doc_of("d5") is None
    assert snap.ids[snap.doc_of("d7")] == "d7"
    assert snap.value_bits("regions", "DE-BE").bit_count() == 1


def _hits(ix: SearchIndex, text: str) -> list[tuple[str, float]]:
    from search_index import PUBLIC, SearchRequest

    result = ix.search(SearchRequest(text=text, lang="de", per_page=50), PUBLIC)
    return [(hit.id, hit.score) for hit in result.hits]


def test_terms_kept_across_generations_give_what_a_fresh_reader_gives(tmp_path):
    ix = SearchIndex(tmp_path / "ix", result_cache=0)
    ix.rebuild([_doc(i) for i in range(40)], checkpoint=1)
    assert ix._snapshots.get().base  # the bulk builder's segments have columns
    before = _hits(ix, "Eintrag")  # reads and keeps the base segments' terms
    ix.apply([dataclasses.replace(_doc(3), title="Eintrag Neuland", version=2)], ["d5"], 2)
    snap = ix._snapshots.get()
    assert snap.tail  # the edit is a segment whoosh's writer made
    kept = _hits(ix, "Eintrag")
    fresh = _hits(SearchIndex(tmp_path / "ix", result_cache=0), "Eintrag")
    assert kept == fresh
    assert {i for i, _ in kept} == {i for i, _ in before} - {"d5"}
    assert [i for i, _ in _hits(ix, "Neuland")] == ["d3"]
    assert snap.term_postings("title_de", "eintrag")[0] == 39  # d5 gone, d3 counted once


def test_near_terms_are_those_whoosh_finds_within_the_edits(tmp_path):
    from search_index import fields as f
    from search_index.spelling import max_edits

    ix = SearchIndex(tmp_path / "ix")
    words = ["Integration", "Integrationskurs", "Intergration", "Beratung", "Beratungen",
             "Bertung", "Sprache", "Sprachkurs", "Spracher", "Köln", "Koeln", "Kiel"]
    docs = [dataclasses.replace(_doc(i), title=f"{words[i % len(words)]} Eintrag {i}")
            for i in range(40)]
    ix.rebuild(docs, checkpoint=1)
    ix.apply([dataclasses.replace(_doc(50), title="Integrazion Sprachkurse")], [], 2)
    snap = ix._snapshots.get()
    assert snap.tail  # both the bulk-built segments and whoosh's are searched
    typed = ["integraton", "intergation", "beratugn", "sprachkrs", "koln", "kiehl",
             "integrazion", "eintarg", "sprachkurse"]
    found_any = False
    for word in typed:
        edits = max_edits(word)
        near = snap.reader.terms_within(f.FOLD, word, edits, prefix=1)
        texts = (t.decode("utf-8") if isinstance(t, bytes) else t for t in near)
        expected = sorted(t for t in texts if t != word)
        assert snap.near_terms(word, edits) == expected, word
        found_any = found_any or bool(expected)
    assert found_any


def test_an_unchanged_folder_is_not_listed_again_and_a_change_is_seen(tmp_path, monkeypatch):
    import os
    import time

    from search_index import SearchRequest
    from search_index.documents import Audience

    ix = SearchIndex(tmp_path / "ix")
    ix.rebuild([_doc(i) for i in range(10)], checkpoint=1)
    cache = ix._snapshots
    first = cache.get()
    folder = ix.store.live_path()
    old = time.time() - 60  # as if the last commit were a minute ago
    os.utime(folder, (old, old))
    listed = []
    real = cache._ix.latest_generation
    monkeypatch.setattr(cache._ix, "latest_generation", lambda: listed.append(1) or real())
    assert cache.get() is first and cache.get() is first
    assert len(listed) == 1  # listed once for the folder's new time, then trusted
    ix.apply([_doc(10)], [], 2)  # a new generation: a new file in the folder
    found = ix.search(SearchRequest(text="Eintrag 10"), Audience(include_unpublished=True))
    assert [h.id for h in found.hits][:1] == ["d10"]
    assert cache.get() is not first


def test_document_frequency_counts_live_documents_only(tmp_path):
    ix, snap = _snapshot_after_edits(tmp_path)  # d5 deleted, d3 and d7 replaced
    live = bits.to_mask(snap.live, snap.size)
    for field, term in (("title_de", "eintrag"), ("fold", "eintrag"), ("title_de", "5")):
        doc_freq, chunks = snap.term_postings(field, term)
        ids = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, dtype=np.int64)
        assert doc_freq == int(live[ids].sum())
    assert snap.term_postings("title_de", "eintrag")[0] == 40  # 41 written, d5 deleted
    assert snap.term_postings("title_de", "5")[0] == 0
