"""Posting columns: each term's postings as plain arrays beside its whoosh3 posting list.

A whoosh3 posting list is a chain of pickled, zlib-compressed blocks: reading one cold costs a
matcher that decodes its first block, then a pickle and a decompression per 128 postings.
At 100k documents that was most of a cold search (about 1.6 ms per term and segment, and
8 ms for the positions of a common word in a phrase). The bulk builder (bulk.py) therefore
writes, right before each term's posting list in the segment's .pst file, the same postings
as arrays a reader takes with one pread and no decoding:

    [position keys: m x uint32 or uint64] [doc numbers: n x uint32] [weights: n x float32]
    [trailer: b"KBc1", n, m as little-endian uint32] [b"W3Bl" ... the whoosh3 posting list]

Whoosh's term info points at the posting list, so whoosh itself (readers, merges, `apply`)
never sees the columns; a reader finds them just before that offset. Position keys are
``doc * 2**16 + position`` in ascending order, positions past 2**16 - 64 left out (the
form phrase matching uses, see snapshot.position_keys).

Only segments the bulk builder wrote have columns; it says so in a file ``<segment>.kbc``,
which whoosh deletes together with the segment's other files: one line of JSON, then the
segment's term table: a 64-bit hash of each searchable (field, term) key, ascending, and
per key where its posting list starts in the .pst file and how many postings it has.
A lookup is one binary search in memory (about 20 bytes per term), where whoosh's term
table costs a hash and two or three preads; most terms a search looks up are absent from
a given segment (other language, compound parts, variants). Two keys sharing a 64-bit
hash are not told apart: with some 10^5 terms per segment the odds are about 10^-9.
Segments whoosh's own writer wrote (edits, merges of small segments) are read through
blocks.py as before.
"""

from __future__ import annotations

import json
import struct
from hashlib import blake2b

import numpy as np

MARKER = ".kbc"
MAGIC = b"KBc1"
TRAILER = struct.Struct("<4sII")
POSITION_SPAN = 1 << 16
_POSITION_LIMIT = POSITION_SPAN - 64
_EMPTY_KEYS = np.zeros(0, dtype=np.int64)


def key_dtype(doc_count: int) -> np.dtype:
    """Return the narrowest dtype that holds every position key of a segment."""
    return np.dtype("<u4") if doc_count <= POSITION_SPAN else np.dtype("<u8")


UNLISTED = frozenset(["id", "group"])  # looked up by whoosh only (deletions), never here


def write_marker(storage, segment, doc_count: int, positional: list[str],
                 terms: TermTable) -> None:
    """Say that a segment's .pst file carries columns, which fields have position keys and
    where each term's postings are."""
    table = terms.finish()
    marker = {"version": 4, "keys": key_dtype(doc_count).str, "positions": sorted(positional),
              "terms": len(table), "fields": terms.fields}
    out = storage.create_file(segment.make_filename(MARKER))
    out.write(json.dumps(marker).encode("utf-8") + b"\n" + table.tobytes())
    out.close()


def lists_terms(storage, segment) -> bool:
    """Tell whether a segment has columns and lists terms in its table (reads one line)."""
    name = segment.make_filename(MARKER)
    try:
        if not storage.file_exists(name):
            return False
        handle = storage.open_file(name)
        try:
            marker = json.loads(handle.read(4096).partition(b"\n")[0])
        finally:
            handle.close()
        return marker.get("version") in (3, 4) and marker.get("terms", 0) > 0
    except (OSError, ValueError):
        return False


def term_hash(field: str, term: bytes) -> int:
    """Return the 64-bit hash a (field, term) key is listed under."""
    key = field.encode("utf-8") + b"\0" + term
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "little")


_ENTRY_V3 = np.dtype([("hash", "<u8"), ("offset", "<u8"), ("count", "<u4")])
# version 4: also the term's field, as its index in the marker's "fields" list
_ENTRY = np.dtype([("hash", "<u8"), ("offset", "<u8"), ("count", "<u4"), ("field", "<u2")])


