"""Per-generation facts in compact form: facet bitsets, sort keys, groups, term postings.

Built once per index generation and process. Work is cached per Whoosh segment (segments are
immutable apart from deletions), so after a small commit only the new segment is read.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
import time
from array import array
from bisect import bisect_left
from collections import OrderedDict

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from search_index import bits
from search_index import convert as c
from search_index import fields as f

K1, B = 1.2, 0.75
# Cached postings and term bitsets are bounded by size, not count: at 100k documents one
# common term holds ~50k postings (400 KB) and any term bitset up to 12.5 KB.
SEGMENT_POSTINGS_BUDGET = 3_000_000  # cached postings per segment (8 bytes each)
TERM_BITS_BUDGET = 48 << 20  # bytes of cached term bitsets per snapshot
FACET_SLOTS = {
    "topics": c.M_TOPICS,
    "target_groups": c.M_TARGETS,
    "regions": c.M_REGIONS,
    "funding_kinds": c.M_FUNDING,
    "eligible": c.M_ELIGIBLE,
    "languages_spoken": c.M_SPOKEN,  # a filter only, not counted as a facet
}


class SegmentFacts:
    """What one segment contributes; immutable apart from its deletion set."""

    def __init__(self, segreader):
        self.reader = segreader
        self.size = segreader.doc_count_all()
        self.rows: list[list | None] = []
        self.meta_docs: list[tuple[int, int]] = []  # (docnum, checkpoint), deleted or not
        self._lengths: dict[str, tuple] = {}
        self.terms: OrderedDict = OrderedDict()
        self._cached_postings = 0
        self._read_meta(segreader)

    def _read_meta(self, segreader) -> None:
        """Decode the META column; remember the checkpoint document."""
        column = segreader.column_reader(f.META)
        shared: dict = {}
        for raw in column:
            self.rows.append(_shared_values(json.loads(raw), shared) if raw else None)
        for docnum, row in enumerate(self.rows):
            if row is None:
                stored = segreader.stored_fields(docnum)
                if stored.get(f.ID) == f.META_DOC_ID:
                    self.meta_docs.append((docnum, int(stored.get(f.BODY) or 0)))

    def lengths(self, field: str) -> tuple:
        """Return (per-doc length bytes, average length) of a field in this segment."""
        got = self._lengths.get(field)
        if got is None:
            perdoc = self.reader._perdoc  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            raw = bytes(column[i] for i in range(self.size)) if column else bytes(self.size)
            total = self.reader.field_length(field)
            got = (raw, max(total / max(self.size, 1), 1.0))
            self._lengths[field] = got
        return got

    def postings(self, field: str, term: str) -> tuple[array, array]:
        """Return local doc numbers and BM25 saturation values (idf not applied) of a term."""
        key = (field, term)
        got = self.terms.get(key)
        if got is not None:
            self.terms.move_to_end(key)
            return got
        got = self._read_postings(field, term)
        self.terms[key] = got
        self._cached_postings += len(got[0])
        while self._cached_postings > SEGMENT_POSTINGS_BUDGET and len(self.terms) > 1:
            _, (ids, _) = self.terms.popitem(last=False)
            self._cached_postings -= len(ids)
        return got

    def positions(self, field: str, term: str, wanted: list[int]) -> dict[int, list[int]]:
        """Return local doc number -> positions of a term, for the sorted `wanted` docs only.

        Blocks holding none of them are skipped without being decompressed or unpickled.
        """
        out: dict[int, list[int]] = {}
        try:
            matcher = self.reader.postings(field, term)
        except Exception:  # the term is absent here
            return out
        while hasattr(matcher, "child") and not hasattr(matcher, "_read_ids"):
            matcher = matcher.child
        if not hasattr(matcher, "_read_values"):  # not a whoosh3 leaf: slow public path
            return _public_positions(matcher, set(wanted))
        decode = matcher.format.decode_positions
        low = 0  # every wanted doc below this has been passed
        while matcher.is_active():
            top = matcher._maxid  # noqa: SLF001 - block reads; whoosh pinned at 2.7.5
            start = bisect_left(wanted, low)
            if start < len(wanted) and wanted[start] <= top:
                matcher._read_ids()  # noqa: SLF001
                matcher._read_values()  # noqa: SLF001
                values = matcher._values  # noqa: SLF001
                for i, docnum in enumerate(matcher._ids):  # noqa: SLF001
                    j = bisect_left(wanted, docnum)
                    if j < len(wanted) and wanted[j] == docnum:
                        out[docnum] = decode(values[i])
            low = top + 1
            if matcher._lastblock or low > wanted[-1]:  # noqa: SLF001
                break
            matcher._next_block()  # noqa: SLF001
        return out

    def _read_postings(self, field: str, term: str) -> tuple[array, array]:
        """Read a posting list block by block (much faster than per-posting calls)."""
        ids, sats = array("I"), array("f")
        try:
            matcher = self.reader.postings(field, term)
        except Exception:  # TermNotFound and friends: the term is absent here
            return ids, sats
        while hasattr(matcher, "child") and not hasattr(matcher, "_read_ids"):
            matcher = matcher.child  # deletions are applied from Snapshot.live instead
        weights = array("f")
        if not hasattr(matcher, "_read_ids"):  # not a whoosh3 leaf: slow public path
            for docnum in matcher.all_ids():
                ids.append(docnum)
            matcher.reset()
            while matcher.is_active():
                weights.append(matcher.weight())
                matcher.next()
        while hasattr(matcher, "_read_ids") and matcher.is_active():
            matcher._read_ids()  # noqa: SLF001 - block reads; whoosh pinned at 2.7.5
            matcher._read_weights()  # noqa: SLF001
            ids.extend(matcher._ids)  # noqa: SLF001
            weights.extend(matcher._weights)  # noqa: SLF001
            if matcher._lastblock:  # noqa: SLF001
                break
            matcher._next_block()  # noqa: SLF001
        lens, avg = self.lengths(field)
        table = [K1 * (1 - B + B * _byte_len(b) / avg) for b in range(256)]
        norm = map(table.__getitem__, map(lens.__getitem__, ids))  # per length byte, in C
        sats.extend([w * (K1 + 1) / (w + n) for w, n in zip(weights, norm, strict=False)])
        return ids, sats


_LEN_CACHE: list[float] = []


def _byte_len(b: int) -> float:
    """Decode Whoosh's one-byte field length."""
    if not _LEN_CACHE:
        from whoosh.util.numeric import byte_to_length

        _LEN_CACHE.extend(float(byte_to_length(i)) for i in range(256))
    return _LEN_CACHE[b]


