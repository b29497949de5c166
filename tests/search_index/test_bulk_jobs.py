"""Rebuilds from jobs the workers turn into documents; the pieces the bulk builder relies on."""

from __future__ import annotations

import pickle
import struct

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search_index import SearchIndex, SearchRequest
from search_index.analyzers import english_analyzer, german_analyzer, name_analyzer
from search_index.bulk import build_index
from search_index.convert import meta_fields
from search_index.pickles import float_runs, int_runs, positions_runs
from search_index.schema import build_schema
from tests.search_index.corpus import PUBLIC, corpus, doc
from tests.search_index.test_bulk import _documents, _postings


def _by_number(jobs: list[int]) -> list:
    """A produce() for tests: job n -> the n-th tenth of the test documents."""
    docs = _documents()
    return [d for i, d in enumerate(docs) if i % 10 in jobs]


@pytest.mark.parametrize("procs", [1, 2])
def test_jobs_produced_in_workers_give_the_same_index(tmp_path, procs):
    paths = {}
    for name, items, produce in (("docs", _documents(), None),
                                 ("jobs", [[n] for n in range(10)], _by_number)):
        paths[name] = tmp_path / name
        paths[name].mkdir()
        ix = whoosh_index.create_in(str(paths[name]), build_schema())
        seen: list[int] = []
        count = build_index(ix, items, [meta_fields(4)], procs, seen.append, produce)
        assert count == len(_documents()) == seen[-1]
    with whoosh_index.open_dir(str(paths["docs"])).reader() as want, \
            whoosh_index.open_dir(str(paths["jobs"])).reader() as have:
        assert _postings(have) == _postings(want)


def test_a_failing_job_in_a_worker_cancels_the_rebuild(tmp_path):
    ix = SearchIndex(tmp_path / "ix", glossary=None)
    ix.rebuild(corpus(), checkpoint=1, procs=1)

    def produce(job):
        if job == 3:
            raise ValueError("database went away")
        return [doc(f"job-{job}-{i}", title=f"Walross {job}") for i in range(5)]

    with pytest.raises(RuntimeError, match="database went away"):
        ix.rebuild(range(6), checkpoint=2, procs=2, produce=produce)
    assert ix.checkpoint() == 1
    assert ix.search(SearchRequest(text="Walross"), PUBLIC).total == 0


TEXTS = [
    "Arbeitsmarkt-Integration für Migrant*innen:\tStraße,\u00a0E-Mail und Köln/Bonn.",
    "Willkommenslotsen\u2028in Köln\u3000(NRW) – die Förderung der MigrantInnen, 2024!",
    "  Schüler/-innen  Hin-und-Her   e.V.\nWWW.Stadt-Koeln.de; x_y __ -- a-b-c-d-e ",
    "",
]


@pytest.mark.parametrize("analyzer", [german_analyzer(), english_analyzer(), name_analyzer()])
def test_chunked_index_analysis_equals_the_token_stream(analyzer):
    tokenizer = analyzer.items[0]
    for text in TEXTS:
        stream: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True, mode="index"):
            stream.setdefault(token.text, []).append(token.pos)
        assert tokenizer.index_positions(text) == stream


def test_pickled_runs_load_as_pickle_dumps_writes_them():
    rng = np.random.default_rng(7)
    freqs = rng.choice([1, 1, 1, 2, 3, 60], 300)
    gaps = rng.choice([0, 1, 5, 255, 256, 300, 65535, 65536, 2**31 - 1], int(freqs.sum()))
    runs = positions_runs(freqs, gaps)
    values, at = [], 0
    for n in freqs.tolist():
        values.append(struct.pack("!I", n) + pickle.dumps(gaps[at:at + n].tolist(), 2))
        at += n
    assert pickle.loads(b"\x80\x04" + runs.tuple_of(0, len(freqs)) + b".") == tuple(values)
    ints = rng.choice([0, 7, 255, 256, 65535, 65536, 2**31 - 1], 500)
    assert pickle.loads(b"\x80\x04" + int_runs(ints).tuple_of(3, 400) + b".") == tuple(
        ints[3:400].tolist())
    floats = rng.random(50) * 9
    assert pickle.loads(b"\x80\x04" + float_runs(floats).tuple_of(0, 50) + b".") == tuple(
        floats.tolist())


def test_position_gaps_are_taken_slice_by_slice_correctly(monkeypatch):
    from search_index import postings

    rng = np.random.default_rng(3)
    positions = rng.integers(0, 1000, 100).astype(np.int32)
    starts = np.array([0, 10, 11, 50, 99])
    expected = positions.copy()
    expected[1:] = positions[1:] - positions[:-1]
    expected[starts] = positions[starts]
    monkeypatch.setattr(postings, "GAP_SLICE", 7)
    assert postings._gaps(positions, starts).tolist() == expected.tolist()


def test_term_statistics_equal_whoosh_writer(tmp_path):
    from tests.search_index.test_bulk import _bulk_index, _whoosh_index

    docs = _documents()
    with _whoosh_index(tmp_path / "whoosh", docs).reader() as want, \
            _bulk_index(tmp_path / "bulk", docs, 1).reader() as have:
        terms = [t for t in want.all_terms() if t != ("id", b"__meta__")]
        assert terms == [t for t in have.all_terms() if t != ("id", b"__meta__")]
        for field, term in terms:
            a, b = want.term_info(field, term), have.term_info(field, term)
            assert (a.weight(), a.doc_frequency(), a.min_length(), a.max_length(),
                    a.max_weight()) == (b.weight(), b.doc_frequency(), b.min_length(),
                                        b.max_length(), b.max_weight()), (field, term)


def test_a_worker_that_dies_fails_the_rebuild_promptly(tmp_path, monkeypatch):
    import os
    import time

    from search_index import bulk

    monkeypatch.setattr(bulk, "WORKER_TIMEOUT", 60.0)
    ix = SearchIndex(tmp_path / "ix", glossary=None)

    def produce(job):
        if job == 2:
            os._exit(3)  # killed: no report, no traceback
        return [doc(f"job-{job}", title="Walross")]

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="died"):
        ix.rebuild(range(4), checkpoint=2, procs=2, produce=produce)
    assert time.monotonic() - started < 30
    assert not ix.exists()
