"""Posting columns (columns.py) hold exactly what whoosh's blocks hold, term for term."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import index as whoosh_index

from bench.generate_corpus import generate
from search_index import columns
from search_index.bulk import build_index
from search_index.columns import ColumnReader
from search_index.convert import meta_fields
from search_index.schema import build_schema
from search_index.snapshot import SegmentFacts
from tests.search_index.corpus import corpus


def _documents():
    from bench.exchange_docs import convert

    return corpus() + list(convert(generate(80, 11)))


def _bulk_index(path, procs=1):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    build_index(ix, _documents(), [meta_fields(4)], procs)
    return whoosh_index.open_dir(str(path))


@pytest.fixture
def readers():
    """Open index readers and close them after the test."""
    opened = []

    def segments(path):
        reader = whoosh_index.open_dir(str(path)).reader()
        opened.append(reader)
        return [leaf for leaf, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]

    yield segments
    for reader in opened:
        reader.close()


def _without_columns(segreader) -> SegmentFacts:
    facts = SegmentFacts(segreader)
    facts.columns = None  # what a segment whoosh's own writer wrote is read with
    return facts


@pytest.mark.parametrize("wide_keys", [False, True])
def test_columns_equal_whoosh_blocks_for_every_term(tmp_path, monkeypatch, readers, wide_keys):
    if wide_keys:  # segments of over 65,536 documents keep 8-byte position keys
        monkeypatch.setattr(columns, "key_dtype", lambda count: np.dtype("<u8"))
    _bulk_index(tmp_path / "ix", procs=2)
    checked = phrases = 0
    for segreader in readers(tmp_path / "ix"):
        with_columns = SegmentFacts(segreader)
        assert with_columns.columns is not None
        assert with_columns.columns.keys == np.dtype("<u8" if wide_keys else "<u4")
        blocks = _without_columns(segreader)
        for field, term in segreader.all_terms():
            if field in columns.UNLISTED:  # read from whoosh's blocks (see postings())
                continue
            text = term.decode("utf-8")
            got = with_columns._read_columns(field, text)
            want = blocks._read_postings(field, text)
            for have, expected in zip(got, want, strict=True):
                assert np.array_equal(have, expected), (field, text)
            checked += 1
            if field in with_columns.columns.positional:
                keys = with_columns._read_positions(field, text)
                assert np.array_equal(keys, blocks._read_positions(field, text)), (field, text)
                phrases += len(keys) > 1
    assert checked > 3000 and phrases > 300  # the comparison covered real posting lists


def test_absent_terms_read_as_empty(tmp_path, readers):
    _bulk_index(tmp_path / "ix")
    facts = SegmentFacts(readers(tmp_path / "ix")[0])
    ids, weights, lengths = facts._read_columns("body_de", "gibtesnichtwort")
    assert len(ids) == len(weights) == len(lengths) == 0
    assert len(facts._read_positions("body_de", "gibtesnichtwort")) == 0
    assert len(facts._read_columns("no_such_field", "x")[0]) == 0


def test_damaged_columns_are_reported_not_misread(tmp_path, readers):
    _bulk_index(tmp_path / "ix")
    segreader = readers(tmp_path / "ix")[0]
    field, term = next((f, t) for f, t in segreader.all_terms() if f == "body_de")
    info = segreader.term_info(field, term)
    pst = tmp_path / "ix" / segreader.segment().make_filename(".pst")
    data = bytearray(pst.read_bytes())
    trailer = info._offset - columns.TRAILER.size
    data[trailer:trailer + 4] = b"XXXX"
    pst.write_bytes(bytes(data))
    facts = SegmentFacts(readers(tmp_path / "ix")[0])
    with pytest.raises(ValueError, match="damaged"):
        facts.columns.postings(facts.reader, field, term.decode("utf-8"))
    # A search reads that segment from whoosh's own postings instead, and gets them right
    got = facts._read_columns(field, term.decode("utf-8"))
    assert facts.columns is None
    want = _without_columns(readers(tmp_path / "ix")[0])._read_postings(field, term.decode("utf-8"))
    assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True)) and len(got[0])


def test_segments_whoosh_writes_have_no_marker(tmp_path, readers):
    path = tmp_path / "ix"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    with ix.writer() as writer:
        writer.add_document(**meta_fields(1))
    assert ColumnReader.open(readers(path)[0]) is None


def test_term_table_lists_every_searchable_term_where_whoosh_has_it(tmp_path, readers):
    _bulk_index(tmp_path / "ix", procs=2)
    listed = 0
    for segreader in readers(tmp_path / "ix"):
        reader = ColumnReader.open(segreader)
        assert reader is not None
        for field, btext in segreader.all_terms():
            term = btext.decode("utf-8")
            extent = reader._extent(segreader, field, term)
            if field in columns.UNLISTED:
                assert extent is None
                continue
            info = segreader.term_info(field, term)
            assert extent[1:] == (info._offset, info.doc_frequency()), (field, term)
            assert reader._extent(segreader, field, term + "qx") is None
            listed += 1
    assert listed > 3000
