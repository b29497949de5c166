"""The bulk segment builder writes what Whoosh's own writer writes, term for term."""

from __future__ import annotations

import itertools

import pytest
from whoosh import index as whoosh_index

from bench.generate_corpus import generate
from search_index import SearchIndex, SearchRequest
from search_index.analyzers import german_analyzer, name_analyzer
from search_index.bulk import build_index
from search_index.convert import meta_fields, to_fields
from search_index.schema import build_schema
from tests.search_index.corpus import PUBLIC, corpus, doc


def _documents():
    """Return the hand-made corpus plus generated records (long bodies, every type)."""
    from bench.exchange_docs import convert

    return corpus() + list(convert(generate(60, 7)))


def _whoosh_index(path, docs):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    with ix.writer() as writer:
        for d in docs:
            writer.add_document(**to_fields(d))
        writer.add_document(**meta_fields(4))
    return ix


def _bulk_index(path, docs, procs):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    build_index(ix, docs, [meta_fields(4)], procs)
    return whoosh_index.open_dir(str(path))


def _by_id(reader) -> dict[int, str]:
    """Map doc numbers to document ids (the builders may number documents differently)."""
    return {d: fields["id"] for d, fields in reader.iter_docs()}


def _postings(reader) -> dict:
    """Return (field, term) -> sorted [(doc id, weight, value bytes, field length)]."""
    ids = _by_id(reader)
    out = {}
    for field, term in reader.all_terms():
        matcher = reader.postings(field, term)
        rows = []
        while matcher.is_active():
            d = matcher.id()
            rows.append((ids[d], matcher.weight(), matcher.value(),
                         reader.doc_field_length(d, field)))
            matcher.next()
        out[field, term] = sorted(rows)
    return out


@pytest.mark.parametrize("procs", [1, 2])
def test_bulk_segments_equal_whoosh_writer(tmp_path, procs):
    docs = _documents()
    expected = _whoosh_index(tmp_path / "whoosh", docs)
    got = _bulk_index(tmp_path / "bulk", docs, procs)
    with expected.reader() as want, got.reader() as have:
        assert have.doc_count() == want.doc_count() == len(docs) + 1
        assert _postings(have) == _postings(want)
        stored = lambda r: sorted(sorted(f.items()) for _, f in r.iter_docs())  # noqa: E731
        assert stored(have) == stored(want)
        for field in ("title_de", "body_de", "fold", "names", "emails"):
            assert have.field_length(field) == want.field_length(field)
        meta = lambda r: sorted(  # noqa: E731
            v for leaf, _ in r.leaf_readers() for v in leaf.column_reader("meta") if v
        ) if not r.is_atomic() else sorted(v for v in r.column_reader("meta") if v)
        assert meta(have) == meta(want)


def test_fast_analysis_equals_token_stream():
    text = ("Arbeitsmarkt-Integration für Migrant*innen: Straße, E-Mail und "
            "Willkommenslotsen in Köln. Die Förderung der MigrantInnen " * 3)
    for analyzer in (german_analyzer(), name_analyzer()):
        tokenizer = analyzer.items[0]
        stream: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True, mode="index"):
            stream.setdefault(token.text, []).append(token.pos)
        assert tokenizer.index_positions(text) == stream


def test_rebuild_with_workers_is_searchable_and_keeps_checkpoint(tmp_path):
    ix = SearchIndex(tmp_path / "ix", glossary=None)
    extra = [doc(f"walross-{i}", title=f"Walross {i}") for i in range(450)]
    count = ix.rebuild(itertools.chain(corpus(), extra), checkpoint=7, procs=2)
    assert count == len(corpus()) + 450
    assert ix.checkpoint() == 7
    assert ix.search(SearchRequest(text="Walross"), PUBLIC).total == 450


def test_failing_document_cancels_the_rebuild(tmp_path):
    ix = SearchIndex(tmp_path / "ix", glossary=None)
    ix.rebuild(corpus(), checkpoint=1, procs=1)

    def broken():
        yield from corpus()
        raise ValueError("database went away")

    with pytest.raises(ValueError):
        ix.rebuild(broken(), checkpoint=2, procs=2)
    assert ix.checkpoint() == 1
    assert len(list((tmp_path / "ix").glob("build-*"))) == 1