class TermTable:
    """Collects a segment's term extents while the posting lists are written."""

    def __init__(self):
        self._hashes, self._offsets, self._counts, self._fields = [], [], [], []
        self.fields: list[str] = []
        self._field_numbers: dict[str, int] = {}

    def add(self, field: str, btext: bytes, offset: int, count: int) -> None:
        """Record where a term's posting list starts and how many postings it has."""
        if field not in UNLISTED:
            number = self._field_numbers.get(field)
            if number is None:
                number = self._field_numbers[field] = len(self.fields)
                self.fields.append(field)
            self._hashes.append(term_hash(field, btext))
            self._offsets.append(offset)
            self._counts.append(count)
            self._fields.append(number)

    def finish(self) -> np.ndarray:
        """Return the entries sorted by hash."""
        table = np.empty(len(self._hashes), dtype=_ENTRY)
        table["hash"], table["offset"] = self._hashes, self._offsets
        table["count"], table["field"] = self._counts, self._fields
        return np.sort(table, order="hash")


# --- writing ---------------------------------------------------------------------------


class BatchColumns:
    """The column bytes of a batch of consecutive terms (postings first..last of a field)."""

    def __init__(self, inv, term_first: np.ndarray, lo: int, hi: int, first: int, last: int,
                 keys: np.dtype | None):
        counts = inv.counts[lo:hi]
        self.ids = inv.docs[first:last].astype("<u4").tobytes()
        self.weights = inv.weights(first, last).astype("<f4").tobytes()
        self.posting_starts = (term_first[lo:hi] - first).tolist()
        self.counts = counts.tolist()
        self.keys, self.key_starts = b"", [0] * (hi - lo + 1)
        if keys is not None and inv.gaps is not None:
            self._position_keys(inv, first, last, counts, keys)
        self.key_width = keys.itemsize if keys is not None else 0

    def _position_keys(self, inv, first: int, last: int, counts: np.ndarray, dtype) -> None:
        freqs = inv.freqs[first:last].astype(np.int64)
        begin = int(inv.gap_first[first])
        gaps = inv.gaps[begin:begin + int(freqs.sum())].astype(np.int64)
        starts = inv.gap_first[first:last].astype(np.int64) - begin  # each posting's first
        running = np.cumsum(gaps)
        # Positions are stored as gaps within a posting: sum them from each posting's start
        positions = running - np.repeat(running[starts] - gaps[starts], freqs)
        keep = positions < _POSITION_LIMIT
        docs = np.repeat(inv.docs[first:last].astype(np.int64), freqs)
        self.keys = (docs * POSITION_SPAN + positions)[keep].astype(dtype).tobytes()
        kept_before = np.concatenate(([0], np.cumsum(keep)))
        term_starts = np.concatenate(([0], np.cumsum(counts)))  # postings, batch-relative
        position_starts = np.concatenate((starts, [len(gaps)]))[term_starts]
        self.key_starts = kept_before[position_starts].tolist()

    def blob(self, i: int) -> bytes:
        """Return the i-th term's columns and trailer."""
        start, count = self.posting_starts[i], self.counts[i]
        lo, hi = self.key_starts[i], self.key_starts[i + 1]
        width = self.key_width
        return b"".join((self.keys[lo * width:hi * width],
                         self.ids[4 * start:4 * (start + count)],
                         self.weights[4 * start:4 * (start + count)],
                         TRAILER.pack(MAGIC, count, hi - lo)))


# --- reading ---------------------------------------------------------------------------


