"""Sort a segment's tokens into posting lists and write them in the whoosh3 format.

The bulk builder (bulk.py) only appends while documents arrive: per field the term number of
every token (with a flag for "next position"). Here, once per field and segment, numpy sorts
the tokens by term and document, counts frequencies and computes every statistic whoosh3
keeps per block and per term; the blocks' pickles are laid out for many postings at once
(pickles.py). Python work is per term and per block, never per token or posting.

Blocks hold the tuples W3PostingsWriter puts into them (ids as gaps, minified weights, the
values Whoosh's formats encode), so readers, ``apply`` and merges see ordinary whoosh3 posting
lists. Two liberties, both read by whoosh's own block reader: the data tuple is pickled with
protocol 4 (each value as plain bytes, where whoosh's protocol 2 wraps every value in a
codecs.encode call: smaller, and much quicker to load), and blocks too small to shrink are
not compressed (each block header says whether it is).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Callable
from hashlib import md5
from pickle import dumps

import numpy as np
from whoosh import formats
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import _length_byte_cache

from search_index import pickles
from search_index.columns import BatchColumns, TermTable

BLOCK = 128  # postings per block, as whoosh3's default codec writes them
HEADER = b"W3Bl"  # whoosh3's posting list magic
COMPRESSION = 3  # zlib level of whoosh3's postings writer
COMPRESS_FROM = 64  # bytes: smaller block pickles do not shrink
BATCH_POSTINGS = 1 << 16  # postings pickled at a time (bounds the memory it takes)
FLUSH_BYTES = 1 << 20  # postings file writes are gathered up to this size
STEP = 1 << 31  # the bit of a TokenStream token that says "next position"
GAP_SLICE = 1 << 20  # positions turned into gaps at a time
# W3TermInfo: inlined, weight, df, min/max length, max weight, min/max id; offset, length
_TERMINFO = struct.Struct("!BfIBBfIIqi")
_LENGTH_BYTES = np.frombuffer(_length_byte_cache, dtype=np.int32)
_MAX_LENGTH = 106374  # whoosh's length_to_byte gives 255 from here on
_NO_LENGTH = np.iinfo(np.int32).max


class TokenStream:
    """The tokens of one field in one segment, in text order, and the documents they are in.

    Each token is a uint32: its term number, with the top bit (STEP) set where the token
    starts a new position, clear where it shares the previous token's (a word's compound
    parts and other variants). Positions count the set bits from each document's start.
    """

    def __init__(self, positional: bool):
        self.positional = positional
        self.terms = bytearray()  # uint32 per token, native byte order
        self.docs = array("I")  # documents with tokens in this field
        self.counts = array("I")  # their token counts

    def size(self) -> int:
        """Return the number of tokens."""
        return len(self.terms) >> 2


class PostingRows:
    """Postings of one field analysed otherwise: one row per document and term."""

    def __init__(self, keep_values: bool):
        self.numbers: dict[str | bytes, int] = {}
        self.texts: list[str | bytes] = []  # as the field's index() gives them
        self.terms = array("I")
        self.docs = array("I")
        self.freqs = array("I")
        self.weights = array("f")  # float32, as whoosh's writer keeps them
        self.values: list[bytes] | None = [] if keep_values else None

    def add(self, docnum: int, text: str | bytes, freq: int, weight: float, vbytes: bytes) -> None:
        """Record one posting."""
        number = self.numbers.get(text)
        if number is None:
            number = self.numbers[text] = len(self.texts)
            self.texts.append(text)
        self.terms.append(number)
        self.docs.append(docnum)
        self.freqs.append(freq)
        self.weights.append(weight)
        if self.values is not None:
            self.values.append(vbytes)

    def size(self) -> int:
        """Return the number of postings."""
        return len(self.terms)


class Inverted:
    """One field's postings, sorted by term bytes, then document.

    Values are what the field's format stores per posting: derived from the frequencies
    (Frequency, Existence), from position gaps (Positions: `gaps` holds each posting's
    first position and then the distance to the previous one, freqs[i] ints per posting),
    or as recorded (`kept`).
    """

    def __init__(self, btexts: list[bytes], counts: np.ndarray, docs: np.ndarray,
                 freqs: np.ndarray, weights: np.ndarray | None = None):
        self.btexts = btexts  # the terms, in byte order
        self.counts = counts  # postings per term
        self.docs = docs
        self.freqs = freqs
        self._weights = weights  # None: each posting weighs its frequency
        self.gaps: np.ndarray | None = None
        self.gap_first: np.ndarray | None = None  # per posting: its first entry in gaps
        self.kept: list[bytes] | None = None

    def weights(self, start: int = 0, end: int | None = None) -> np.ndarray:
        """Return the weights of postings start..end (integers when they are frequencies)."""
        got = self.freqs if self._weights is None else self._weights
        return got[start:end]


# --- sorting ---------------------------------------------------------------------------


def _as_bytes(term: str | bytes) -> bytes:
    return term if isinstance(term, bytes) else term.encode("utf-8")


def _ranks(numbers: np.ndarray, texts: list) -> tuple[np.ndarray, list[bytes]]:
    """Replace term numbers by their terms' rank in byte order; return ranks and the terms."""
    present = np.flatnonzero(np.bincount(numbers, minlength=len(texts)))
    encoded = [_as_bytes(texts[n]) for n in present.tolist()]
    order = sorted(range(len(encoded)), key=encoded.__getitem__)
    rank = np.zeros(len(texts), dtype=np.uint32)
    rank[present[order]] = np.arange(len(order), dtype=np.uint32)
    return rank[numbers], [encoded[i] for i in order]


