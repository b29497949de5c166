"""Build whole Whoosh segments in bulk: the rebuild path (incremental edits use Whoosh's writer).

Whoosh's writer pickles every posting into a sorting pool, sorts the runs on disk and then
writes the postings one call at a time; at 100k documents that was half the rebuild time, the
other half being per-token analysis through generator chains. Here each document's fields are
analysed into in-memory postings per (field, term) (arrays, no per-posting objects), and at the
end every term is written in blocks straight into the whoosh3 codec. The files are ordinary
whoosh3 segments: readers, ``apply`` and merges treat them like any other.

Rebuilds run in worker processes (fork) that take batches of documents from a queue, each
writing one segment per ``SEGMENT_POSTINGS`` postings; the parent commits one TOC listing them.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
import zlib
from array import array
from collections.abc import Callable, Iterable
from operator import sub
from pickle import dumps

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer
from whoosh.codec import default_codec
from whoosh.index import TOC
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from search_index.analyzers import WordTokenizer
from search_index.convert import to_fields

BLOCK = 128  # postings per block, as whoosh3's default codec writes them
BATCH = 200  # documents per job handed to a worker
SEGMENT_POSTINGS = 4_000_000  # a worker starts a new segment after this many (~150 MB)
QUEUE_DEPTH = 4  # batches waiting per worker (bounds the parent's lead)
WORKER_TIMEOUT = 600.0  # seconds a worker may take to finish its last segment


class SegmentBuilder:
    """Collect documents in memory and write them as one whoosh3 segment."""

    def __init__(self, storage, schema, indexname: str = "MAIN"):
        self.storage = storage
        self.schema = schema
        self.codec = default_codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.docnum = 0
        self.posting_count = 0
        # field -> term -> [doc ids, weights, flat positions or encoded values]
        self.postings: dict[str, dict[str, list]] = {}
        self.lengths: dict[str, array] = {}  # field -> per-doc length as Whoosh decodes it
        self._fast = {name: _word_tokenizer(field) for name, field in schema.items()}

    def add(self, values: dict) -> None:
        """Add one document (the keyword arguments Whoosh's add_document would take)."""
        perdoc, schema, docnum = self.perdoc, self.schema, self.docnum
        perdoc.start_doc(docnum)
        for name in sorted(values):
            value = values[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = self._index(name, field, value) if field.indexed else 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1

    def _index(self, name: str, field, value) -> int:
        """Record the postings of one field value; return its Whoosh length."""
        terms = self.postings.setdefault(name, {})
        docnum = self.docnum
        tokenizer = self._fast[name]
        length = added = 0
        if tokenizer is not None:
            positional = isinstance(field.format, formats.Positions)
            for text, positions in tokenizer.index_positions(value).items():
                entry = terms.get(text)
                if entry is None:
                    entry = terms[text] = [array("I"), array("f"), array("I") if positional
                                           else None]
                freq = len(positions)
                entry[0].append(docnum)
                entry[1].append(freq)
                if positional:
                    entry[2].append(freq)
                    entry[2].extend(positions)
                length += freq
                added += 1
        else:
            for btext, freq, weight, vbytes in field.index(value):
                entry = terms.get(btext)
                if entry is None:
                    entry = terms[btext] = [array("I"), array("f"), []]
                entry[0].append(docnum)
                entry[1].append(weight)
                entry[2].append(vbytes)
                length += freq
                added += 1
        self.posting_count += added
        if not field.scorable:
            return 0
        lengths = self.lengths.get(name)
        if lengths is None:
            lengths = self.lengths[name] = array("I")
        lengths.extend([0] * (docnum - len(lengths)))
        lengths.append(byte_to_length(length_to_byte(length)))
        return length

    def finish(self):
        """Write the segment's files and return the segment (for a TOC)."""
        self.perdoc.close()
        fieldwriter = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.postings):
            terms = self.postings[name]
            if not terms:
                continue
            field = self.schema[name]
            lengths = self.lengths.get(name, array("I"))
            lengths.extend([0] * (self.docnum - len(lengths)))
            fieldwriter.start_field(name, field)
            encode = _value_encoder(field.format)
            keyed = ((_as_bytes(t), t) for t in terms)
            for btext, term in sorted(keyed):
                ids, weights, extra = terms.pop(term)
                _write_term(fieldwriter, btext, ids, weights, encode(extra, weights), lengths)
            fieldwriter.finish_field()
        fieldwriter.close()
        self.postings.clear()
        self.segment.set_doc_count(self.docnum)
        # Not assembled into one compound file: whoosh opens a compound segment's parts as
        # in-memory copies (BytesIO over the mmap), ~300 MB per reader at 100k documents.
        self.segment.compound = False
        return self.segment


def _word_tokenizer(field) -> WordTokenizer | None:
    """Return the field's WordTokenizer if its analyzer is exactly one (the fast path)."""
    analyzer = getattr(field, "analyzer", None)
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 1:
        return None
    tokenizer = analyzer.items[0]
    if type(tokenizer) is not WordTokenizer or tokenizer.force_mode:
        return None
    if not isinstance(field.format, formats.Positions | formats.Frequency):
        return None
    if type(field.format) not in (formats.Positions, formats.Frequency):
        return None
    return tokenizer if field.format.field_boost == 1.0 else None


def _as_bytes(term) -> bytes:
    return term if isinstance(term, bytes) else term.encode("utf-8")


def _value_encoder(format_) -> Callable[[object, array], list]:
    """Return a function giving the per-posting value bytes a Whoosh writer would store."""
    if type(format_) is formats.Positions:
        return _positions_values
    if type(format_) is formats.Frequency:
        return lambda extra, weights: (
            extra if isinstance(extra, list) else [pack_uint(int(w)) for w in weights]
        )
    return lambda extra, weights: extra if isinstance(extra, list) else [b""] * len(weights)


def _positions_values(flat, weights) -> list[bytes]:
    """Encode flat [count, pos, pos, ..., count, ...] runs the way formats.Positions does."""
    if isinstance(flat, list):
        return flat
    out = []
    append = out.append
    single = _SINGLE_POSITION
    i, size = 0, len(flat)
    while i < size:
        n = flat[i]
        if n == 1:  # most postings: one occurrence, encoded once per position value
            pos = flat[i + 1]
            value = single.get(pos)
            if value is None:
                value = single[pos] = _ONE + dumps([pos], 2)
            append(value)
        else:
            run = flat[i + 1 : i + 1 + n]
            append(pack_uint(n) + dumps([run[0], *map(sub, run[1:], run)], 2))
        i += n + 1
    return out


_ONE = pack_uint(1)
_SINGLE_POSITION: dict[int, bytes] = {}
HEADER = b"W3Bl"  # whoosh3's posting list magic


def _write_term(fieldwriter, btext: bytes, ids: array, weights: array, values: list,
                lengths: array, compression: int = 3) -> None:
    """Write one posting list in blocks, byte for byte as W3PostingsWriter writes it."""
    fieldwriter.start_term(btext)
    writer = fieldwriter._postwriter  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
    terminfo = writer._terminfo  # noqa: SLF001
    postfile = writer._postfile  # noqa: SLF001
    fixed = fieldwriter._format.fixed_value_size()  # noqa: SLF001
    start_offset = postfile.tell()
    postfile.write(HEADER)
    total = len(ids)
    lookup = lengths.__getitem__
    for start in range(0, total, BLOCK):
        end = min(total, start + BLOCK)
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        lens = list(map(lookup, block_ids))
        minlength = min(filter(None, lens), default=None)
        maxlength = max(lens)
        maxweight = max(block_weights)
        terminfo._weight += sum(block_weights)  # noqa: SLF001
        terminfo._df += end - start  # noqa: SLF001
        if terminfo._minlength is None:  # noqa: SLF001
            terminfo._minlength = minlength  # noqa: SLF001
        elif minlength is not None:
            terminfo._minlength = min(terminfo._minlength, minlength)  # noqa: SLF001
        terminfo._maxlength = max(terminfo._maxlength, maxlength)  # noqa: SLF001
        terminfo._maxweight = max(terminfo._maxweight, maxweight)  # noqa: SLF001
        if terminfo._minid is None:  # noqa: SLF001
            terminfo._minid = block_ids[0]  # noqa: SLF001
        terminfo._maxid = block_ids[-1]  # noqa: SLF001
        block_values = [v for v in values[start:end] if v]
        data = (
            (block_ids[0], *map(sub, block_ids[1:], block_ids)),
            _mini_weights(block_weights),
            _mini_values(block_values, fixed),
        )
        databytes = zlib.compress(dumps(data, 2), compression)
        info = dumps((end - start, block_ids[-1], maxweight, compression,
                      length_to_byte(minlength), length_to_byte(maxlength)), 2)
        length = len(info) + len(databytes)
        postfile.write_int(-length if end == total else length)
        postfile.write(info)
        postfile.write(databytes)
    terminfo.set_extent(start_offset, postfile.tell() - start_offset)
    writer._terminfo = None  # noqa: SLF001 - what finish_postings leaves behind
    fieldwriter._tindex.add(  # noqa: SLF001
        pack_ushort(fieldwriter._fieldid) + btext, terminfo.to_bytes()  # noqa: SLF001
    )


def _mini_weights(weights: array):
    """Return weights as W3PostingsWriter._mini_weights stores them."""
    n = len(weights)
    if weights.count(1.0) == n:
        return None
    if weights.count(weights[0]) == n:
        return weights[0]
    return tuple(weights)


def _mini_values(values: list, fixed: int | None):
    """Return values as W3PostingsWriter._mini_values stores them."""
    if fixed is None or fixed < 0:
        return tuple(values)
    if fixed == 0:
        return None
    return b"".join(values)


# --- the rebuild driver ---------------------------------------------------------------


def build_index(ix, documents: Iterable, extra: list[dict], procs: int,
                progress: Callable[[int], None] | None = None) -> int:
    """Write every document (and the `extra` field dicts) as new segments; commit one TOC."""
    if procs > 1:
        count, segments = _build_parallel(ix, documents, procs, progress)
    else:
        count, segments = _build_serial(ix, documents, progress)
    if extra:
        builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
        for values in extra:
            builder.add(values)
        segments.append(builder.finish())
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    if progress is not None:
        progress(count)
    return count


def _build_serial(ix, documents, progress) -> tuple[int, list]:
    """Build in this process (tests, small corpora)."""
    segments: list = []
    builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    count = 0
    for doc in documents:
        builder.add(to_fields(doc))
        count += 1
        if builder.posting_count >= SEGMENT_POSTINGS:
            segments.append(builder.finish())
            builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
        if progress is not None and count % 1000 == 0:
            progress(count)
    if builder.docnum:
        segments.append(builder.finish())
    return count, segments


def _worker(storage, schema, indexname: str, jobs, results) -> None:
    """Worker process: build segments from document batches until the None sentinel."""
    try:
        segments = []
        builder = SegmentBuilder(storage, schema, indexname)
        while (batch := jobs.get()) is not None:
            for doc in batch:
                builder.add(to_fields(doc))
            if builder.posting_count >= SEGMENT_POSTINGS:
                segments.append(builder.finish())
                builder = SegmentBuilder(storage, schema, indexname)
        if builder.docnum:
            segments.append(builder.finish())
        results.put(("ok", segments))
    except BaseException:  # report anything; the parent cancels the rebuild
        results.put(("error", traceback.format_exc()))


def _build_parallel(ix, documents, procs: int, progress) -> tuple[int, list]:
    """Feed document batches to `procs` forked workers; collect their segments."""
    ctx = multiprocessing.get_context("fork")
    jobs = ctx.Queue(maxsize=QUEUE_DEPTH * procs)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(ix.storage, ix.schema, ix.indexname, jobs, results),
                    daemon=True)
        for _ in range(procs)
    ]
    for worker in workers:
        worker.start()
    try:
        count = _feed(documents, jobs, workers, progress)
        for _ in workers:
            _put(jobs, None, workers)
        segments = _collect(results, workers)
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join(timeout=5)
    return count, segments


def _feed(documents, jobs, workers, progress) -> int:
    """Put documents on the job queue in batches; return how many."""
    count, batch = 0, []
    for doc in documents:
        batch.append(doc)
        count += 1
        if len(batch) >= BATCH:
            _put(jobs, batch, workers)
            batch = []
        if progress is not None and count % 1000 == 0:
            progress(count)
    if batch:
        _put(jobs, batch, workers)
    return count


def _put(jobs, item, workers) -> None:
    """Put a job, failing instead of blocking forever if a worker died."""
    while True:
        try:
            jobs.put(item, timeout=1.0)
            return
        except queue.Full:
            if not all(w.is_alive() for w in workers):
                raise RuntimeError("an indexing worker died") from None


def _collect(results, workers) -> list:
    """Return every worker's segments; raise with the worker's traceback on failure."""
    segments = []
    for _ in workers:
        try:
            status, payload = results.get(timeout=WORKER_TIMEOUT)
        except queue.Empty:
            raise RuntimeError("an indexing worker did not finish") from None
        if status != "ok":
            raise RuntimeError(f"indexing worker failed:\n{payload}")
        segments.extend(payload)
    return segments