class ColumnReader:
    """Reads a column segment's postings: a lookup in its term table, then one pread.

    Methods take the segment's current reader: a segment outlives the readers of the index
    generations it belongs to.
    """

    def __init__(self, marker: dict, table: np.ndarray):
        self.keys = np.dtype(marker["keys"])
        self.positional = frozenset(marker["positions"])
        self._hashes = np.ascontiguousarray(table["hash"])
        # NumPy, not lists: some 10^5 terms per segment would take ~30 bytes each as ints
        self._offsets = np.ascontiguousarray(table["offset"])
        self._counts = np.ascontiguousarray(table["count"])
        self.listed = len(self._hashes)  # terms in the table (none: only ids, no text)
        # each term's field (version 4 tables), for joining segments (joined.py)
        self.fields: list[str] | None = marker.get("fields")
        self._field_numbers = (np.ascontiguousarray(table["field"])
                               if "field" in (table.dtype.names or ()) else None)

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """Return every listed term's (hash, posting list offset, count, field number),
        ordered by hash; None for a table that does not record fields (version 3)."""
        if self._field_numbers is None or self.fields is None:
            return None
        return self._hashes, self._offsets, self._counts, self._field_numbers

    @classmethod
    def open(cls, segreader) -> ColumnReader | None:
        """Return a reader if the segment has columns, else None."""
        storage, segment = segreader.storage(), segreader.segment()
        name = segment.make_filename(MARKER)
        try:
            if not storage.file_exists(name):
                return None
            handle = storage.open_file(name)
            try:
                header, _, raw = handle.read().partition(b"\n")
            finally:
                handle.close()
            marker = json.loads(header)
            entry = {3: _ENTRY_V3, 4: _ENTRY}.get(marker.get("version"))
            if entry is None:
                return None  # another layout: read through whoosh's blocks
            table = np.frombuffer(raw, dtype=entry, count=marker["terms"])
        except (OSError, ValueError, KeyError):
            return None
        return cls(marker, table)

    def postings(self, reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's local doc numbers (uint32) and weights (float32), or None."""
        extent = self._extent(reader, field, term)
        if extent is None:
            return None
        return read_postings(*extent, field, term)

    def position_keys(self, reader, field: str, term: str) -> np.ndarray | None:
        """Return a term's sorted position keys as int64 (None: this field has none here)."""
        if field not in self.positional:
            return None
        extent = self._extent(reader, field, term)
        if extent is None:
            return _EMPTY_KEYS
        postfile, offset, count = extent
        trailer = offset - TRAILER.size
        _, _, keys = _check(TRAILER.unpack(postfile.get(trailer, TRAILER.size)), count,
                            field, term)
        width = self.keys.itemsize
        raw = postfile.get(trailer - 8 * count - keys * width, keys * width)
        return np.frombuffer(raw, dtype=self.keys).astype(np.int64)


    def _extent(self, reader, field: str, term: str) -> tuple[object, int, int] | None:
        """Return (the .pst file, offset of the posting list, posting count), None if absent."""
        wanted = term_hash(field, term.encode("utf-8"))
        hashes = self._hashes
        # A NumPy scalar: a Python int above 2**63 would make NumPy search as objects (15x)
        at = int(hashes.searchsorted(np.uint64(wanted)))
        if at == len(hashes) or int(hashes[at]) != wanted:
            return None
        postfile = reader._terms._postfile  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
        return postfile, int(self._offsets[at]), int(self._counts[at])


def read_postings(postfile, offset: int, count: int, field: str = "",
                  term: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Return the doc numbers and weights of the posting list at `offset` of a .pst file
    (anything with get(position, length), whoosh's StructFile or a memory map's slicer)."""
    size = 8 * count + TRAILER.size
    raw = postfile.get(offset - size, size)
    _check(TRAILER.unpack_from(raw, 8 * count), count, field, term)
    return (np.frombuffer(raw, dtype="<u4", count=count),
            np.frombuffer(raw, dtype="<f4", count=count, offset=4 * count))


def _check(trailer: tuple, count: int, field: str, term: str) -> tuple:
    """Return the trailer if it belongs to a posting list of `count` postings."""
    magic, stored, _ = trailer
    if magic != MAGIC or stored != count:
        raise ValueError(f"posting columns of {field}:{term!r} are damaged")
    return trailer