def _run_starts(*keys: np.ndarray) -> np.ndarray:
    """Return the indexes where any of the sorted key arrays changes value (0 included)."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def _run_lengths(starts: np.ndarray, size: int) -> np.ndarray:
    return np.diff(starts, append=size)


def invert_tokens(tokens: TokenStream, texts: list[str]) -> Inverted:
    """Group a field's tokens into postings; positions keep their text order (stable sort).

    Consumes the stream. A segment's largest field holds millions of tokens and this is
    where a worker's memory peaks, so arrays are 32-bit where they can be and are dropped
    as soon as they have served.
    """
    counts = np.frombuffer(tokens.counts, dtype=np.uint32)
    raw = np.frombuffer(tokens.terms, dtype=np.uint32)
    positions = _positions(raw, counts) if tokens.positional else None
    ranks, btexts = _ranks(raw & np.uint32(STEP - 1), texts)
    del raw
    tokens.terms = bytearray()
    order = np.argsort(ranks, kind="stable")
    ranks = ranks[order]
    docs = np.repeat(np.frombuffer(tokens.docs, dtype=np.uint32), counts)[order]
    if positions is not None:
        positions = positions[order]
    del order
    starts = _run_starts(ranks, docs)
    term_counts = _run_lengths(_run_starts(ranks[starts]), len(starts))
    del ranks
    freqs = np.empty(len(starts), dtype=np.int32)
    np.subtract(starts[1:], starts[:-1], out=freqs[:-1], casting="unsafe")
    freqs[-1:] = len(docs) - starts[-1:]
    inv = Inverted(btexts, term_counts, docs[starts], freqs)
    del docs
    if positions is not None:
        inv.gaps = _gaps(positions, starts)
        inv.gap_first = starts.astype(np.int32)
    return inv


def _positions(raw: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return each token's position in its document: the STEP bits counted from its start."""
    running = np.cumsum(raw >> np.uint32(31), dtype=np.int32)
    firsts = np.cumsum(counts, dtype=np.int64) - counts
    running -= np.repeat(running[firsts], counts)  # a document's first token: 0
    return running


