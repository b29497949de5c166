"""Joined terms: each term's postings over all bulk-built segments as one list, written once.

A search scores a term over the bulk-built segments as one list of global doc numbers with
their BM25 saturations (Snapshot._base_term). Joining that list at search time costs a
lookup and a pread per segment, the length lookups and the arithmetic: at 100k documents
in four segments 0.1-0.4 ms per term, and the joined lists a query mix needs do not all fit
a worker's cache budget. The rebuild therefore writes them once, into ``FILENAME`` beside
the segments:

    {"version": 2, "layout": [[segid, offset], ...], "terms": n, "postings": p,
     "size": documents, "bitmaps": b}\\n
    [term table: n x (hash u8, offset of the term's data u8, count u4, bitmap u1), by hash]
    [per term: count x int32 doc numbers ascending, then count x float32 saturations,
     then for a common term (bits.is_common) its bitmap: one bit per document, size bits]

Reading a term is then a binary search in memory and one pread, with no arithmetic: the
workers' caches can be small, and the page cache holds the file once for all of them.
Matching needs a common term as a bitset (tens of thousands of doc numbers made into one
cost 60-130 us at 100k); its bitmap is a pread of 12.5 KB instead, and no postings.

The file holds only for the exact segments it was written for (its layout). Edits add
segments after them and delete documents in them, which changes neither. Should whoosh
ever merge one of them away, snapshots join the segments themselves again until the next
rebuild. Whoosh never sees the file: its name matches none of the patterns whoosh cleans.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os

import numpy as np

from search_index import bits, bm25
from search_index.columns import UNLISTED, ColumnReader, read_postings, term_hash

log = logging.getLogger(__name__)
FILENAME = "kb-joined-terms.kbj"
VERSION = 2
_ENTRY = np.dtype([("hash", "<u8"), ("offset", "<u8"), ("count", "<u4"), ("bitmap", "u1")])
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_EMPTY_SATS = np.zeros(0, dtype=np.float32)


# --- writing ---------------------------------------------------------------------------


def write_for(ix, procs: int = 1) -> bool:
    """Write the joined terms of an index's segments; False if a segment has no columns."""
    reader = ix.reader()
    try:
        leaves = reader.leaf_readers() if reader.is_atomic() is False else [(reader, 0)]
        return write(ix.storage.folder, leaves, procs)
    finally:
        reader.close()


def write(folder: str, leaves: list[tuple[object, int]], procs: int = 1) -> bool:
    """Write the joined terms of these (segment reader, doc offset) pairs into `folder`.

    With procs > 1 the terms are split into as many runs of about equal bytes, each
    written by a forked process at its place in the file (the term table gives every
    term's offset before any is joined): at 100k documents joining took 10 s in one.
    """
    columns = [ColumnReader.open(segreader) for segreader, _ in leaves]
    if not leaves or any(c is None or c.entries() is None for c in columns):
        return False
    # segments listing no terms (the checkpoint's) are left out, as snapshots leave them
    listed = [i for i, c in enumerate(columns) if c.listed]
    leaves, columns = [leaves[i] for i in listed], [columns[i] for i in listed]
    entries = [c.entries() for c in columns]
    if not leaves:
        return False
    plan = _Plan(leaves, columns, entries)
    path = os.path.join(folder, FILENAME)
    temporary = path + ".tmp"
    table = plan.table()
    try:
        with open(temporary, "wb") as out:
            out.write(plan.header())
            out.write(table.tobytes())
            out.truncate(plan.file_size(table))
        runs = plan.runs(table, procs if len(plan.starts) >= MIN_TERMS_PER_PROC * procs else 1)
        if len(runs) == 1:
            plan.fill(temporary, table, *runs[0])
        else:
            _fill_in_children(plan, temporary, table, runs)
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)  # the children's writes too: they went to the same file
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
    os.replace(temporary, path)  # readers see the whole file or none
    return True


