"""Doc-number sets as Python ints (bit i = Whoosh docnum i): AND/OR/count run in C."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np


def from_ids(ids: Iterable[int], size: int) -> int:
    """Return the bitset of the given doc numbers."""
    buf = bytearray((size >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def ones(size: int) -> int:
    """Return the bitset of all doc numbers below size."""
    return (1 << size) - 1


def iter_ids(bits: int) -> Iterator[int]:
    """Yield the doc numbers in a bitset, ascending."""
    return iter(to_array(bits).tolist())


def to_mask(bits: int, size: int) -> np.ndarray:
    """Return a bitset as one bool per doc number below size."""
    if bits <= 0:
        return np.zeros(size, dtype=bool)
    raw = bits.to_bytes(max((size + 7) >> 3, (bits.bit_length() + 7) >> 3), "little")
    flags = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little", count=size)
    return flags.view(bool)


def to_words(bits: int, size: int) -> np.ndarray:
    """Return a bitset (of doc numbers below size) as 64-bit words, bit d in word d // 64."""
    raw = bits.to_bytes(((size + 63) >> 6) << 3, "little") if bits > 0 else b""
    return np.frombuffer(raw, dtype="<u8") if raw else np.zeros((size + 63) >> 6, np.uint64)


def to_array(bits: int) -> np.ndarray:
    """Return the doc numbers in a bitset as an ascending int array."""
    if bits <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(to_mask(bits, bits.bit_length()))


def from_array(ids: np.ndarray, size: int, start: int = 0) -> int:
    """Return the bitset of the doc numbers in an int array (all in start..size-1).

    With a start, only the bits from there on are built, then shifted into place: a few
    doc numbers at the end of a large index cost little more than a shift.
    """
    if len(ids) <= FEW_IDS:  # a few shifted ones beat three passes over `size` flags
        out = 0
        for d in ids.tolist():
            out |= 1 << d
        return out
    flags = np.zeros(size - start, dtype=bool)
    at = ids.astype(np.intp)  # int32 indexes cost NumPy a conversion per element: 2-3x slower
    flags[at - start if start else at] = True
    return from_mask(flags) << start


FEW_IDS = 16  # each shift and OR is a pass over the bits up to d: cheap for a few only
COMMON_SHARE = 32  # a term in more than 1/32 of the documents is common


def is_common(count, size: int):
    """Tell whether a set of `count` of `size` doc numbers is common (works on arrays too).

    Common sets are kept as bitsets: smaller than their doc numbers (size / 8 bytes against
    4 per number), and matching ORs them in C. The others stay doc numbers, joined into a
    bitset once per query word (Union): a bitset costs size / 8 bytes and some 25 us to
    make at 100k documents, whether it holds 20 doc numbers or 3,000.
    """
    return count * COMMON_SHARE > size


class Union:
    """The union of sets given as bitsets or as doc-number arrays, made into one bitset."""

    __slots__ = ("size", "_bits", "_arrays")

    def __init__(self, size: int):
        self.size = size
        self._bits = 0
        self._arrays: list[np.ndarray] = []

    def add(self, docs: int | np.ndarray) -> None:
        """Add a bitset or an array of doc numbers (below size)."""
        if isinstance(docs, int):
            self._bits |= docs
        elif len(docs):
            self._arrays.append(docs)

    def bits(self) -> int:
        """Return the union as a bitset (the arrays made into one in a single pass)."""
        if self._arrays:
            arrays, self._arrays = self._arrays, []
            ids = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
            self._bits |= from_array(ids, self.size)
        return self._bits


def from_mask(flags: np.ndarray) -> int:
    """Return the bitset of the set positions of a bool array."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def to_list(bits: int) -> list[int]:
    """Return the doc numbers in a bitset as a list."""
    return list(iter_ids(bits))


def count(bits: int) -> int:
    """Return how many doc numbers are in a bitset."""
    return bits.bit_count()


class Membership:
    """Fast repeated membership tests on one bitset (and the bitset itself, for AND in C)."""

    __slots__ = ("_raw", "bits", "_flags")

    def __init__(self, bits: int):
        self.bits = bits
        self._raw = bits.to_bytes((bits.bit_length() + 7) >> 3 or 1, "little")
        self._flags: bytes | None = None

    def __contains__(self, docnum: int) -> bool:
        i = docnum >> 3
        raw = self._raw
        return i < len(raw) and bool(raw[i] >> (docnum & 7) & 1)

    def flags(self, size: int) -> bytes:
        """Return one byte per doc number below size (1 = member), built once in C."""
        if self._flags is None or len(self._flags) < size:
            spread = b"".join(map(_BYTE_FLAGS.__getitem__, self._raw))
            self._flags = spread + bytes(max(0, size - len(spread)))
        return self._flags


_BYTE_FLAGS = [bytes(b >> i & 1 for i in range(8)) for b in range(256)]


def at_least(sets: list[int], needed: int) -> int:
    """Return the docs present in at least `needed` of the bitsets (bit-sliced counting)."""
    if needed <= 1:
        out = 0
        for s in sets:
            out |= s
        return out
    if needed > len(sets):
        return 0
    if needed == len(sets):
        out = -1
        for s in sets:
            out &= s
        return out if sets else 0
    planes: list[int] = []
    for s in sets:
        carry = s
        for i, plane in enumerate(planes):
            planes[i] = plane ^ carry
            carry &= plane
            if not carry:
                break
        if carry:
            planes.append(carry)
    return _greater_equal(planes, needed)


def _greater_equal(planes: list[int], needed: int) -> int:
    """Return the docs whose bit-sliced counter is >= needed."""
    if needed >> len(planes):
        return 0
    greater, equal = 0, -1
    for i in range(len(planes) - 1, -1, -1):
        if needed >> i & 1:
            equal &= planes[i]
        else:
            greater |= equal & planes[i]
            equal &= ~planes[i]
    return greater | equal