def _gaps(positions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Return each position minus the previous one in its posting (the first one as is).

    That is what formats.Positions.encode stores; `positions` is reused for the result.
    """
    firsts = positions[starts]
    # Back to front in slices, so each slice subtracts values not changed yet, with a small
    # copy (a whole-array subtraction in place would copy the whole array).
    for end in range(len(positions), 1, -GAP_SLICE):
        begin = max(1, end - GAP_SLICE)
        positions[begin:end] -= positions[begin - 1:end - 1].copy()
    positions[starts] = firsts
    return positions


def invert_rows(rows: PostingRows) -> Inverted:
    """Sort postings recorded one by one into term and document order."""
    ranks, btexts = _ranks(np.frombuffer(rows.terms, dtype=np.uint32), rows.texts)
    docs = np.frombuffer(rows.docs, dtype=np.uint32)
    order = np.lexsort((docs, ranks))
    term_counts = _run_lengths(_run_starts(ranks[order]), len(order))
    freqs = np.frombuffer(rows.freqs, dtype=np.uint32)[order].astype(np.int64)
    weights = np.frombuffer(rows.weights, dtype=np.float32)[order].astype(np.float64)
    inv = Inverted(btexts, term_counts, docs[order], freqs, weights)
    if rows.values is not None:
        inv.kept = [rows.values[i] for i in order.tolist()]
    return inv


# --- lengths ---------------------------------------------------------------------------


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Vectorized whoosh.util.numeric.length_to_byte (no length: 0)."""
    out = np.searchsorted(_LENGTH_BYTES, np.minimum(lengths, _MAX_LENGTH), side="left")
    out[lengths >= _MAX_LENGTH] = 255
    out[lengths == _NO_LENGTH] = 0
    return out


def decoded_lengths(lengths: np.ndarray) -> np.ndarray:
    """Return lengths as readers decode their length bytes (byte_to_length(length_to_byte))."""
    return _LENGTH_BYTES[length_bytes(lengths)]


# --- writing ---------------------------------------------------------------------------


class _Stats:
    """Per-block and per-term figures of one field, computed for all postings at once."""

    def __init__(self, inv: Inverted, lengths: np.ndarray):
        counts = inv.counts
        self.nblocks = (counts + BLOCK - 1) // BLOCK  # per term
        self.term_first = np.cumsum(counts) - counts  # first posting per term
        self.first_block = np.cumsum(self.nblocks) - self.nblocks
        within = np.arange(int(self.nblocks.sum())) - np.repeat(self.first_block, self.nblocks)
        self.start = np.repeat(self.term_first, self.nblocks) + within * BLOCK  # per block
        self.end = np.minimum(self.start + BLOCK,
                              np.repeat(self.term_first + counts, self.nblocks))
        self._block_figures(inv, lengths)
        self._term_figures(inv)

    def _block_figures(self, inv: Inverted, lengths: np.ndarray) -> None:
        weights, starts = inv.weights(), self.start
        self.max_weight = np.maximum.reduceat(weights, starts).astype(np.float64)
        self.flat = self.max_weight == np.minimum.reduceat(weights, starts)
        self.weight = np.add.reduceat(weights, starts, dtype=np.float64)
        doc_lengths = lengths[inv.docs] if len(lengths) else np.zeros(len(inv.docs), np.int32)
        self.min_length = np.minimum.reduceat(
            np.where(doc_lengths > 0, doc_lengths, _NO_LENGTH), starts)
        self.max_length = np.maximum.reduceat(doc_lengths, starts)
        self.last_id = inv.docs[self.end - 1]

    def _term_figures(self, inv: Inverted) -> None:
        firsts = self.first_block
        self.term_weight = np.add.reduceat(self.weight, firsts)
        self.term_max_weight = np.maximum.reduceat(self.max_weight, firsts)
        self.term_min_byte = length_bytes(np.minimum.reduceat(self.min_length, firsts))
        self.term_max_byte = length_bytes(np.maximum.reduceat(self.max_length, firsts))
        self.term_min_id = inv.docs[self.term_first]
        self.term_max_id = inv.docs[self.term_first + inv.counts - 1]

    def blocks(self, blo: int, bhi: int, first: int):
        """Yield (start, end, last id, max weight, flat, length bytes) of blocks blo..bhi."""
        return zip((self.start[blo:bhi] - first).tolist(), (self.end[blo:bhi] - first).tolist(),
                   self.last_id[blo:bhi].tolist(), self.max_weight[blo:bhi].tolist(),
                   self.flat[blo:bhi].tolist(), length_bytes(self.min_length[blo:bhi]).tolist(),
                   length_bytes(self.max_length[blo:bhi]).tolist(), strict=True)

    def terms(self, inv: Inverted, lo: int, hi: int):
        """Yield (term bytes, blocks, figures) of terms lo..hi; the figures in W3TermInfo's
        order: weight, df, min and max length bytes, max weight, min and max id."""
        return zip(inv.btexts[lo:hi], self.nblocks[lo:hi].tolist(), zip(
            self.term_weight[lo:hi].tolist(), inv.counts[lo:hi].tolist(),
            self.term_min_byte[lo:hi].tolist(), self.term_max_byte[lo:hi].tolist(),
            self.term_max_weight[lo:hi].tolist(), self.term_min_id[lo:hi].tolist(),
            self.term_max_id[lo:hi].tolist(), strict=True), strict=True)


class _PostFile:
    """Gathers posting bytes into large writes, counting offsets itself."""

    def __init__(self, postfile):
        self.postfile = postfile
        self.offset = postfile.tell()
        self.parts: list[bytes] = []
        self.pending = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.offset += len(data)
        self.pending += len(data)
        if self.pending >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.postfile.write(b"".join(self.parts))
        self.parts.clear()
        self.pending = 0


def write_field(fieldwriter, name: str, field, inv: Inverted, lengths: np.ndarray,
                keys: np.dtype | None = None, table: TermTable | None = None) -> None:
    """Write one field's term rows and posting lists through a W3FieldWriter.

    `lengths` holds each document's field length as Whoosh decodes it (empty: no lengths).
    With a `table`, each posting list is preceded by its columns (see columns.py), with
    position keys of dtype `keys` when the field records positions, and listed in the table.
    """
    if not inv.btexts:
        return
    fieldwriter.start_field(name, field)
    stats = _Stats(inv, lengths)
    out = _PostFile(fieldwriter._postfile)  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
    prefix = pack_ushort(fieldwriter._fieldid)  # noqa: SLF001
    values = _values_pickler(field.format, inv)
    for lo, hi in _batches(inv.counts):
        batch = _Batch(inv, stats, lo, hi, values)
        if table is not None:
            batch.columns = BatchColumns(inv, stats.term_first, lo, hi, batch.first, batch.last,
                                         keys)
        rows = _write_terms(out, batch)
        if table is not None:
            for btext, terminfo in rows:
                figures = _TERMINFO.unpack(terminfo)  # df is the third, the offset the ninth
                table.add(name, btext, figures[8], figures[2])
        _add_term_rows(fieldwriter._tindex, prefix, rows)  # noqa: SLF001
    out.flush()
    fieldwriter.finish_field()


_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # filetables' record header


def _add_term_rows(tindex, prefix: bytes, rows: list[tuple[bytes, bytes]]) -> None:
    """Add term rows (in key order) as OrderedHashWriter.add would, in one write.

    Each row is written as a record (key and value lengths, key, value); its position goes
    to the ordered index and, under the key's MD5 hash, to one of 256 hash buckets.
    """
    dbfile, buckets, index = tindex.dbfile, tindex.buckets, tindex.index
    position = dbfile.tell()
    parts = []
    for btext, terminfo in rows:
        key = prefix + btext
        index.append(position)
        parts.append(_KEY_VALUE_LENGTHS.pack(len(key), len(terminfo)) + key + terminfo)
        digest = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")
        buckets[digest & 255].append((digest, position))
        position += 8 + len(key) + len(terminfo)
    dbfile.write(b"".join(parts))
    if rows:
        tindex.lastkey = prefix + rows[-1][0]


def _batches(counts: np.ndarray):
    """Yield term ranges [lo, hi) holding about BATCH_POSTINGS postings each."""
    ends = np.cumsum(counts)
    lo = 0
    while lo < len(counts):
        base = int(ends[lo - 1]) if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + BATCH_POSTINGS, side="right")))
        yield lo, hi
        lo = hi