MIN_TERMS_PER_PROC = 20_000  # fewer terms are joined quicker than a process is forked
FILL_BUFFER = 4 << 20  # bytes joined in memory before each write


def _fill_in_children(plan: _Plan, path: str, table: np.ndarray, runs: list) -> None:
    """Join each run of terms in a forked process; raise if any of them failed."""
    ctx = multiprocessing.get_context("fork")  # the plan's open readers go with it
    children = [ctx.Process(target=_fill_and_exit, args=(plan, path, table, first, end),
                            daemon=True) for first, end in runs]
    for child in children:
        child.start()
    for child in children:
        child.join()
    failed = [child.exitcode for child in children if child.exitcode != 0]
    if failed:
        raise RuntimeError(f"joining terms failed in {len(failed)} process(es): {failed}")


def _fill_and_exit(plan: _Plan, path: str, table: np.ndarray, first: int, end: int) -> None:
    try:
        plan.fill(path, table, first, end)
    except BaseException:
        log.exception("joining terms %d..%d failed", first, end)
        os._exit(1)
    os._exit(0)  # skip the parent's exit handlers and buffers, inherited at the fork


class _Plan:
    """Every term of the segments' term tables, grouped by hash, segments in index order."""

    def __init__(self, leaves: list, columns: list, entries: list):
        self.readers = [segreader for segreader, _ in leaves]
        self.offsets = [int(offset) for _, offset in leaves]
        self.layout = [[segreader.segment().segid, int(offset)] for segreader, offset in leaves]
        self.fields = [c.fields for c in columns]
        # read by position only: forked writers share the files' descriptors (see fill)
        self.postfiles = [_PositionalReads(r._terms._postfile)  # noqa: SLF001 - pinned
                          for r in self.readers]
        hashes = np.concatenate([e[0] for e in entries])
        segment = np.concatenate([np.full(len(e[0]), i, dtype=np.int64)
                                  for i, e in enumerate(entries)])
        order = np.lexsort((segment, hashes))  # by hash, then segment: doc numbers ascend
        hashes = hashes[order]
        self.starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        self.ends = np.r_[self.starts[1:], len(hashes)].tolist()
        self.hashes = hashes[self.starts]
        counts = np.concatenate([e[2] for e in entries]).astype(np.int64)[order]
        self.totals = np.add.reduceat(counts, self.starts) if len(counts) else counts
        self.piece_segment = segment[order].tolist()
        self.piece_offset = np.concatenate([e[1] for e in entries])[order].tolist()
        self.piece_count = counts.tolist()
        self.piece_field = np.concatenate([e[3] for e in entries])[order].tolist()
        self.starts = self.starts.tolist()
        self.size = max(offset + reader.doc_count_all()
                        for offset, reader in zip(self.offsets, self.readers, strict=True))
        self.common = bits.is_common(self.totals, self.size)
        self._norms: dict[str, np.ndarray] = {}
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        self._header = json.dumps({"version": VERSION, "layout": self.layout,
                                   "terms": len(self.hashes),
                                   "postings": int(self.totals.sum()), "size": self.size,
                                   "bitmaps": int(self.common.sum())}).encode() + b"\n"

    def header(self) -> bytes:
        return self._header

    def file_size(self, table: np.ndarray) -> int:
        """Return the size of the whole file (the data ends with the last term's)."""
        if not len(table):
            return len(self._header)
        last = len(table) - 1
        return int(table["offset"][last]) + self._data_bytes(last)

    def _data_bytes(self, term: int) -> int:
        return 8 * int(self.totals[term]) + (_bitmap_bytes(self.size) if self.common[term] else 0)

    def runs(self, table: np.ndarray, parts: int) -> list[tuple[int, int]]:
        """Split the terms into `parts` consecutive runs of about equal bytes."""
        count = len(self.starts)
        if parts <= 1 or count < parts:
            return [(0, count)]
        offsets = table["offset"].astype(np.int64)
        wanted = offsets[0] + (self.file_size(table) - offsets[0]) * np.arange(1, parts) / parts
        cuts = np.searchsorted(offsets, wanted).tolist()
        bounds = [0, *cuts, count]
        return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def fill(self, path: str, table: np.ndarray, first: int, end: int) -> None:
        """Join terms first..end-1 and write them at their offsets in the file at `path`."""
        if end <= first:
            return
        fd = os.open(path, os.O_WRONLY)
        try:
            position, pending, held = int(table["offset"][first]), [], 0
            for term in range(first, end):
                ids, sats = self.joined(term)
                pending += [ids.tobytes(), sats.tobytes()]
                if self.common[term]:
                    pending.append(bitmap(ids, self.size))
                held += self._data_bytes(term)
                if held >= FILL_BUFFER or term == end - 1:
                    data = b"".join(pending)
                    if os.pwrite(fd, data, position) != len(data):
                        raise OSError(f"short write to {path}")
                    position, pending, held = position + len(data), [], 0
        finally:
            os.close(fd)

    def table(self) -> np.ndarray:
        """Return the term table: hash, where the term's data starts, posting count."""
        table = np.empty(len(self.hashes), dtype=_ENTRY)
        data_start = len(self._header) + table.nbytes
        table["hash"], table["count"], table["bitmap"] = self.hashes, self.totals, self.common
        sizes = 8 * self.totals + self.common * _bitmap_bytes(self.size)
        table["offset"] = data_start + np.cumsum(sizes) - sizes
        return table

    def joined(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Return one term's global doc numbers and saturations, as Snapshot._join does."""
        first, end = self.starts[term], self.ends[term]
        segment = self.piece_segment[first]
        field = self.fields[segment][self.piece_field[first]]
        ids, freqs, lengths = [], [], []
        for piece in range(first, end):
            segment = self.piece_segment[piece]
            local, weights = read_postings(self.postfiles[segment], self.piece_offset[piece],
                                           self.piece_count[piece], field)
            ids.append(local.astype(np.int32) + np.int32(self.offsets[segment]))
            freqs.append(weights)
            lengths.append(self._segment_lengths(segment, field)[local])
        if len(ids) > 1:
            ids, freqs, lengths = (np.concatenate(ids), np.concatenate(freqs),
                                   np.concatenate(lengths))
        else:
            ids, freqs, lengths = ids[0], freqs[0], lengths[0]
        return ids.astype("<i4", copy=False), bm25.saturations(freqs, lengths,
                                                               self._field_norms(field))

    def _field_norms(self, field: str) -> np.ndarray:
        got = self._norms.get(field)
        if got is None:
            got = self._norms[field] = bm25.norm_table(self.readers, field)
        return got

    def _segment_lengths(self, segment: int, field: str) -> np.ndarray:
        key = (segment, field)
        got = self._lengths.get(key)
        if got is None:
            reader = self.readers[segment]
            got = self._lengths[key] = bm25.length_bytes(reader, field, reader.doc_count_all())
        return got


class _PositionalReads:
    """get(position, length) on a segment's .pst file with os.pread.

    Whoosh's StructFile seeks, then reads: processes forked from one another share the
    descriptor's offset, so two of them doing that at once would read each other's data.
    """

    def __init__(self, postfile):
        inner = postfile.file  # an io file, or backend.PReadFile
        self._fd = inner.fileno() if hasattr(inner, "fileno") else inner.descriptor

    def get(self, position: int, length: int) -> bytes:
        data = os.pread(self._fd, length, position)
        if len(data) != length:
            raise OSError(f"postings end early at {position}")
        return data


def bitmap(ids: np.ndarray, size: int) -> bytes:
    """Return doc numbers (all below size) as a bitmap: bit d of byte d // 8, little-endian."""
    flags = np.zeros(size, dtype=bool)
    flags[ids.astype(np.intp)] = True
    return np.packbits(flags, bitorder="little").tobytes()


def _bitmap_bytes(size: int) -> int:
    return (size + 7) >> 3


# --- reading ---------------------------------------------------------------------------


def outdated(folder: str) -> str | None:
    """Return why a folder's joined terms need a rebuild (written in another version of the
    format, which searches cannot read), None if they are current or absent."""
    try:
        with open(os.path.join(folder, FILENAME), "rb") as handle:
            version = json.loads(handle.readline()).get("version")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as exc:
        return f"unreadable joined terms: {type(exc).__name__}: {exc}"
    if version != VERSION:
        return f"outdated: joined terms of version {version}, this version reads {VERSION}"
    return None


class JoinedTerms:
    """Reads the joined-terms file of an index folder: a lookup, then one pread per term."""

    def __init__(self, path: str, layout: tuple, table: np.ndarray, size: int):
        self.path = path
        self.layout = layout
        self.size = size  # documents of the segments, which bitmaps have a bit for
        self._hashes = np.ascontiguousarray(table["hash"])
        self._offsets = np.ascontiguousarray(table["offset"])
        self._counts = np.ascontiguousarray(table["count"])
        self._bitmaps = np.ascontiguousarray(table["bitmap"])
        self._fd = os.open(path, os.O_RDONLY)

    @classmethod
    def open(cls, folder: str) -> JoinedTerms | None:
        """Return a reader of the folder's joined terms, None if absent or unreadable."""
        path = os.path.join(folder, FILENAME)
        try:
            with open(path, "rb") as handle:
                line = handle.readline()
                header = json.loads(line)
                if header.get("version") != VERSION:
                    return None
                table = np.frombuffer(handle.read(_ENTRY.itemsize * header["terms"]),
                                      dtype=_ENTRY)
                size = os.fstat(handle.fileno()).st_size
            expected = (len(line) + table.nbytes + 8 * header["postings"]
                        + header["bitmaps"] * _bitmap_bytes(header["size"]))
            if len(table) != header["terms"] or size != expected:
                log.error("joined terms %s are damaged (%d bytes, %d expected): joining "
                          "segments at search time instead", path, size, expected)
                return None
            layout = tuple((segid, int(offset)) for segid, offset in header["layout"])
            return cls(path, layout, table, int(header["size"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.exception("joined terms %s are unreadable: joining segments instead", path)
            return None

    def read(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's global doc numbers (int32, ascending) and saturations (float32)."""
        return self._postings(self._find(field, term))

    def docs(self, field: str, term: str) -> int | tuple[np.ndarray, np.ndarray]:
        """Return a common term's bitset, or another's doc numbers and saturations (as
        read() does: empty for a term the segments do not hold)."""
        at = self._find(field, term)
        return self._bitset(at) if at >= 0 and self._bitmaps[at] else self._postings(at)

    def _postings(self, at: int) -> tuple[np.ndarray, np.ndarray]:
        if at < 0:
            return _EMPTY_IDS, _EMPTY_SATS
        count = int(self._counts[at])
        raw = self._pread(8 * count, int(self._offsets[at]))
        return (np.frombuffer(raw, dtype="<i4", count=count),
                np.frombuffer(raw, dtype="<f4", count=count, offset=4 * count))

    def _bitset(self, at: int) -> int:
        offset = int(self._offsets[at]) + 8 * int(self._counts[at])
        return int.from_bytes(self._pread(_bitmap_bytes(self.size), offset), "little")

    def _find(self, field: str, term: str) -> int:
        """Return the term's row in the table, -1 if the segments do not hold it."""
        if field in UNLISTED:
            raise KeyError(field)  # never written: callers join these themselves
        wanted = term_hash(field, term.encode("utf-8"))
        hashes = self._hashes
        at = int(hashes.searchsorted(np.uint64(wanted)))  # a NumPy scalar: see columns.py
        if at == len(hashes) or int(hashes[at]) != wanted:
            return -1
        return at

    def _pread(self, length: int, offset: int) -> bytes:
        raw = os.pread(self._fd, length, offset)
        if len(raw) != length:
            raise OSError(f"joined terms {self.path} end early")
        return raw

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self) -> None:
        self.close()
