"""Pickles of whoosh3 posting blocks, laid out with numpy for many postings at once.

Whoosh reads a block's data with ``pickle.loads``. Producing it with ``pickle.dumps`` needs a
Python object per posting (an int per document number, a bytes object per value); here the
opcodes of every posting of a batch are written into one buffer, and a block's pickle is a
few slices of it. ``loads`` returns exactly the tuples W3PostingsWriter stores: document
gaps, minified weights, minified values. No memo and no frames: neither is required.
"""

from __future__ import annotations

import struct

import numpy as np

PROTO = b"\x80\x04"  # protocol 4 (SHORT_BINBYTES needs 3 or more)
MARK, TUPLE, TUPLE3, STOP, NONE = b"(", b"t", b"\x87", b".", b"N"
_BINFLOAT = struct.Struct(">cd")  # G + big-endian double
_SHORT_BINBYTES, _BINBYTES = ord("C"), ord("B")  # 1-byte / 4-byte (little-endian) length
_K, _M, _J = ord("K"), ord("M"), ord("J")  # BININT1, BININT2, BININT
# What formats.Positions.encode pickles (protocol 2) before the ints: an empty list, memo 0
_LIST_START = b"\x80\x02]q\x00"


class Runs:
    """Pickled items one after another; item i is data[offsets[i]:offsets[i + 1]]."""

    def __init__(self, data: bytes, offsets: list[int]):
        self.data = data
        self.offsets = offsets

    def tuple_of(self, start: int, end: int) -> bytes:
        """Return the pickle of the tuple of items start..end."""
        return MARK + self.data[self.offsets[start]:self.offsets[end]] + TUPLE


def block(ids: bytes, weights: bytes, values: bytes) -> bytes:
    """Return the pickle of (ids, weights, values), given the three items' pickles."""
    return PROTO + ids + weights + values + TUPLE3 + STOP


def float_item(value: float) -> bytes:
    """Return the pickle of one float."""
    return _BINFLOAT.pack(b"G", value)


def bytes_item(value: bytes) -> bytes:
    """Return the pickle of one bytes object."""
    if len(value) < 256:
        return bytes((_SHORT_BINBYTES, len(value))) + value
    return bytes((_BINBYTES,)) + struct.pack("<I", len(value)) + value


def bytes_tuple(values: list[bytes]) -> bytes:
    """Return the pickle of a tuple of bytes objects (the general, per-item path)."""
    return MARK + b"".join(map(bytes_item, values)) + TUPLE


def int_runs(ints: np.ndarray) -> Runs:
    """Pickle each int (each must fit in 32 signed bits)."""
    sizes = _int_sizes(ints)
    ends = np.cumsum(sizes)
    buf = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    _put_ints(buf, ends - sizes, ints, sizes)
    return Runs(buf.tobytes(), [0, *ends.tolist()])


def float_runs(floats: np.ndarray) -> Runs:
    """Pickle each float (9 bytes each)."""
    rows = np.empty((len(floats), 9), dtype=np.uint8)
    rows[:, 0] = ord("G")
    rows[:, 1:] = floats.astype(">f8").view(np.uint8).reshape(-1, 8)
    return Runs(rows.tobytes(), list(range(0, 9 * len(floats) + 1, 9)))


def positions_runs(freqs: np.ndarray, gaps: np.ndarray) -> Runs:
    """Pickle, as bytes objects, what formats.Positions.encode gives each posting.

    A value is pack_uint(n) + pickle.dumps(gaps, 2): the list start, then K<byte>, M<2 bytes>
    or J<4 bytes> per int, inside "(" ... "e" (MARK, APPENDS) for more than one int, or
    followed by "a" (APPEND) for one, then "." (STOP). `gaps` holds the postings' ints one
    after another (freqs[i] of them for posting i).
    """
    freqs = freqs.astype(np.int64)
    multi = (freqs > 1).astype(np.int64)
    sizes = _int_sizes(gaps)
    token_first = np.cumsum(freqs) - freqs
    head = 4 + len(_LIST_START)
    value_lengths = head + multi + np.add.reduceat(sizes, token_first) + 2
    framing = np.where(value_lengths < 256, 2, 5)
    ends = np.cumsum(framing + value_lengths)
    starts = ends - value_lengths  # where each value starts, after its framing
    buf = np.zeros(int(ends[-1]), dtype=np.uint8)
    _put_lengths(buf, starts - framing, value_lengths, framing)
    _scatter(buf, starts, freqs.astype(">u4").view(np.uint8).reshape(-1, 4))
    _scatter(buf, starts + 4, np.broadcast_to(np.frombuffer(_LIST_START, np.uint8),
                                              (len(freqs), len(_LIST_START))))
    buf[starts[multi == 1] + head] = ord("(")
    before = np.cumsum(sizes) - sizes  # bytes of the ints before each one
    at = np.repeat(starts + head + multi, freqs) + before - np.repeat(before[token_first], freqs)
    _put_ints(buf, at, gaps, sizes)
    buf[ends - 2] = np.where(multi == 1, ord("e"), ord("a"))
    buf[ends - 1] = ord(".")
    return Runs(buf.tobytes(), [0, *ends.tolist()])


def _int_sizes(ints: np.ndarray) -> np.ndarray:
    """Return the pickled size of each int: 2 (K), 3 (M) or 5 (J) bytes."""
    small = ints >= 0
    return np.where(small & (ints < 1 << 8), 2, np.where(small & (ints < 1 << 16), 3, 5))


def _put_ints(buf: np.ndarray, at: np.ndarray, ints: np.ndarray, sizes: np.ndarray) -> None:
    """Write each int as its opcode and little-endian bytes (sizes from _int_sizes)."""
    for size, opcode in ((2, _K), (3, _M), (5, _J)):
        where = sizes == size
        if where.any():
            buf[at[where]] = opcode
            raw = ints[where].astype("<i4").view(np.uint8).reshape(-1, 4)
            _scatter(buf, at[where] + 1, raw[:, :size - 1])


def _put_lengths(buf: np.ndarray, at: np.ndarray, lengths: np.ndarray,
                 framing: np.ndarray) -> None:
    """Write the SHORT_BINBYTES or BINBYTES opcode and length before each value."""
    short = framing == 2
    buf[at[short]] = _SHORT_BINBYTES
    buf[at[short] + 1] = lengths[short]
    long_ = ~short
    if long_.any():
        buf[at[long_]] = _BINBYTES
        raw = lengths[long_].astype("<u4").view(np.uint8).reshape(-1, 4)
        _scatter(buf, at[long_] + 1, raw)


def _scatter(buf: np.ndarray, at: np.ndarray, rows: np.ndarray) -> None:
    """Write row i of `rows` into `buf` from at[i] on."""
    for k in range(rows.shape[1]):
        buf[at + k] = rows[:, k]
