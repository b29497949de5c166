"""Build whole Whoosh segments in bulk: the rebuild path (incremental edits use Whoosh's writer).

Whoosh's writer analyses every field through generator chains, pickles every posting into a
sorting pool, sorts runs on disk and writes postings one call at a time. Here text is split at
whitespace and every distinct chunk ("Köln,", "E-Mail-Adresse") is analysed once per process:
a document's tokens are joined from cached term-number bytes, so nothing is done per token in
Python. postings.py sorts the tokens into posting lists with numpy and writes them straight
into the whoosh3 codec. The files are ordinary whoosh3 segments: readers, ``apply`` and merges
treat them like any other.

Rebuilds run in worker processes (fork) that take jobs from a queue: batches of documents, or
whatever the caller's ``produce`` turns into documents inside the worker (ids to load from a
database, raw records to convert). Each worker writes one segment per ``SEGMENT_TOKENS``
tokens; the parent commits one TOC listing them all.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import time
import traceback
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice, repeat
from operator import sub

import numpy as np
from whoosh import formats
from whoosh.analysis import CompositeAnalyzer, IDTokenizer, RegexTokenizer
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.index import TOC

from search_index import columns, joined
from search_index.analyzers import WordTokenizer
from search_index.convert import to_fields
from search_index.postings import (
    STEP,
    Inverted,
    PostingRows,
    TokenStream,
    decoded_lengths,
    invert_rows,
    invert_tokens,
    length_bytes,
    write_field,
)

log = logging.getLogger(__name__)
BATCH = 200  # documents per job when the caller hands over documents
SEGMENT_TOKENS = 10_000_000  # a worker starts a new segment after this many (peak ~350 MB)
CHUNK_CACHE = 1 << 18  # analysed chunks kept per analysis setting
VOCABULARY = 1 << 20  # terms per analysis setting before new segments start afresh
QUEUE_DEPTH = 4  # jobs waiting per worker (bounds the parent's lead)
PROGRESS_EVERY = 1000  # documents between progress reports
WORKER_TIMEOUT = 600.0  # seconds a worker may take to finish its last segment
WORKER_GC_THRESHOLDS = (50_000, 20, 20)  # gc.set_threshold in workers (default 700, 10, 10)


class SegmentBuilder:
    """Collect documents in memory and write them as one whoosh3 segment."""

    def __init__(self, storage, schema, indexname: str = "MAIN"):
        self.storage = storage
        self.schema = schema
        self.codec = default_codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.docnum = 0
        self.fields = {name: _FieldIndex(name, field) for name, field in schema.items()}

    def size(self) -> int:
        """Return the tokens and postings held so far (what the segment's memory grows with)."""
        return sum(f.size() for f in self.fields.values())

    def add(self, values: dict) -> None:
        """Add one document (the keyword arguments Whoosh's add_document would take)."""
        perdoc, fields, docnum = self.perdoc, self.fields, self.docnum
        perdoc.start_doc(docnum)
        for name in sorted(values):
            value = values[name]
            if value is not None and not name.startswith("_"):
                fields[name].add(perdoc, docnum, value)
        perdoc.finish_doc()
        self.docnum += 1

    def finish(self):
        """Write the segment's files and return the segment (for a TOC)."""
        for index in self.fields.values():
            index.write_lengths(self.perdoc, self.docnum)
        self.perdoc.close()
        fieldwriter = self.codec.field_writer(self.storage, self.segment)
        keys, positional, terms = columns.key_dtype(self.docnum), [], columns.TermTable()
        for name in sorted(self.fields):
            index = self.fields.pop(name)
            inverted = index.invert()
            if inverted is not None:
                lengths = index.decoded_lengths(self.docnum)
                write_field(fieldwriter, name, index.field, inverted, lengths, keys, terms)
                if inverted.gaps is not None:
                    positional.append(name)
        fieldwriter.close()
        columns.write_marker(self.storage, self.segment, self.docnum, positional, terms)
        self.segment.set_doc_count(self.docnum)
        # Not assembled into one compound file: whoosh opens a compound segment's parts as
        # in-memory copies (BytesIO over the mmap), ~300 MB per reader at 100k documents.
        self.segment.compound = False
        return self.segment


class _FieldIndex:
    """One field of a segment: what it records per document, by the fastest path it allows."""

    def __init__(self, name: str, field):
        self.name, self.field = name, field
        self.stored, self.column = field.stored, field.column_type
        # Each document's field length (0 where absent), for the lengths column and blocks.
        self.lengths = array("I") if field.indexed and field.scorable else None
        self.analysis = self.tokens = self.rows = self.splitter = None
        self.record = self._recorder() if field.indexed else None

    def _recorder(self) -> Callable[[int, object], int]:
        """Pick how this field's values are analysed and recorded."""
        field = self.field
        tokenizer = _word_tokenizer(field)
        if tokenizer is not None:
            self.analysis = _shared_analysis(tokenizer)
            self.tokens = TokenStream(type(field.format) is formats.Positions)
            return self._add_tokens
        plain = type(field.format) in (formats.Existence, formats.Frequency)
        self.rows = PostingRows(keep_values=not plain)
        if _is_plain_id(field):
            return self._add_id
        self.splitter = _term_splitter(field)
        return self._add_rows if self.splitter is None else self._add_terms

    def size(self) -> int:
        """Return the tokens or postings recorded."""
        if self.tokens is not None:
            return self.tokens.size()
        return self.rows.size() if self.rows is not None else 0

    def add(self, perdoc, docnum: int, value) -> None:
        """Record one document's value: postings, length, stored value and column value."""
        if self.record is not None:
            length = self.record(docnum, value)
            lengths = self.lengths
            if lengths is not None:
                if len(lengths) < docnum:
                    lengths.extend(repeat(0, docnum - len(lengths)))
                lengths.append(length)
        if self.stored:
            perdoc.add_field(self.name, self.field, value, 0)  # length: see write_lengths
        if self.column:
            perdoc.add_column_value(self.name, self.column, self.field.to_column_value(value))

    def _add_tokens(self, docnum: int, value: str) -> int:
        """Record a document's tokens from cached chunk analyses; return their number."""
        analysis, tokens = self.analysis, self.tokens
        analysis.trim()
        terms = b"".join(map(analysis.chunks.__getitem__, value.split()))
        count = len(terms) >> 2
        if count:
            tokens.terms += terms
            tokens.docs.append(docnum)
            tokens.counts.append(count)
        return count

    def _add_id(self, docnum: int, value: str) -> int:
        """Record an untokenized value: the whole value is the one term (IDTokenizer)."""
        self.rows.add(docnum, value, 1, self.field.format.field_boost, b"")
        return 1

    def _add_terms(self, docnum: int, value: str) -> int:
        """Record the terms of a tokenizer that lists them (counted: Frequency format)."""
        counts = Counter(self.splitter(value))
        add = self.rows.add
        for text, freq in counts.items():
            add(docnum, text, freq, float(freq), b"")
        return sum(counts.values())

    def _add_rows(self, docnum: int, value) -> int:
        """Record the postings Whoosh's own analysis gives; return the field length."""
        length = 0
        for text, freq, weight, vbytes in self.field.index(value):
            self.rows.add(docnum, text, freq, weight, vbytes)
            length += freq
        return length

    def invert(self) -> Inverted | None:
        """Sort what was recorded into postings (None: nothing indexed)."""
        if self.tokens is not None and self.tokens.size():
            return invert_tokens(self.tokens, self.analysis.texts)
        if self.rows is not None and self.rows.size():
            return invert_rows(self.rows)
        return None

    def _raw_lengths(self, doccount: int) -> np.ndarray:
        raw = np.zeros(doccount, dtype=np.int64)
        if self.lengths:
            raw[:len(self.lengths)] = np.frombuffer(self.lengths, dtype=np.uint32)
        return raw

    def write_lengths(self, perdoc, doccount: int) -> None:
        """Write the lengths column and total as W3PerDocWriter.add_field would, all at once."""
        if not self.lengths:
            return
        raw = self._raw_lengths(doccount)
        total = int(raw.sum())
        if not total:
            return
        perdoc._fieldlengths[self.name] += total  # noqa: SLF001 - whoosh 2.7.5 (pinned)
        column = f"_{self.name}_len"  # whoosh3's _lenfield
        perdoc._create_column(column, LENGTHS_COLUMN)  # noqa: SLF001
        writer = perdoc._colwriters[column]  # noqa: SLF001
        writer._dbfile.write(length_bytes(raw).astype(np.uint8).tobytes())  # noqa: SLF001
        writer._count = doccount  # noqa: SLF001 - nothing left to fill

    def decoded_lengths(self, doccount: int) -> np.ndarray:
        """Return each document's length as readers decode it (empty if not scorable)."""
        if self.lengths is None:
            return np.zeros(0, dtype=np.int32)
        return decoded_lengths(self._raw_lengths(doccount))


class _Analysis:
    """Term numbers of one WordTokenizer setting in this process, and its analysed chunks.

    A chunk is a whitespace-free piece of text ("Köln,"): analysed once into its tokens as
    TokenStream stores them (term number and position step), then each occurrence costs a
    dict lookup and a document's tokens are joined from cached bytes. Shared by the fields
    and the segments of a process (term numbers only grow).
    """

    def __init__(self, tokenizer: WordTokenizer):
        self.tokenizer = tokenizer
        self.numbers: dict[str, int] = {}
        self.texts: list[str] = []
        self.chunks = _ChunkCache(self.learn)  # chunk -> its tokens (uint32 bytes)

    def learn(self, chunk: str) -> bytes:
        """Analyse a new chunk; cache and return its tokens."""
        pairs, width = self.tokenizer.index_chunk(chunk)
        numbers, texts = self.numbers, self.texts
        tokens = array("I")
        for (_, text), step in zip(pairs, _position_steps(pairs, width), strict=True):
            number = numbers.get(text)
            if number is None:
                number = numbers[text] = len(texts)
                texts.append(text)
            tokens.append(number | STEP if step else number)
        got = self.chunks[chunk] = tokens.tobytes()
        return got

    def trim(self) -> None:
        """Forget the analysed chunks when there are too many (term numbers stay)."""
        if len(self.chunks) > CHUNK_CACHE:
            self.chunks.clear()


_ANALYSES: dict[tuple, _Analysis] = {}


def _shared_analysis(tokenizer: WordTokenizer) -> _Analysis:
    """Return this process's analysis of a tokenizer setting; a new one once it grew too big.

    Segments being built keep the one they started with, so their term numbers stay valid.
    """
    key = (tokenizer.stops, tokenizer.language, tokenizer.variants)
    analysis = _ANALYSES.get(key)
    if analysis is None or len(analysis.texts) >= VOCABULARY:
        analysis = _ANALYSES[key] = _Analysis(tokenizer)
    return analysis


class _ChunkCache(dict):
    """A dict that fills itself: missing chunks are analysed on lookup (inside map())."""

    def __init__(self, learn: Callable[[str], bytes]):
        super().__init__()
        self.learn = learn

    def __missing__(self, chunk: str) -> bytes:
        return self.learn(chunk)


def _position_steps(pairs: tuple, width: int) -> bytes:
    """Return a chunk's position steps: 1 where a token takes the next position, else 0.

    Relies on index_chunk's order (first token at offset 0, last at width - 1, offsets rising
    by at most one), so the first token of the next chunk is always one step further.
    """
    offsets = [offset for offset, _ in pairs]
    if not offsets:
        return b""
    steps = bytes([1, *map(sub, offsets[1:], offsets[:-1])])
    if offsets[0] != 0 or offsets[-1] != width - 1 or steps.translate(None, b"\x00\x01"):
        raise ValueError(f"unexpected token offsets {offsets} (width {width})")
    return steps


def _is_plain_id(field) -> bool:
    """Tell whether a field indexes each value whole, as one term without frequencies."""
    analyzer = getattr(field, "analyzer", None)
    return type(analyzer) is IDTokenizer and type(field.format) is formats.Existence


def _term_splitter(field) -> Callable[[str], list[str]] | None:
    """Return value -> token texts for a Frequency field whose tokenizer can list them.

    That is a lone RegexTokenizer (KEYWORD fields) or a tokenizer with ``index_terms``
    (EmailTokenizer); anything else goes through Whoosh's own analysis.
    """
    if type(field.format) is not formats.Frequency or field.format.field_boost != 1.0:
        return None
    analyzer = field.analyzer
    if isinstance(analyzer, CompositeAnalyzer) and len(analyzer.items) == 1:
        analyzer = analyzer.items[0]
    if type(analyzer) is RegexTokenizer and not analyzer.gaps and not analyzer.expression.groups:
        return analyzer.expression.findall
    return getattr(analyzer, "index_terms", None)


def _word_tokenizer(field) -> WordTokenizer | None:
    """Return the field's WordTokenizer if its analyzer is exactly one (the fast path)."""
    analyzer = getattr(field, "analyzer", None)
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 1:
        return None
    tokenizer = analyzer.items[0]
    if type(tokenizer) is not WordTokenizer or tokenizer.force_mode:
        return None
    if type(field.format) not in (formats.Positions, formats.Frequency):
        return None
    return tokenizer if field.format.field_boost == 1.0 else None


# --- the rebuild driver ---------------------------------------------------------------


def build_index(ix, items: Iterable, extra: list[dict], procs: int,
                progress: Callable[[int], None] | None = None,
                produce: Callable[[object], Iterable] | None = None) -> int:
    """Write every document (and the `extra` field dicts) as new segments; commit one TOC.

    Without `produce`, `items` are the documents. With it, `items` are jobs and
    ``produce(job)`` yields each job's documents: in the workers (forked, so `produce` may
    be any callable, while jobs are pickled), so that loading and converting documents is
    spread over the processes as well. Returns the number of documents.
    """
    if produce is None:
        items, produce = _batched(items), iter
    if procs > 1:
        count, segments = _build_parallel(ix, items, produce, procs, progress)
    else:
        count, segments = _build_serial(ix, items, produce, progress)
    if extra:
        builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
        for values in extra:
            builder.add(values)
        segments.append(builder.finish())
    _ANALYSES.clear()  # built: cached analyses in this process would only take memory
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    _write_joined_terms(ix, procs)
    if progress is not None:
        progress(count)
    return count


def _write_joined_terms(ix, procs: int) -> None:
    """Join the new segments' terms once (joined.py). Without the file searches join them
    as they go, so a failure here costs speed, not the rebuild."""
    started = time.perf_counter()
    try:
        written = joined.write_for(ix, procs)
    except Exception:
        log.exception("joining the rebuilt segments' terms failed: searches join them")
        return
    if written:
        log.info("terms joined in %.1f s", time.perf_counter() - started)


def _batched(documents: Iterable) -> Iterable[list]:
    """Group documents into jobs of BATCH."""
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield batch


class _Segments:
    """The segments one process builds, a new one whenever the current one is full."""

    def __init__(self, ix):
        self.storage, self.schema, self.indexname = ix.storage, ix.schema, ix.indexname
        self.done: list = []
        self.builder = SegmentBuilder(self.storage, self.schema, self.indexname)

    def add_job(self, produce, job) -> int:
        """Add a job's documents; return how many there were."""
        count = 0
        for doc in produce(job):
            self.builder.add(to_fields(doc))
            count += 1
        if self.builder.size() >= SEGMENT_TOKENS:
            self.done.append(self.builder.finish())
            self.builder = SegmentBuilder(self.storage, self.schema, self.indexname)
        return count

    def finish(self) -> list:
        """Write the last segment; return all of them."""
        if self.builder.docnum:
            self.done.append(self.builder.finish())
        return self.done


def _build_serial(ix, jobs, produce, progress) -> tuple[int, list]:
    """Build in this process (tests, small corpora)."""
    segments = _Segments(ix)
    tracker = _Progress(progress)
    for job in jobs:
        tracker.add(segments.add_job(produce, job))
    return tracker.count, segments.finish()


def _worker(ix, produce, jobs, results) -> None:
    """Worker process: build segments from jobs until the None sentinel."""
    # What the parent had is never garbage here: keep the collector off it (and its pages
    # shared with the parent, which the collector's bookkeeping would copy). The caches a
    # worker fills live to its end; collecting rarely spares traversing them again and again.
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        segments = _Segments(ix)
        while (job := jobs.get()) is not None:
            results.put(("done", segments.add_job(produce, job)))
        results.put(("ok", segments.finish()))
    except BaseException:  # report anything; the parent cancels the rebuild
        results.put(("error", traceback.format_exc()))


def _build_parallel(ix, jobs_in, produce, procs: int, progress) -> tuple[int, list]:
    """Feed jobs to `procs` forked workers; collect their segments."""
    _load_analysis_data(ix.schema)
    ctx = multiprocessing.get_context("fork")
    jobs = ctx.Queue(maxsize=QUEUE_DEPTH * procs)
    results = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(ix, produce, jobs, results), daemon=True)
               for _ in range(procs)]
    for worker in workers:
        worker.start()
    tracker = _Progress(progress, results, workers)
    try:
        for job in jobs_in:
            tracker.put(jobs, job)
        for _ in workers:
            tracker.put(jobs, None)
        segments = tracker.collect()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join(timeout=5)
    return tracker.count, segments


