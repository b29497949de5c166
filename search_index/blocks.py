"""Read a whole whoosh3 posting list at once: one read, then block by block in memory.

Whoosh's leaf matcher reads a block with a seek and several small reads, unpickles its
header from the file and decodes the document gaps in a Python loop; reading a term of
50,000 postings that way cost most of a cold search. Here the term's whole extent is read
in one call, headers are unpickled from memory and the gaps are summed by NumPy. The
format is the one W3LeafMatcher reads (whoosh-reloaded 2.7.5, pinned):

    b"W3Bl", then per block: int32 length (negative for the last block),
    pickled (count, max id, max weight, compression, min length, max length),
    data: a pickled (id gaps, weights, values) tuple, zlib-compressed if compression > 0.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator

import numpy as np

MAGIC = b"W3Bl"
_LENGTH = struct.Struct("!i")


def leaf_of(matcher):
    """Return the whoosh3 leaf under wrapping matchers, or None (e.g. inlined postings)."""
    while hasattr(matcher, "child") and not hasattr(matcher, "_startoffset"):
        matcher = matcher.child
    return matcher if hasattr(matcher, "_startoffset") else None


def blocks(leaf) -> Iterator[tuple[np.ndarray, object, object]]:
    """Yield (doc numbers, weights, values) of every block of a whoosh3 leaf matcher.

    weights: None (all 1.0), one float for all, or a sequence; values as whoosh stores
    them (None for formats without values).
    """
    length = leaf._length  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
    # W3TermInfo.from_bytes leaves the length as a 1-tuple (its own reader never uses it)
    length = length[0] if isinstance(length, tuple) else length
    raw = leaf._postfile.get(leaf._startoffset, length)  # noqa: SLF001
    if raw[:4] != MAGIC:
        raise ValueError("not a whoosh3 posting list")
    pos, end = 4, len(raw)
    while pos < end:
        (length,) = _LENGTH.unpack_from(raw, pos)
        last = length < 0
        block_end = pos + 4 + abs(length)
        stream = io.BytesIO(raw[pos + 4:block_end])
        compression = pickle.load(stream)[3]
        data = stream.read()
        gaps, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        yield np.cumsum(np.asarray(gaps, dtype=np.int64)), weights, values
        if last:
            return
        pos = block_end


def block_weights(weights, count: int) -> np.ndarray:
    """Return a block's weights as float32, expanding Whoosh's shortened forms."""
    if weights is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(weights, float | int):
        return np.full(count, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)
