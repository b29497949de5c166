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

Only segments the bulk builder wrote have columns; it says so in a small marker file
``<segment>.kbc`` (JSON), which whoosh deletes together with the segment's other files.
Segments whoosh's own writer wrote (edits, merges of small segments) are read through
blocks.py as before.
"""

from __future__ import annotations

import json
import struct

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


def write_marker(storage, segment, doc_count: int, positional: list[str]) -> None:
    """Say that a segment's .pst file carries columns, and which fields have position keys."""
    marker = {"version": 1, "keys": key_dtype(doc_count).str, "positions": sorted(positional)}
    out = storage.create_file(segment.make_filename(MARKER))
    out.write(json.dumps(marker).encode("utf-8"))
    out.close()


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
    """Reads a column segment's postings: a term info lookup, then one pread.

    Methods take the segment's current reader: a segment outlives the readers of the index
    generations it belongs to.
    """

    def __init__(self, marker: dict):
        self.keys = np.dtype(marker["keys"])
        self.positional = frozenset(marker["positions"])

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
                marker = json.loads(handle.read())
            finally:
                handle.close()
        except (OSError, ValueError):
            return None
        if marker.get("version") != 1:
            return None
        return cls(marker)

    def postings(self, reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's local doc numbers (uint32) and weights (float32), or None."""
        extent = _extent(reader, field, term)
        if extent is None:
            return None
        postfile, offset, count = extent
        size = 8 * count + TRAILER.size
        raw = postfile.get(offset - size, size)
        _check(TRAILER.unpack_from(raw, 8 * count), count, field, term)
        return (np.frombuffer(raw, dtype="<u4", count=count),
                np.frombuffer(raw, dtype="<f4", count=count, offset=4 * count))

    def position_keys(self, reader, field: str, term: str) -> np.ndarray | None:
        """Return a term's sorted position keys as int64 (None: this field has none here)."""
        if field not in self.positional:
            return None
        extent = _extent(reader, field, term)
        if extent is None:
            return _EMPTY_KEYS
        postfile, offset, count = extent
        trailer = offset - TRAILER.size
        _, _, keys = _check(TRAILER.unpack(postfile.get(trailer, TRAILER.size)), count,
                            field, term)
        width = self.keys.itemsize
        raw = postfile.get(trailer - 8 * count - keys * width, keys * width)
        return np.frombuffer(raw, dtype=self.keys).astype(np.int64)


def _extent(reader, field: str, term: str) -> tuple[object, int, int] | None:
    """Return (the .pst file, offset of the posting list, posting count), None if absent."""
    try:
        info = reader.term_info(field, term)
    except Exception:  # TermNotFound, or a field this segment does not have
        return None
    postfile = reader._terms._postfile  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
    return postfile, info._offset, info.doc_frequency()  # noqa: SLF001


def _check(trailer: tuple, count: int, field: str, term: str) -> tuple:
    """Return the trailer if it belongs to a posting list of `count` postings."""
    magic, stored, _ = trailer
    if magic != MAGIC or stored != count:
        raise ValueError(f"posting columns of {field}:{term!r} are damaged")
    return trailer