class _Batch:
    """The postings of terms lo..hi, pickled ahead: each block's pickle is sliced from here."""

    def __init__(self, inv: Inverted, stats: _Stats, lo: int, hi: int, values: Callable):
        self.inv, self.stats, self.lo, self.hi = inv, stats, lo, hi
        self.blo = int(stats.first_block[lo])
        self.bhi = int(stats.first_block[hi - 1] + stats.nblocks[hi - 1])
        self.first, self.last = int(stats.start[self.blo]), int(stats.end[self.bhi - 1])
        docs = inv.docs[self.first:self.last].astype(np.int64)
        gaps = docs.copy()
        gaps[1:] -= docs[:-1]
        restart = stats.start[self.blo:self.bhi] - self.first  # blocks start from scratch
        gaps[restart] = docs[restart]
        self.ids = pickles.int_runs(gaps)
        self.weights = pickles.float_runs(inv.weights(self.first, self.last).astype(np.float64))
        self.values = values(self)  # (start, end) -> pickle of the block's values
        self.columns: BatchColumns | None = None

    def blocks(self):
        """Yield each block's figures (see _Stats.blocks), positions relative to the batch."""
        return self.stats.blocks(self.blo, self.bhi, self.first)

    def terms(self):
        """Yield (term bytes, blocks, terminfo figures) of the batch's terms (see _Stats)."""
        return self.stats.terms(self.inv, self.lo, self.hi)


