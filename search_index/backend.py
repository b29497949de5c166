"""Open, build, update and swap the on-disk Whoosh index.

Package choice: whoosh-reloaded 2.7.5 (pin ``whoosh-reloaded==2.7.5``), not whoosh 2.7.4.
Measured with a throwaway script on both versions:
- refresh bug: after another writer's update_document, ``Searcher.refresh()`` on 2.7.5 shows
  6 hits for 5 documents (2.7.4: 5). We never call refresh() or ``reader(reuse=...)``: a new
  reader is opened whenever ``ix.latest_generation()`` (or the ``current`` link) changes.
- dirty writer (#375): after add_document raised, 2.7.4 refuses every further document
  ("Called start_doc when already in a doc"); 2.7.5 carries on but attributes the failed
  document's postings to the next one (a wrong hit). Either way a writer is never reused after
  an exception: documents are converted before the writer is opened and any failure cancels it.
- 2.7.4 emits invalid-escape SyntaxWarnings on Python 3.11+, which ``filterwarnings = error``
  turns into import failures; 2.7.5 does not.

Layout: ``root/current`` is a symlink to ``root/build-<n>``; rebuild writes a new build dir and
replaces the link with os.replace, so open readers keep the old files (POSIX unlink semantics).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import LockError
from whoosh.writing import MERGE_SMALL

from search_index import columns, joined
from search_index import fields as f
from search_index.analyzers import analysis_fingerprint
from search_index.bulk import build_index
from search_index.convert import meta_fields, to_fields
from search_index.documents import IndexDocument
from search_index.schema import build_schema

CURRENT = "current"
BUILD_PREFIX = "build-"
ANALYSIS_FILE = "analysis.json"  # the analysis fingerprint an index was built with


class PReadFile:
    """A read-only file read with os.pread, for Whoosh's StructFile.

    Neither a memory map (every page a search touched would count as the process's resident
    memory, about 300 MB at 100k documents) nor an io file object (readers dropped unclosed,
    as old snapshots are, make those warn when collected): a bare descriptor, closed with it.
    """

    def __init__(self, path: str):
        self._fd = os.open(path, os.O_RDONLY)
        self._size = os.fstat(self._fd).st_size
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        """Read up to size bytes from the current position (all that is left if negative)."""
        if size is None or size < 0:
            size = self._size - self._pos
        data = os.pread(self._fd, size, self._pos)
        self._pos += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        """Read up to and including the next newline (pickle.load asks for this)."""
        limit = self._size - self._pos if size is None or size < 0 else size
        parts, taken = [], 0
        while taken < limit:
            chunk = os.pread(self._fd, min(8192, limit - taken), self._pos + taken)
            if not chunk:
                break
            end = chunk.find(b"\n")
            if end >= 0:
                chunk = chunk[: end + 1]
            parts.append(chunk)
            taken += len(chunk)
            if end >= 0:
                break
        self._pos += taken
        return b"".join(parts)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the position as io files do."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        """Return the current position."""
        return self._pos

    @property
    def descriptor(self) -> int:
        """Return the bare descriptor (for positional reads that leave the position be)."""
        return self._fd

    def close(self) -> None:
        """Close the descriptor (again: nothing happens)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self) -> None:
        self.close()


class PReadStorage(FileStorage):
    """A FileStorage whose files are read through PReadFile."""

    def open_file(self, name, **kwargs):
        """Open a file for reading."""
        return StructFile(PReadFile(self._fpath(name)), name=name, **kwargs)


def _schema_change(stored) -> str | None:
    """Return how an index's fields differ from this version's schema, None if they do not.

    An index built by an earlier version lacks fields this one writes and searches (edits
    would fail, matching would miss): it is rebuilt as an unreadable one is.
    """
    wanted, held = set(build_schema().names()), set(stored.names())
    if wanted == held:
        return None
    missing, extra = ", ".join(sorted(wanted - held)), ", ".join(sorted(held - wanted))
    return f"outdated: fields missing: {missing or 'none'}; no longer used: {extra or 'none'}"


def _record_analysis(folder: Path) -> None:
    data = json.dumps({"analysis": analysis_fingerprint()})
    (folder / ANALYSIS_FILE).write_text(data + "\n", encoding="utf-8")


def _analysis_change(folder: str) -> str | None:
    """Return why an index's terms no longer fit this version's analysis, None if they do.

    Its texts were analysed with other word lists or rules (a word now split into other
    parts): queries would look for terms the index lacks. It is rebuilt as an outdated
    schema is.
    """
    try:
        text = (Path(folder) / ANALYSIS_FILE).read_text(encoding="utf-8")
        built_with = json.loads(text).get("analysis")
    except FileNotFoundError:
        built_with = None
    except (OSError, ValueError, AttributeError) as exc:
        return f"outdated: unreadable {ANALYSIS_FILE}: {type(exc).__name__}"
    if built_with != analysis_fingerprint():
        return f"outdated: analysed with {built_with or 'unrecorded'} word lists and rules, " \
               f"this version uses {analysis_fingerprint()}"
    return None