_UNIQUE_SLOTS = frozenset({c.M_ID, c.M_GROUP, c.M_SORTKEY})


def _shared_values(row: list, shared: dict) -> list:
    """Return the row with repeated strings (state, type, codes) as one shared object each.

    json.loads makes a new string per occurrence; at 100k rows that was most of their memory.
    """
    for i, value in enumerate(row):
        if i in _UNIQUE_SLOTS:
            continue
        if type(value) is str:
            row[i] = shared.setdefault(value, value)
        elif type(value) is list:
            row[i] = [shared.setdefault(v, v) if type(v) is str else v for v in value]
    return row


def _public_positions(matcher, wanted: set[int]) -> dict[int, list[int]]:
    """Return doc -> positions through the public matcher interface."""
    out = {}
    while matcher.is_active():
        if matcher.id() in wanted:
            out[matcher.id()] = list(matcher.value_as("positions"))
        matcher.next()
    return out


def _cost(entry: tuple[int, list]) -> int:
    """Return the bytes a cached term bitset holds (its postings are counted per segment)."""
    return (entry[0].bit_length() >> 3) + 64 * (1 + len(entry[1]))


def idf(doc_freq: int, total: int) -> float:
    """Return the BM25 inverse document frequency."""
    return math.log(1 + (total - doc_freq + 0.5) / (doc_freq + 0.5))