def _load_analysis_data(schema) -> None:
    """Load word lists and stemmers here, once, rather than in every worker after the fork."""
    for _, field in schema.items():
        tokenizer = _word_tokenizer(field)
        if tokenizer is not None:
            tokenizer.index_chunk("Arbeitsmarktintegration")


class _Progress:
    """Count the documents built (workers report each job) and pass the count on."""

    def __init__(self, callback: Callable[[int], None] | None, results=None, workers=()):
        self.callback, self.results, self.workers = callback, results, workers
        self.count = self.reported = 0
        self.segments: list = []
        self.finished = 0

    def add(self, count: int) -> None:
        """Count built documents; report every PROGRESS_EVERY."""
        self.count += count
        if self.callback is not None and self.count - self.reported >= PROGRESS_EVERY:
            self.reported = self.count
            self.callback(self.count)

    def put(self, jobs, item) -> None:
        """Queue a job, taking in reports meanwhile; fail if a worker died."""
        while True:
            self._take(block=False)
            try:
                jobs.put(item, timeout=0.2)
                return
            except queue.Full:
                if not all(w.is_alive() for w in self.workers):
                    raise RuntimeError("an indexing worker died") from None

    def collect(self) -> list:
        """Wait for every worker's segments (raise with a worker's traceback on failure)."""
        while self.finished < len(self.workers):
            self._take(block=True)
        return self.segments

    def _take(self, block: bool) -> None:
        """Handle the reports waiting (with block: at least one)."""
        while True:
            got = self._wait() if block else self._poll()
            if got is None:
                return
            block = False
            status, payload = got
            if status == "done":
                self.add(payload)
            elif status == "ok":
                self.segments.extend(payload)
                self.finished += 1
            else:
                raise RuntimeError(f"indexing worker failed:\n{payload}")

    def _poll(self) -> tuple | None:
        try:
            return self.results.get(False)
        except queue.Empty:
            return None

    def _wait(self) -> tuple:
        """Wait for a report; fail if none comes for WORKER_TIMEOUT or a worker died."""
        deadline = time.monotonic() + WORKER_TIMEOUT
        while time.monotonic() < deadline:
            try:
                return self.results.get(True, 1.0)
            except queue.Empty:
                if any(w.exitcode not in (None, 0) for w in self.workers):
                    raise RuntimeError("an indexing worker died") from None
        raise RuntimeError("an indexing worker did not finish")
