"""Per-generation facts in compact form: facet bitsets, sort keys, groups, term postings.

Whoosh segments never change apart from their deletion sets, so everything read from one
(decoded META rows as columns, value bitsets, term postings) is kept per segment and reused by
every later generation. A new generation only composes the segments' facts: after an edit that
is one tiny new segment to read plus a few hundred shifted ORs, not 100,000 decoded rows again.

Memory: rows are held as columns (plain lists of shared strings, arrays, NumPy arrays), never
as one Python list per document; cached postings and term bitsets are bounded by size.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import threading
import time
import zlib
from array import array
from collections import OrderedDict
from itertools import accumulate, chain
from pickle import loads

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search_index import bits, bm25
from search_index import convert as c
from search_index import fields as f
from search_index.api import SearchResult
from search_index.blocks import block_weights, blocks, leaf_of
from search_index.columns import POSITION_SPAN, UNLISTED, ColumnReader
from search_index.joined import JoinedTerms

log = logging.getLogger(__name__)
# Caches are bounded by size, not count: at 100k documents one common term holds ~50k
# postings and any term bitset 12.5 KB.
CACHE_BUDGET = 32 << 20  # bytes per process, for four caches:
# - the joined terms of the column segments (doc numbers, BM25 saturations), kept across
#   generations: what searches reuse; the rest of the budget;
# - the bitsets of their common terms, also kept across generations: 1 / BITSETS_SHARE;
# - per generation, the documents each query word matched lately: 1 / MATCHES_SHARE;
# - per segment, postings of segments without columns and phrase positions:
#   1 / POSTINGS_SHARE of the budget;
# - per generation, the joined terms of the segments without columns (the edits since the
#   last rebuild; the whole index if no segment has columns): 1 / TAIL_SHARE.
POSTINGS_SHARE = 4
BITSETS_SHARE = 8
MATCHES_SHARE = 8
TAIL_SHARE = 16
RACY_SECONDS = 1.0  # a folder changed this recently is listed again (see _generation)
SMALL_SEGMENT = 2000  # documents: such segments list their terms in memory
MANY_DOCUMENTS = 8_000  # facet counting switches from one bincount to bitset ANDs here
FACET_SLOTS = {
    "topics": c.M_TOPICS,
    "target_groups": c.M_TARGETS,
    "regions": c.M_REGIONS,
    "funding_kinds": c.M_FUNDING,
    "eligible": c.M_ELIGIBLE,
    "languages_spoken": c.M_SPOKEN,  # a filter only, not counted as a facet
}
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_EMPTY_SATS = np.zeros(0, dtype=np.float32)
_EMPTY_LENS = np.zeros(0, dtype=np.uint8)


class SizedCache:
    """Least recently used values, bounded by their total bytes (as `cost` counts them)."""

    def __init__(self, budget: int, cost):
        self.budget = budget
        self._cost = cost
        self._entries: OrderedDict = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key):
        """Return the cached value of a key, or None."""
        with self._lock:
            got = self._entries.get(key)
            if got is not None:
                self._entries.move_to_end(key)
            return got

    def put(self, key, value) -> None:
        """Remember a value, dropping the least recently used ones over the budget."""
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = value
            self._held += self._cost(value)
            while self._held > self.budget and len(self._entries) > 1:
                self._held -= self._cost(self._entries.popitem(last=False)[1])


class PostingsCache(SizedCache):
    """Term postings of all segments, keyed (segment id, ...): (ids, sats, ...) arrays."""

    def __init__(self, budget: int = CACHE_BUDGET // POSTINGS_SHARE):
        super().__init__(budget, _nbytes)

    def forget(self, segid: str) -> None:
        """Drop the postings of a segment that is gone (merged away or rebuilt)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == segid]:
                self._held -= _nbytes(self._entries.pop(key))


def _bitset_bytes(found: int) -> int:
    return (found.bit_length() >> 3) + 100


def _nbytes(arrays: tuple) -> int:
    """Return the bytes held by a tuple of arrays (None entries hold none)."""
    return sum(a.nbytes for a in arrays if a is not None) + 100


class ResultCache:
    """Least recently used search results of one snapshot (so of one index generation).

    Results are kept pickled: bytes, which the garbage collector does not track. Kept as
    objects, 512 results (hits, tens of thousands of facet values) made every full
    collection after an edit walk them: 60-100 ms at 100k documents, with the snapshot's
    lists. Unpickling one costs tens of microseconds, and each reader gets its own copy.
    """

    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key):
        """Return a cached result or None (callers hold the engine's read lock)."""
        got = self._entries.get(key)
        if got is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return SearchResult.from_plain(pickle.loads(got))

    def put(self, key, result: SearchResult, limit: int) -> None:
        """Remember a result, forgetting the least recently used beyond `limit`."""
        self._entries[key] = pickle.dumps(result.plain(), protocol=pickle.HIGHEST_PROTOCOL)
        while len(self._entries) > limit:
            self._entries.popitem(last=False)