class Snapshot:
    """All compact facts of one index generation, in global doc numbers."""

    def __init__(self, reader, parts: list[tuple[SegmentFacts, int, object]]):
        self.reader = reader
        self.parts = [(facts, offset) for facts, offset, _ in parts]
        self.size = sum(p.size for p, _, _ in parts)
        self.checkpoint = 0
        self.rows: list[list | None] = []
        self.live = 0
        self.deleted = 0
        for part, offset, segreader in parts:
            self.rows.extend(part.rows)
            gone = set(segreader.deleted_docs_set)  # the current generation's deletions
            for docnum, checkpoint in part.meta_docs:
                if docnum not in gone:
                    self.checkpoint = checkpoint
            if gone:
                self.deleted |= bits.from_ids(gone, part.size) << offset
        self._index_rows()
        self._term_bits: OrderedDict = OrderedDict()
        self._term_bits_bytes = 0
        self._day_cache: dict = {}

    def _index_rows(self) -> None:
        """Build bitsets per value, groups and sort keys from the META rows."""
        size = self.size
        buckets: dict[tuple[str, str], list[int]] = {}
        self.group_of = array("l", [-1]) * size
        group_ids: dict[str, int] = {}
        self.members: dict[int, list[int]] = {}
        self.modified = array("d", bytes(8 * size))
        self.deadline = array("l", [0]) * size
        self.sortkey = [""] * size
        self.windowed: list[tuple[int, int, int]] = []
        self.programmes: list[tuple[int, int, int, int]] = []
        live = []
        deleted = bits.Membership(self.deleted)
        for d, row in enumerate(self.rows):
            if row is None or d in deleted:
                continue
            live.append(d)
            self._index_row(d, row, buckets, group_ids)
        self.live = bits.from_ids(live, size)
        self.values = {key: bits.from_ids(ids, size) for key, ids in buckets.items()}
        self.id_to_doc = {self.rows[d][c.M_ID]: d for d in live}

    def _index_row(self, d: int, row: list, buckets: dict, group_ids: dict) -> None:
        """Record one live document."""
        add = buckets.setdefault
        add(("type", row[c.M_TYPE]), []).append(d)
        add(("language", row[c.M_LANG]), []).append(d)
        add(("state", row[c.M_STATE]), []).append(d)
        add(("visibility", row[c.M_VIS]), []).append(d)
        if row[c.M_ORG_KIND]:
            add(("org_kind", row[c.M_ORG_KIND]), []).append(d)
        if row[c.M_PSTATUS] and row[c.M_TYPE] == "project":
            add(("status", row[c.M_PSTATUS]), []).append(d)
        for facet, slot in FACET_SLOTS.items():
            for value in row[slot] if slot < len(row) else ():
                add((facet, value), []).append(d)
        gid = group_ids.setdefault(row[c.M_GROUP], len(group_ids))
        self.group_of[d] = gid
        self.members.setdefault(gid, []).append(d)
        self.modified[d] = row[c.M_MODIFIED]
        self.deadline[d] = row[c.M_DEADLINE]
        self.sortkey[d] = row[c.M_SORTKEY]
        if row[c.M_EFF] or row[c.M_EXP]:
            self.windowed.append((d, row[c.M_EFF], row[c.M_EXP]))
        if row[c.M_TYPE] == "programme":
            dates = (row[c.M_OPEN_FROM], row[c.M_OPEN_UNTIL], row[c.M_DEADLINE])
            self.programmes.append((d, *dates))

    def __del__(self) -> None:
        """Close the reader's files once nobody uses this snapshot any more."""
        with contextlib.suppress(Exception):  # best effort, at garbage collection
            self.reader.close()

    def value_bits(self, facet: str, value: str) -> int:
        """Return the docs carrying a stored facet value."""
        return self.values.get((facet, value), 0)

    def facet_values(self, facet: str) -> list[str]:
        """Return the stored values of a facet."""
        return [v for (name, v) in self.values if name == facet]

    def term_bits(self, field: str, term: str) -> tuple[int, list[tuple[array, array, int]]]:
        """Return (bitset, [(local ids, saturations, offset) per segment]) of a term."""
        key = (field, term)
        got = self._term_bits.get(key)
        if got is not None:
            self._term_bits.move_to_end(key)
            return got
        lists, found = [], 0
        for part, offset in self.parts:
            ids, sats = part.postings(field, term)
            if ids:
                lists.append((ids, sats, offset))
                found |= bits.from_ids(ids, part.size) << offset
        got = (found & self.live, lists)
        self._term_bits[key] = got
        self._term_bits_bytes += _cost(got)
        while self._term_bits_bytes > TERM_BITS_BUDGET and len(self._term_bits) > 1:
            self._term_bits_bytes -= _cost(self._term_bits.popitem(last=False)[1])
        return got

    def twin_bits(self, lang: str) -> int:
        """Return documents in another language whose group has a `lang` version (cached)."""
        key = ("twins", lang)
        if key not in self._day_cache:
            out = []
            rows = self.rows
            for group in self.members.values():
                if len(group) > 1 and any(rows[d][c.M_LANG] == lang for d in group):
                    out.extend(d for d in group if rows[d][c.M_LANG] != lang)
            self._day_cache[key] = bits.from_ids(out, self.size)
        return self._day_cache[key]

    def day_cache(self) -> dict:
        """Return the cache for facts that depend on the audience's day."""
        return self._day_cache


class SnapshotCache:
    """The current Snapshot of an index, rebuilt when the generation or the build changes."""

    def __init__(self, open_index, live_path):
        self._open_index = open_index
        self._live_path = live_path
        self._lock = threading.Lock()
        self._ix = None
        self._ix_path = None
        self._key: tuple | None = None
        self._snapshot: Snapshot | None = None
        self._facts: dict[str, SegmentFacts] = {}

    def get(self) -> Snapshot:
        """Return the snapshot of the latest committed generation (raises if no index)."""
        path = self._live_path()
        with self._lock:
            if path != self._ix_path or self._ix is None:
                self._ix, self._ix_path, self._facts = self._open_index(), path, {}
            key = (path, self._ix.latest_generation())
            if key != self._key or self._snapshot is None:
                self._snapshot = self._build()
                self._key = key
            return self._snapshot

    def _build(self) -> Snapshot:
        """Open a fresh reader (never refresh(): see backend.py) and compose segment facts."""
        for attempt in range(5):
            try:
                reader = self._ix.reader()
                leaves = reader.leaf_readers() if reader.is_atomic() is False else [(reader, 0)]
                parts, seen = [], {}
                for segreader, offset in leaves:
                    segid = segreader.segment().segid
                    facts = self._facts.get(segid) or SegmentFacts(segreader)
                    facts.reader = segreader  # the old reader is closed with its snapshot
                    seen[segid] = facts
                    parts.append((facts, offset, segreader))
                self._facts = seen
                return Snapshot(reader, parts)
            except OSError:  # a concurrent merge removed a segment file: read the new TOC
                if attempt == 4:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")