class IndexBusy(RuntimeError):
    """The write lock could not be taken within write_timeout (callers retry later)."""


class IndexStore:
    """The directory holding the live index and its rebuilds."""

    def __init__(self, root: Path, write_timeout: float = 10.0):
        self.root = Path(root)
        self.write_timeout = write_timeout

    def live_path(self) -> Path | None:
        """Return the directory the ``current`` link points at, if any."""
        link = self.root / CURRENT
        try:
            return self.root / os.readlink(link)
        except OSError:
            return None

    def exists(self) -> bool:
        """Say whether a live index is present."""
        path = self.live_path()
        return path is not None and whoosh_index.exists_in(str(path))

    def open(self):
        """Open the live index (raises if missing or unreadable)."""
        path = self.live_path()
        if path is None:
            raise FileNotFoundError(f"no index at {self.root}")
        return PReadStorage(str(path)).open_index()

    def check(self) -> str | None:
        """Return None if the live index is readable, else the reason."""
        if self.live_path() is None:
            return "missing: no index has been built"
        try:
            ix = self.open()
            with ix.reader() as reader:
                reader.doc_count()
                list(reader.leaf_readers())
        except Exception as exc:  # any failure means "not usable", whatever its type
            return f"unreadable: {type(exc).__name__}: {exc}"
        folder = ix.storage.folder
        return (_schema_change(ix.schema) or _analysis_change(folder)
                or joined.outdated(folder))

    def rebuild(
        self,
        documents: Iterable,
        checkpoint: int,
        progress: Callable[[int], None] | None = None,
        procs: int = 2,
        produce: Callable[[object], Iterable[IndexDocument]] | None = None,
    ) -> int:
        """Build a fresh index beside the live one and swap it in; return the count.

        With `produce`, `documents` are jobs that ``produce(job)`` turns into documents in the
        indexing workers (see bulk.build_index).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        build = self.root / f"{BUILD_PREFIX}{time.time_ns()}"
        build.mkdir()
        try:
            ix = whoosh_index.create_in(str(build), build_schema())
            count = self._fill(ix, documents, checkpoint, progress, procs, produce)
            _record_analysis(build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        previous = self.live_path()
        tmp_link = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        os.symlink(build.name, tmp_link)
        os.replace(tmp_link, self.root / CURRENT)
        self._remove_old_builds(keep={build, previous})
        return count

    def _fill(self, ix, documents, checkpoint, progress, procs, produce) -> int:
        """Write every document and the checkpoint document as fresh segments (see bulk.py)."""
        return build_index(ix, documents, [meta_fields(checkpoint)], procs, progress, produce)

    def _remove_old_builds(self, keep: set) -> None:
        """Delete build dirs other than the live and the previous one (open readers may use it)."""
        for path in self.root.glob(f"{BUILD_PREFIX}*"):
            if path not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def writer(self, ix):
        """Take the write lock, retrying until write_timeout; raise IndexBusy after that."""
        deadline = time.monotonic() + self.write_timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                return ix.writer(timeout=max(0.0, min(remaining, 1.0)), delay=0.05)
            except LockError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"index busy for {self.write_timeout}s") from None

    def apply(
        self, upserts: Iterable[IndexDocument], deletes: Iterable[str], checkpoint: int
    ) -> None:
        """Upsert and delete documents and store the checkpoint in one commit."""
        prepared = [to_fields(doc) for doc in upserts]  # fail before taking the lock
        doomed = [doc_id for doc_id in deletes if doc_id != f.META_DOC_ID]
        ix = self.open()
        writer = self.writer(ix)
        try:
            for doc_id in doomed:
                writer.delete_by_term(f.ID, doc_id)
            for values in prepared:
                writer.update_document(**values)
            writer.update_document(**meta_fields(checkpoint))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_edits_only)


def merge_edits_only(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL over the segments its writer made; the rebuild's stay as they are.

    The rebuild's segments carry posting columns and the joined terms (columns.py,
    joined.py), which hold for them only: merged into a segment of whoosh's writer, their
    documents would be read the slow way until the next rebuild. They stay first, at the
    doc offsets the joined terms were written for. (Their deleted documents stay too, as
    deletion marks: a rebuild drops them.)
    """
    bulk = [s for s in segments if columns.lists_terms(writer.storage, s)]
    others = [s for s in segments if not columns.lists_terms(writer.storage, s)]
    return bulk + MERGE_SMALL(writer, others)