class SegmentFacts:
    """What one segment contributes, read once: columns, value bitsets, checkpoint docs."""

    def __init__(self, segreader, postings_cache: PostingsCache | None = None):
        self.reader = segreader
        self.segid = segreader.segment().segid
        self.size = segreader.doc_count_all()
        self.cache = postings_cache or PostingsCache()
        self.ids: list[str | None] = [None] * self.size
        self.langs: list[str | None] = [None] * self.size
        self.types: list[str | None] = [None] * self.size
        self.sortkey: list[str] = [""] * self.size
        self.versions = array("l", bytes(8 * self.size))
        self.modified = np.zeros(self.size, dtype=np.float64)
        self.local_of: dict[str, int] = {}  # id -> its (latest) doc number here
        self.translations: dict[str, list[int]] = {}  # original's id -> translations here
        self.windowed: list = []  # rows (doc, effective, expires), as an array once read
        self.programmes: list = []  # rows (doc, open_from, open_until, deadline), likewise
        self.values: dict[tuple[str, str], int] = {}  # (facet, value) -> local bitset
        self.content = 0  # bitset of article documents (not the checkpoint document)
        self.meta_docs: list[tuple[int, int]] = []  # (docnum, checkpoint), deleted or not
        self._lengths: dict[str, tuple] = {}
        self.columns = ColumnReader.open(segreader)  # None: read whoosh's blocks
        # A small segment of whoosh's writer (an edit) holds a few hundred terms: listing
        # them once spares each search whoosh's term lookups for every term it does not hold
        self.terms = None
        self._fold_terms: dict[str, list[str]] | None = None
        if self.columns is None and self.size <= SMALL_SEGMENT:
            self.terms = {(field, text) for field, text in segreader.all_terms()}
        self._read_meta(segreader)
        self.tie_keys = tie_keys(self.ids)

    def _read_meta(self, segreader) -> None:
        """Decode the META column into columns and value bitsets."""
        shared: dict[str, str] = {}
        buckets: dict[tuple[str, str], list[int]] = {}
        content: list[int] = []
        self._codes: dict[tuple[str, str], int] = {}  # (facet, value) -> number in this segment
        self._doc_codes = array("i")
        self._doc_starts = array("q", [0])
        for d, raw in enumerate(segreader.column_reader(f.META)):
            if raw:
                content.append(d)
                self._add_row(d, json.loads(raw), shared, buckets)
            else:
                stored = segreader.stored_fields(d)
                if stored.get(f.ID) == f.META_DOC_ID:
                    self.meta_docs.append((d, int(stored.get(f.BODY) or 0)))
            self._doc_starts.append(len(self._doc_codes))
        self.content = bits.from_ids(content, self.size)
        self.windowed = np.array(self.windowed, dtype=np.int64).reshape(-1, 3)
        self.programmes = np.array(self.programmes, dtype=np.int64).reshape(-1, 4)
        self.values = {key: bits.from_ids(ids, self.size) for key, ids in buckets.items()}
        # Every document's (facet, value) numbers, back to back: counting facets of a result
        # is then one bincount over its documents' rows.
        self.key_table = list(self._codes)
        self.doc_codes = np.frombuffer(self._doc_codes, dtype=np.int32)
        self.doc_starts = np.frombuffer(self._doc_starts, dtype=np.int64)
        del self._codes, self._doc_codes, self._doc_starts

    def _add_row(self, d: int, row: list, shared: dict, buckets: dict) -> None:
        """Record one document's META row."""
        doc_id = row[c.M_ID]
        share = shared.setdefault
        self.ids[d] = doc_id
        self.local_of[doc_id] = d
        self.langs[d] = share(row[c.M_LANG], row[c.M_LANG])
        self.types[d] = share(row[c.M_TYPE], row[c.M_TYPE])
        self.sortkey[d] = row[c.M_SORTKEY]
        self.versions[d] = row[c.M_VERSION]
        self.modified[d] = row[c.M_MODIFIED]
        if row[c.M_GROUP] != doc_id:
            self.translations.setdefault(row[c.M_GROUP], []).append(d)
        if row[c.M_EFF] or row[c.M_EXP]:
            self.windowed.append((d, row[c.M_EFF], row[c.M_EXP]))
        if row[c.M_TYPE] == "programme":
            self.programmes.append((d, row[c.M_OPEN_FROM], row[c.M_OPEN_UNTIL],
                                    row[c.M_DEADLINE]))
        codes = self._codes
        for key in _row_values(row):
            buckets.setdefault(key, []).append(d)
            self._doc_codes.append(codes.setdefault(key, len(codes)))

    def fold_terms(self) -> dict[str, list[str]]:
        """Return the terms of the unstemmed folded field by first letter (read once).

        Near spellings are looked up among them; whoosh's terms_within walks its term
        files in Python for that (about 10 ms per word at 100k documents).
        """
        if self._fold_terms is None:
            by_first: dict[str, list[str]] = {}
            for btext in self.reader.lexicon(f.FOLD):
                term = btext.decode("utf-8")
                by_first.setdefault(term[:1], []).append(term)
            self._fold_terms = by_first
        return self._fold_terms

    def lengths(self, field: str) -> np.ndarray:
        """Return the per-doc length bytes of a field."""
        got = self._lengths.get(field)
        if got is None:
            got = self._lengths[field] = bm25.length_bytes(self.reader, field, self.size)
        return got

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return a term's local doc numbers, term frequencies and field length bytes.

        Read from the columns each time (one pread, from the page cache when warm): the
        snapshot's term cache keeps what searches use, so the budget goes there.
        """
        if self.columns is not None and field not in UNLISTED:
            return self._read_columns(field, term)
        if self.terms is not None and (field, term.encode("utf-8")) not in self.terms:
            return _EMPTY_IDS, _EMPTY_SATS, _EMPTY_LENS
        key = (self.segid, field, term)
        got = self.cache.get(key)
        if got is None:
            got = self._read_postings(field, term)
            self.cache.put(key, got)
        return got

    def position_keys(self, field: str, term: str) -> np.ndarray:
        """Return a term's occurrences as sorted keys local_doc * 2**16 + position (cached).

        Phrases are then checked with array operations: "a b" occurs where key(b) - 1 is a
        key of a. Positions past 2**16 - 64 (very long texts) are left out.
        """
        key = (self.segid, field, term, "positions")
        got = self.cache.get(key)
        if got is None:
            got = self._read_positions(field, term)
            self.cache.put(key, (got, None))
            return got
        return got[0]

    def _read_positions(self, field: str, term: str) -> np.ndarray:
        if self.columns is not None:
            try:
                keys = self.columns.position_keys(self.reader, field, term)
            except ValueError:  # damaged: see _read_columns
                log.error("posting columns of segment %s are damaged: reading whoosh's "
                          "postings instead", self.segid, exc_info=True)
                self.columns, keys = None, None
            if keys is not None:
                return keys
        try:
            matcher = self.reader.postings(field, term)
        except Exception:  # the term is absent here
            return _EMPTY_KEYS
        docs, counts, flat = [], array("I"), array("I")
        leaf = leaf_of(matcher)
        if leaf is None:  # inlined or otherwise not a whoosh3 leaf: the public interface
            ids = array("I")
            while matcher.is_active():
                found = matcher.value_as("positions")
                ids.append(matcher.id())
                counts.append(len(found))
                flat.extend(found)
                matcher.next()
            docs.append(np.frombuffer(ids, dtype=np.uint32).astype(np.int64))
        else:
            for ids, _, values in blocks(leaf):
                docs.append(ids)
                for value in values:
                    found = _decoded_positions(value)
                    counts.append(len(found))
                    flat.extend(found)
        doc_of_each = np.repeat(np.concatenate(docs), np.frombuffer(counts, dtype=np.uint32))
        positions = np.frombuffer(flat, dtype=np.uint32).astype(np.int64)
        keys = doc_of_each * POSITION_SPAN + positions
        return np.sort(keys[positions < POSITION_SPAN - 64])

    def _read_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read a posting list whole (see blocks.py); deletions are applied from Snapshot.live."""
        if self.columns is not None and field not in UNLISTED:
            return self._read_columns(field, term)
        try:
            matcher = self.reader.postings(field, term)
        except Exception:  # TermNotFound and friends: the term is absent here
            return _EMPTY_IDS, _EMPTY_SATS, _EMPTY_LENS
        leaf = leaf_of(matcher)
        if leaf is None:  # inlined or otherwise not a whoosh3 leaf: the public interface
            ids, weights = array("I"), array("f")
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
            local = np.frombuffer(ids, dtype=np.uint32).astype(np.int64)
            freqs = np.frombuffer(weights, dtype=np.float32)
        else:
            parts = list(blocks(leaf))
            local = np.concatenate([ids for ids, _, _ in parts])
            freqs = np.concatenate([block_weights(w, len(ids)) for ids, w, _ in parts])
        lens = self.lengths(field)[local]
        return local.astype(np.uint16 if self.size <= 1 << 16 else np.int32), freqs, lens

    def _read_columns(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read a posting list from the segment's columns (see columns.py).

        Damaged columns are reported and the segment is read from whoosh's blocks from then
        on: searches stay right; `kb reindex` writes the columns again.
        """
        try:
            got = self.columns.postings(self.reader, field, term)
        except ValueError:
            log.error("posting columns of segment %s are damaged: reading whoosh's postings "
                      "instead (kb reindex writes them again)", self.segid, exc_info=True)
            self.columns = None
            return self._read_postings(field, term)
        if got is None:
            return _EMPTY_IDS, _EMPTY_SATS, _EMPTY_LENS
        local, freqs = got
        lens = self.lengths(field)[local]
        return local.astype(np.uint16 if self.size <= 1 << 16 else np.int32), freqs, lens


_EMPTY_KEYS = np.zeros(0, dtype=np.int64)
_DECODED: dict[bytes, tuple[int, ...]] = {}


def _decoded_positions(value: bytes) -> tuple[int, ...]:
    """Decode one Positions posting value (pack_uint(n) + pickled deltas), memoized.

    Most values are one small position, so the same few thousand byte strings recur.
    """
    got = _DECODED.get(value)
    if got is None:
        deltas = loads(value[4:] if value.endswith(b".") else value[4:] + b".")
        got = tuple(accumulate(deltas))
        if len(_DECODED) > 200_000:
            _DECODED.clear()
        _DECODED[value] = got
    return got


def _row_values(row: list):
    """Yield the (facet, value) keys a META row carries."""
    yield ("type", row[c.M_TYPE])
    yield ("language", row[c.M_LANG])
    yield ("state", row[c.M_STATE])
    yield ("visibility", row[c.M_VIS])
    if row[c.M_ORG_KIND]:
        yield ("org_kind", row[c.M_ORG_KIND])
    if row[c.M_PSTATUS] and row[c.M_TYPE] == "project":
        yield ("status", row[c.M_PSTATUS])
    for facet, slot in FACET_SLOTS.items():
        for value in row[slot] if slot < len(row) else ():
            yield (facet, value)


class Snapshot:
    """All compact facts of one index generation, in global doc numbers."""

    def __init__(self, reader, parts: list[tuple[SegmentFacts, int, object]],
                 terms: TermStore | None = None, tail_budget: int = CACHE_BUDGET // TAIL_SHARE,
                 joined: JoinedTerms | None = None, bitsets: TermStore | None = None,
                 matches_budget: int = CACHE_BUDGET // MATCHES_SHARE):
        self.reader = reader
        self.parts = [(facts, offset) for facts, offset, _ in parts]
        # Column segments (the bulk builder's) make the base, whose joined terms outlive the
        # generation (TermStore); the others (edits, merges) the tail, read per generation.
        # The rebuild's checkpoint segment lists no terms (an id only): in neither, so that
        # whoosh merging it away with the edits' segments leaves the base as it was.
        self.base = [(part, offset) for part, offset in self.parts
                     if part.columns is not None and part.columns.listed]
        self.tail = [(part, offset) for part, offset in self.parts if part.columns is None]
        self.layout = tuple((part.segid, offset) for part, offset in self.base)
        self._base_end = max((offset + part.size for part, offset in self.base), default=0)
        self._tail_start = min((offset for _, offset in self.tail), default=0)
        # the base's terms as the rebuild joined them (joined.py), if written for this base
        self.joined = joined if joined is not None and joined.layout == self.layout else None
        self._terms = terms if terms is not None else TermStore(CACHE_BUDGET // 2)
        self._bitsets = bitsets if bitsets is not None else TermStore(CACHE_BUDGET // 8)
        self.size = sum(p.size for p, _, _ in parts)
        self.checkpoint = 0
        self.live = 0
        for part, offset, segreader in parts:
            gone = set(segreader.deleted_docs_set)  # this generation's deletions
            for docnum, checkpoint in part.meta_docs:
                if docnum not in gone:
                    self.checkpoint = checkpoint
            self.live |= (part.content & ~bits.from_ids(gone, part.size)) << offset
        self.values = self._compose_values()
        self.key_table = list(self.values)
        self.doc_codes, self.doc_starts = self._compose_codes()
        self.doc_lengths = np.diff(self.doc_starts)
        # Tuples of strings, which the garbage collector stops tracking: lists of 100k
        # entries made each full collection after an edit visit every entry.
        self.ids = tuple(chain.from_iterable(p.ids for p, _ in self.parts))
        self.langs = tuple(chain.from_iterable(p.langs for p, _ in self.parts))
        self.types = tuple(chain.from_iterable(p.types for p, _ in self.parts))
        self.sortkey = tuple(chain.from_iterable(p.sortkey for p, _ in self.parts))
        self.modified = _concat([p.modified for p, _ in self.parts], np.float64)
        self.tie_keys = _concat([p.tie_keys for p, _ in self.parts], np.uint32)
        # date ordinals per document (0 = none), first column the global doc number
        self.windowed = _offset_rows([(p.windowed, o) for p, o in self.parts], 3)
        self.programmes = _offset_rows([(p.programmes, o) for p, o in self.parts], 4)
        self._live = bits.Membership(self.live)
        self.members = self._compose_groups()
        self.live_mask = bits.to_mask(self.live, self.size)
        # the documents not live (deleted, checkpoints): few, and counted out of postings
        self._dead = np.flatnonzero(~self.live_mask).astype(np.int32)
        self._tail_cache: OrderedDict = OrderedDict()
        self._tail_bytes = 0
        self._tail_budget = tail_budget
        self._doc_freqs: dict[tuple[str, str], int] = {}
        self._term_lock = threading.Lock()
        self._day_cache: dict = {}
        self.results = ResultCache()
        # what each query word (a group of alternatives) matched lately: see matching.py
        self.matches = SizedCache(matches_budget, _bitset_bytes)

    def _compose_values(self) -> dict[tuple[str, str], int]:
        """OR the segments' value bitsets into global ones, live documents only."""
        out: dict[tuple[str, str], int] = {}
        for part, offset in self.parts:
            for key, local in part.values.items():
                out[key] = out.get(key, 0) | (local << offset)
        live = self.live
        return {key: value & live for key, value in out.items()}

    def _compose_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Join the segments' per-document value numbers, renumbered to key_table."""
        number = {key: i for i, key in enumerate(self.key_table)}
        codes, starts, base = [], [], 0
        for part, _ in self.parts:
            renumber = np.array([number[key] for key in part.key_table] or [0], dtype=np.int32)
            codes.append(renumber[part.doc_codes])
            starts.append(part.doc_starts[:-1] + base)
            base += len(part.doc_codes)
        starts.append(np.array([base], dtype=np.int64))
        return _concat(codes, np.int32), _concat(starts, np.int64)

    def value_counts(self, docs: int) -> np.ndarray:
        """Return how many of the documents carry each key_table entry.

        Few documents: one bincount over their rows of value numbers. Many (a common word):
        every value's bitset ANDed with them and counted at once, as rows of 64-bit words
        (some 260 values of 12.5 KB at 100k: 1 ms, where an AND and a count per value as
        Python ints took 4 ms).
        """
        if docs.bit_count() > MANY_DOCUMENTS:
            found = self._value_words() & bits.to_words(docs, self.size)
            return np.bitwise_count(found).sum(axis=1, dtype=np.int64)
        ids = bits.to_array(docs)
        first, lengths = self.doc_starts[ids], self.doc_lengths[ids]
        first, lengths = first[lengths > 0], lengths[lengths > 0]
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self.key_table), dtype=np.int64)
        # positions first[i] .. first[i] + lengths[i] - 1 of every document, in one array
        steps = np.ones(total, dtype=np.int64)
        ends = np.cumsum(lengths)[:-1]
        steps[0] = first[0]
        steps[ends] = first[1:] - (first[:-1] + lengths[:-1] - 1)
        rows = np.cumsum(steps)
        return np.bincount(self.doc_codes[rows], minlength=len(self.key_table))

    def _value_words(self) -> np.ndarray:
        """Return each key_table entry's documents as a row of 64-bit words (made once)."""
        key = ("value-words",)
        if key not in self._day_cache:
            rows = [bits.to_words(self.values[k], self.size) for k in self.key_table]
            self._day_cache[key] = (np.stack(rows) if rows
                                    else np.zeros((0, (self.size + 63) >> 6), np.uint64))
        return self._day_cache[key]

    def _compose_groups(self) -> dict[int, tuple[int, ...]]:
        """Return doc -> live members of its translation group, for groups of two or more.

        Members as tuples of ints, which the garbage collector stops tracking (see ids).
        """
        live = self._live
        grouped: dict[str, list[int]] = {}
        for part, offset in self.parts:
            for original, docs in part.translations.items():
                found = [d + offset for d in docs if d + offset in live]
                if found:
                    grouped.setdefault(original, []).extend(found)
        out: dict[int, tuple[int, ...]] = {}
        for original, docs in grouped.items():
            head = self.doc_of(original)
            members = tuple(sorted(docs if head is None else [head, *docs]))
            if len(members) > 1:
                for d in members:
                    out[d] = members
        return out

    def __del__(self) -> None:
        """Close the reader's files once nobody uses this snapshot any more."""
        with contextlib.suppress(Exception):  # best effort, at garbage collection
            self.reader.close()

    def doc_of(self, doc_id: str) -> int | None:
        """Return the live global doc number of an id, or None."""
        for part, offset in reversed(self.parts):
            local = part.local_of.get(doc_id)
            if local is not None and local + offset in self._live:
                return local + offset
        return None

    def live_ids(self):
        """Yield (id, doc number) of every live document."""
        ids = self.ids
        for d in bits.iter_ids(self.live):
            yield ids[d], d

    def version(self, d: int) -> int:
        """Return a document's version."""
        for part, offset in self.parts:
            if d < offset + part.size:
                return part.versions[d - offset]
        raise IndexError(d)

    def value_bits(self, facet: str, value: str) -> int:
        """Return the docs carrying a stored facet value."""
        return self.values.get((facet, value), 0)

    def near_terms(self, term: str, edits: int) -> list[str]:
        """Return the folded terms that share the first letter of a term and lie within
        `edits` edits of it (a transposition counts as one), the term itself excluded."""
        found: set[str] = set()
        for part, _ in self.parts:
            bucket = part.fold_terms().get(term[:1])
            if bucket:
                near = process.extract(term, bucket, scorer=OSA.distance,
                                       score_cutoff=edits, limit=None)
                found.update(choice for choice, _, _ in near)
        found.discard(term)
        return sorted(found)

    def term_bits(self, field: str, term: str) -> int:
        """Return the live documents holding a term in a field."""
        docs = self.term_docs(field, term)
        if not isinstance(docs, int):
            docs = bits.from_array(docs, self.size) if len(docs) else 0
        return docs & self.live

    def term_docs(self, field: str, term: str) -> int | np.ndarray:
        """Return the documents holding a term in a field, deleted ones included: a common
        term's as a bitset, another's as doc numbers (see bits.is_common and bits.Union)."""
        base = self._base_docs(field, term)
        tail = self._tail_term(field, term)
        if tail is None or not len(tail[0]):
            return base
        if isinstance(base, int):
            return base | bits.from_array(tail[0], self.size, self._tail_start)
        return np.concatenate((base, tail[0])) if len(base) else tail[0]

    def term_postings(self, field: str, term: str) -> tuple[int, list[tuple]]:
        """Return (live doc count, [(global doc numbers ascending, BM25 saturations)]).

        One pair for the base segments and one for the tail (the edits since the rebuild),
        each as read and cached: joining them per search would copy a common term's base
        postings again and again. Postings of deleted documents are included: callers mask
        them with their match set.
        """
        _, ids, sats = self._base_term(field, term)
        chunks = [(ids, sats)] if len(ids) else []
        tail = self._tail_term(field, term)
        if tail is not None and len(tail[0]):
            chunks.append(tail)
        key = (field, term)
        doc_freq = self._doc_freqs.get(key)
        if doc_freq is None:
            doc_freq = sum(self._live_count(chunk[0]) for chunk in chunks)
            if len(self._doc_freqs) < 100_000:
                self._doc_freqs[key] = doc_freq
        return doc_freq, chunks

    def _live_count(self, ids: np.ndarray) -> int:
        """Return how many of these doc numbers (ascending) are live.

        Searching the few dead documents in a long list beats reading the list's flags.
        """
        dead = self._dead
        if len(dead) * 8 > len(ids):
            return int(np.count_nonzero(self.live_mask[ids.astype(np.intp)]))
        at = np.minimum(np.searchsorted(ids, dead), len(ids) - 1)
        return len(ids) - int(np.count_nonzero(ids[at] == dead))

    def _base_term(self, field: str, term: str) -> tuple:
        """Return (layout, doc numbers, saturations) over the base segments.

        Kept across generations while the base segments stay where they are: an edit then
        costs no term a read. Deleted documents are included.
        """
        key = (field, term)
        entry = self._terms.get(key, self.layout)
        if entry is None:
            if self.joined is not None and field not in UNLISTED:
                ids, sats = self.joined.read(field, term)
            else:
                ids, sats = self._join(self.base, field, term)
            entry = (self.layout, ids, sats)
            self._terms.put(key, entry)
        return entry

    def _base_docs(self, field: str, term: str) -> int | np.ndarray:
        """Return a term's documents over the base segments: a common term's as a bitset
        (its stored bitmap, or made from its postings), another's as its doc numbers.

        Common terms' bitsets are kept apart from the postings: matching needs them in
        every search that names the term, scoring needs their long postings only when they
        may change the ranking, and a bitset is a tenth to a thirtieth of their size.
        """
        key = (field, term)
        read = self._terms.get(key, self.layout)  # most terms are rare: their postings
        if read is not None and not bits.is_common(len(read[1]), self._base_end):
            return read[1]
        kept = self._bitsets.get(key, self.layout)
        if kept is not None:
            return kept[1]
        if self.joined is None or field in UNLISTED:
            ids = read[1] if read is not None else self._base_term(field, term)[1]
            if not bits.is_common(len(ids), self._base_end):
                return ids
            found = bits.from_array(ids, self._base_end)
        else:  # one lookup: a common term's bitmap (the file has one for each), else postings
            found = self.joined.docs(field, term)
            if not isinstance(found, int):
                self._terms.put(key, (self.layout, *found))
                return found[0]
        self._bitsets.put(key, (self.layout, found))
        return found

    def _tail_term(self, field: str, term: str) -> tuple | None:
        """Return (doc numbers, saturations) of the tail segments, or None without tail
        segments (cached per generation)."""
        if not self.tail:
            return None
        key = (field, term)
        with self._term_lock:
            got = self._tail_cache.get(key)
            if got is not None:
                self._tail_cache.move_to_end(key)
                return got
        got = self._join(self.tail, field, term)
        with self._term_lock:
            if key not in self._tail_cache:
                self._tail_cache[key] = got
                self._tail_bytes += _cost(got)
            while self._tail_bytes > self._tail_budget and len(self._tail_cache) > 1:
                self._tail_bytes -= _cost(self._tail_cache.popitem(last=False)[1])
        return got

    def _join(self, parts: list, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Join a term's postings of some segments into global doc numbers and saturations.

        One list, not one per segment: scoring then costs one array operation per term.
        """
        local, freqs, lengths, offsets = [], [], [], []
        for part, offset in parts:
            ids, counts, lens = part.postings(field, term)
            if len(ids):
                local.append(ids)
                freqs.append(counts)
                lengths.append(lens)
                offsets.append(offset)
        if not local:
            return _EMPTY_IDS, _EMPTY_SATS
        if len(local) == 1:
            ids = local[0].astype(np.int32) + np.int32(offsets[0])
            freqs, lengths = freqs[0], lengths[0]
        else:  # one array operation each, whatever the number of segments
            sizes = [len(ids) for ids in local]
            ids = np.concatenate(local).astype(np.int32)
            ids += np.repeat(np.array(offsets, dtype=np.int32), sizes)
            freqs, lengths = np.concatenate(freqs), np.concatenate(lengths)
        return ids, bm25.saturations(freqs, lengths, self._norms(field))

    def _norms(self, field: str) -> np.ndarray:
        """Return BM25's length normalisation per length byte, with the average field length.

        Over all base segments, not per segment: a score must not depend on which segment
        a rebuild worker happened to put a document in. Not over the tail: edits would
        change every saturation a little, and the base's joined terms could not be kept
        across generations (an index without base segments averages over all of them).
        """
        key = ("norms", field)
        if key not in self._day_cache:
            parts = self.base or self.parts
            self._day_cache[key] = bm25.norm_table([part.reader for part, _ in parts], field)
        return self._day_cache[key]

    def twin_pairs(self, lang: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (doc, sibling) for every document of twin_bits(lang) and each sibling in
        `lang`, docs ascending and siblings in group order (cached per snapshot)."""
        key = ("twin-pairs", lang)
        if key not in self._day_cache:
            langs, members = self.langs, self.members
            pairs = [(d, s) for d in bits.iter_ids(self.twin_bits(lang))
                     for s in members[d] if langs[s] == lang]
            table = np.array(pairs, dtype=np.int64).reshape(-1, 2)
            self._day_cache[key] = (table[:, 0].copy(), table[:, 1].copy())
        return self._day_cache[key]

    def twin_bits(self, lang: str) -> int:
        """Return documents in another language whose group has a `lang` version (cached)."""
        key = ("twins", lang)
        if key not in self._day_cache:
            langs = self.langs
            out = [d for d, group in self.members.items()
                   if langs[d] != lang and any(langs[s] == lang for s in group)]
            self._day_cache[key] = bits.from_ids(out, self.size)
        return self._day_cache[key]

    def closing_days(self) -> np.ndarray:
        """Return each document's last day for applications as a day number (0: none).

        The earlier of a programme's open_until and deadline, as its status reckons it:
        a sort "by deadline" then agrees with the dates the status badges show.
        """
        key = ("closing-days",)
        if key not in self._day_cache:
            closes = np.zeros(self.size, dtype=np.int64)
            if len(self.programmes):
                docs, _, until, deadline = self.programmes.T
                far = 10**9
                first = np.minimum(np.where(until > 0, until, far),
                                   np.where(deadline > 0, deadline, far))
                closes[docs] = np.where(first < far, first, 0)
            self._day_cache[key] = closes
        return self._day_cache[key]

    def title_order(self) -> np.ndarray:
        """Return each document's rank in title order (cached per snapshot)."""
        key = ("title-order",)
        if key not in self._day_cache:
            # equal titles in tie order (sorting is stable)
            order = sorted(self.tie_order(np.arange(self.size)).tolist(),
                           key=self.sortkey.__getitem__)
            ranks = np.empty(self.size, dtype=np.int32)
            ranks[np.array(order, dtype=np.int32)] = np.arange(self.size, dtype=np.int32)
            self._day_cache[key] = ranks
        return self._day_cache[key]

    def tie_order(self, docs: np.ndarray) -> np.ndarray:
        """Return documents ordered by their tie keys (see tie_keys), doc number last."""
        return docs[np.lexsort((docs, self.tie_keys[docs]))]

    def day_cache(self) -> dict:
        """Return the cache for facts that depend on the audience's day."""
        return self._day_cache


def tie_keys(ids: list) -> np.ndarray:
    """Return a number per document made from its article id, ordering equal scores, dates
    and titles.

    Doc numbers would do within one index, but two indexes of the same articles (another
    node's, or after a rebuild) number them differently: a reader paging through results
    served by both must not meet a hit twice or miss one.
    """
    return np.fromiter((zlib.crc32(doc_id.encode()) if doc_id else 0 for doc_id in ids),
                       dtype=np.uint32, count=len(ids))


def _concat(arrays: list, dtype) -> np.ndarray:
    """Concatenate arrays (one array is returned as it is)."""
    if len(arrays) == 1:
        return np.asarray(arrays[0], dtype=dtype)
    if not arrays:
        return np.zeros(0, dtype=dtype)
    return np.concatenate(arrays).astype(dtype, copy=False)


def _offset_rows(parts: list[tuple[np.ndarray, int]], width: int) -> np.ndarray:
    """Stack the segments' rows, their first column moved to global doc numbers."""
    rows = [table + np.array([offset] + [0] * (width - 1)) for table, offset in parts if len(table)]
    return np.concatenate(rows) if rows else np.zeros((0, width), dtype=np.int64)


def _cost(entry: tuple) -> int:
    """Return the bytes a cached term entry holds (its arrays and bitsets)."""
    held = 200
    for item in entry:
        if isinstance(item, np.ndarray):
            held += item.nbytes
        elif isinstance(item, int):
            held += item.bit_length() >> 3
    return held


class TermStore:
    """Entries of the base segments' terms (joined postings, or bitsets), least recently
    used, bounded by their bytes.

    Kept by the SnapshotCache across generations; an entry is used only by snapshots with
    the same base layout (segments and offsets) it was read for.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self._entries: OrderedDict = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key, layout: tuple):
        """Return the entry for a key read with this layout, or None."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is None or kept[0][0] != layout:
                return None
            self._entries.move_to_end(key)
            return kept[0]

    def put(self, key, entry: tuple) -> None:
        """Keep an entry, forgetting the least recently used beyond the budget."""
        cost = _cost(entry)  # kept with the entry: evicting then costs no second count
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._held -= old[1]
            self._entries[key] = (entry, cost)
            self._held += cost
            while self._held > self.budget and len(self._entries) > 1:
                self._held -= self._entries.popitem(last=False)[1][1]


class SnapshotCache:
    """The current Snapshot of an index, rebuilt when the generation or the build changes."""

    def __init__(self, open_index, live_path, budget: int = CACHE_BUDGET):
        self._budget = budget
        self._open_index = open_index
        self._live_path = live_path
        self._lock = threading.Lock()
        self._ix = None
        self._ix_path = None
        self._key: tuple | None = None
        self._snapshot: Snapshot | None = None
        self._facts: dict[str, SegmentFacts] = {}
        self._postings = PostingsCache(budget // POSTINGS_SHARE)
        self._terms = TermStore(self._store_budget())
        self._bitsets = TermStore(budget // BITSETS_SHARE)
        self._joined: JoinedTerms | None = None
        self._known_generation: tuple | None = None  # ((folder, its mtime), generation)

    def _store_budget(self) -> int:
        budget = self._budget
        return (budget - budget // POSTINGS_SHARE - budget // BITSETS_SHARE
                - budget // MATCHES_SHARE - budget // TAIL_SHARE)

    def get(self) -> Snapshot:
        """Return the snapshot of the latest committed generation (raises if no index)."""
        path = self._live_path()
        with self._lock:
            if path != self._ix_path or self._ix is None:
                self._ix, self._ix_path, self._facts = self._open_index(), path, {}
                self._postings = PostingsCache(self._budget // POSTINGS_SHARE)
                self._terms = TermStore(self._store_budget())
                self._bitsets = TermStore(self._budget // BITSETS_SHARE)
                self._joined = JoinedTerms.open(self._ix.storage.folder)
            key = (path, self._generation(path))
            if key != self._key or self._snapshot is None:
                self._snapshot = self._build()
                self._key = key
            return self._snapshot

    def _generation(self, path) -> int:
        """Return the index's latest generation, listing its folder only after a change.

        Whoosh lists the folder and parses every file name (0.2 ms at 100k, per search); a
        new generation adds a file, which changes the folder's modification time. A time
        within RACY_SECONDS of now is not trusted: a second change may follow in the same
        tick of the file system's clock.
        """
        try:
            changed = os.stat(path).st_mtime_ns if path is not None else None
        except OSError:
            changed = None
        known = self._known_generation
        if changed is not None and known is not None and known[0] == (path, changed) \
                and time.time_ns() - changed > RACY_SECONDS * 1e9:
            return known[1]
        generation = self._ix.latest_generation()
        self._known_generation = ((path, changed), generation)
        return generation

    def _build(self) -> Snapshot:
        """Open a fresh reader (never refresh(): see backend.py) and compose segment facts."""
        for attempt in range(5):
            try:
                reader = self._ix.reader()
                leaves = reader.leaf_readers() if reader.is_atomic() is False else [(reader, 0)]
                parts, seen = [], {}
                for segreader, offset in leaves:
                    segid = segreader.segment().segid
                    facts = self._facts.get(segid) or SegmentFacts(segreader, self._postings)
                    facts.reader = segreader  # the old reader is closed with its snapshot
                    seen[segid] = facts
                    parts.append((facts, offset, segreader))
                for segid in set(self._facts) - set(seen):
                    self._postings.forget(segid)
                self._facts = seen
                return Snapshot(reader, parts, self._terms, self._budget // TAIL_SHARE,
                                self._joined, self._bitsets,
                                self._budget // MATCHES_SHARE)
            except OSError:  # a concurrent merge removed a segment file: read the new TOC
                if attempt == 4:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")