def _values_pickler(format_, inv: Inverted) -> Callable[[_Batch], Callable[[int, int], bytes]]:
    """Return batch -> ((start, end) -> the pickle of a block's values, minified by whoosh3).

    Fixed-size values are stored joined in one bytes object (None when empty), others as a
    tuple of bytes objects.
    """
    fixed = format_.fixed_value_size()
    if inv.kept is not None:
        return lambda batch: _kept_values(inv.kept[batch.first:batch.last], fixed)
    if fixed == 0:
        return lambda batch: lambda start, end: pickles.NONE
    if inv.gaps is not None and (fixed is None or fixed < 0):
        return _position_values
    if type(format_) is formats.Frequency:  # pack_uint(freq) per posting

        def frequencies(batch: _Batch) -> Callable[[int, int], bytes]:
            raw = inv.freqs[batch.first:batch.last].astype(">u4").tobytes()
            return lambda start, end: pickles.bytes_item(raw[4 * start:4 * end])

        return frequencies
    raise ValueError(f"no values recorded for {type(format_).__name__}")


def _position_values(batch: _Batch) -> Callable[[int, int], bytes]:
    inv = batch.inv
    begin = int(inv.gap_first[batch.first])
    freqs = inv.freqs[batch.first:batch.last]
    runs = pickles.positions_runs(freqs, inv.gaps[begin:begin + int(freqs.sum())])
    return runs.tuple_of


def _kept_values(values: list[bytes], fixed: int | None) -> Callable[[int, int], bytes]:
    """Pickle recorded values block by block (formats without a vectorized path)."""
    if fixed is None or fixed < 0:
        return lambda start, end: pickles.bytes_tuple(list(filter(None, values[start:end])))
    if fixed == 0:
        return lambda start, end: pickles.NONE
    return lambda start, end: pickles.bytes_item(b"".join(filter(None, values[start:end])))


def _write_terms(out: _PostFile, batch: _Batch) -> list[tuple[bytes, bytes]]:
    """Write the posting lists of a batch's terms; return their (term, terminfo bytes) rows."""
    blocks = batch.blocks()
    rows = []
    for i, (btext, nblocks, figures) in enumerate(batch.terms()):
        if batch.columns is not None:
            out.write(batch.columns.blob(i))
        start_offset = out.offset
        if nblocks == 1:  # most terms
            data = _block_bytes(batch, next(blocks))
            out.write(HEADER + pack_int(-len(data)) + data)
        else:
            out.write(HEADER + _blocks_bytes(batch, blocks, nblocks))
        # W3TermInfo.to_bytes: figures, then where the posting list is
        rows.append((btext, _TERMINFO.pack(0, *figures, start_offset, out.offset - start_offset)))
    return rows


def _blocks_bytes(batch: _Batch, blocks, count: int) -> bytes:
    """Return `count` blocks, each after its length (negative for the last one)."""
    parts = []
    for i in range(count):
        data = _block_bytes(batch, next(blocks))
        parts.append(pack_int(-len(data) if i == count - 1 else len(data)))
        parts.append(data)
    return b"".join(parts)


def _block_bytes(batch: _Batch, block: tuple) -> bytes:
    """Return one block's info and data pickles as W3PostingsWriter._write_block lays them."""
    start, end, last_id, max_weight, flat, min_byte, max_byte = block
    # Equal weights are stored once, and weights of 1.0 not at all (whoosh3's _mini_weights)
    weights = batch.weights.tuple_of(start, end) if not flat else (
        pickles.NONE if max_weight == 1.0 else pickles.float_item(max_weight))
    data = pickles.block(batch.ids.tuple_of(start, end), weights, batch.values(start, end))
    comp = 0
    if len(data) >= COMPRESS_FROM:
        data, comp = zlib.compress(data, COMPRESSION), COMPRESSION
    return dumps((end - start, last_id, max_weight, comp, min_byte, max_byte), 2) + data
