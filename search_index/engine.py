"""SearchIndex: the engine's public face."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from search_index.api import SearchRequest, SearchResult, Suggestion
from search_index.backend import IndexStore
from search_index.documents import Audience, IndexDocument
from search_index.searching import run_search
from search_index.snapshot import CACHE_BUDGET, SnapshotCache
from search_index.suggest import run_suggest

log = logging.getLogger(__name__)
# Results kept per index generation and process (callers must not change a returned result):
# popular searches ("Sprachkurs", "Ausländerbehörde") repeat between two edits.
RESULT_CACHE = 512
# The word analysis caches are sized for rebuilds, which analyse millions of words. In a
# server they would, over days, keep every word of every snippet ever shown (tens of MB
# per worker): every TRIM_EVERY searches, a cache holding more than TRIM_ABOVE words is
# emptied (refilling costs the next searches a few milliseconds).
TRIM_EVERY = 1000
TRIM_ABOVE = 20_000


class SearchIndex:
    """Index and search knowledge-base articles (thread- and multi-process-safe)."""

    def __init__(self, root: Path, glossary=None, write_timeout: float = 10.0,
                 result_cache: int = RESULT_CACHE, cache_bytes: int = CACHE_BUDGET):
        self.store = IndexStore(Path(root), write_timeout)
        if glossary is None:
            glossary = _default_glossary()
        self.glossary = glossary
        self._snapshots = SnapshotCache(self.store.open, self.store.live_path, cache_bytes)
        # Whoosh readers seek and read shared file objects: one search at a time per process
        # (searching is CPU-bound, so threads would not run them in parallel anyway).
        self._reading = threading.RLock()
        self.result_cache = result_cache
        self._searches = 0

    @property
    def glossary(self):
        """The glossary queries are expanded with."""
        return self._glossary

    @glossary.setter
    def glossary(self, glossary) -> None:
        # Admins change it at run time: results made with the old one are not reused.
        self._glossary = glossary
        self._glossary_version = getattr(self, "_glossary_version", 0) + 1

    def exists(self) -> bool:
        """Say whether an index has been built."""
        return self.store.exists()

    def check(self) -> str | None:
        """Return None if the index is readable, else the reason (missing/corrupt)."""
        return self.store.check()

    def rebuild(
        self,
        documents: Iterable,
        checkpoint: int = 0,
        progress: Callable[[int], None] | None = None,
        procs: int = 2,
        produce: Callable[[object], Iterable[IndexDocument]] | None = None,
    ) -> int:
        """Build a new index from all documents and swap it in atomically.

        `documents` may instead be jobs (lists of ids, raw records: anything picklable) when
        `produce` is given: each indexing worker turns the jobs it takes into documents with
        ``produce(job)``, so loading and converting run in parallel too. `produce` runs in
        forked workers (procs > 1): it must not use connections opened before the fork.
        """
        return self.store.rebuild(documents, checkpoint, progress, procs, produce)

    def apply(
        self, upserts: Iterable[IndexDocument], deletes: Iterable[str], checkpoint: int
    ) -> None:
        """Apply changes and the checkpoint in one commit (raises IndexBusy after the timeout)."""
        self.store.apply(upserts, deletes, checkpoint)

    def checkpoint(self) -> int:
        """Return the last change sequence number stored with the index (0 if none)."""
        return self._snapshots.get().checkpoint if self.exists() else 0

    def versions(self) -> dict[str, int]:
        """Return id -> version of every indexed document."""
        if not self.exists():
            return {}
        snap = self._snapshots.get()
        return {doc_id: snap.version(d) for doc_id, d in snap.live_ids()}

    def search(self, request: SearchRequest, audience: Audience) -> SearchResult:
        """Return one page of results; a missing or broken index gives an empty result."""
        try:
            snap = self._snapshots.get()
        except Exception:  # the app learns the reason from check(); readers see no results
            log.exception("search index unavailable")
            return SearchResult(total=0, page=request.page, per_page=request.per_page)
        key = (self._glossary_version, *_result_key(request, audience))
        with self._reading:
            self._searches += 1
            if self._searches % TRIM_EVERY == 0:
                trim_word_caches(TRIM_ABOVE)
            cached = snap.results.get(key) if self.result_cache else None
            if cached is not None:
                return cached
            result = run_search(snap, request, audience, self.glossary)
            if self.result_cache:
                snap.results.put(key, result, self.result_cache)
            return result

    def suggest(
        self,
        prefix: str,
        audience: Audience,
        lang: str = "de",
        types: Sequence[str] = (),
        limit: int = 8,
    ) -> list[Suggestion]:
        """Return titles starting with the typed words (search-as-you-type)."""
        try:
            snap = self._snapshots.get()
        except Exception:  # as in search(): no index, no suggestions
            return []
        with self._reading:
            return run_suggest(snap, prefix, audience, lang, tuple(types), limit)


def trim_word_caches(limit: int) -> int:
    """Empty the word analysis caches holding more than `limit` entries; return how many."""
    from search_index import analyzers, compounds, ranking, snippets, terms

    splitter = compounds.default_splitter()
    caches = (analyzers._fold_cached, analyzers.analyze_word, analyzers.gender_base,  # noqa: SLF001
              terms.analyze, terms.alternatives, ranking.content_stems, snippets._keys_of,  # noqa: SLF001
              splitter._split, splitter._decompose)  # noqa: SLF001
    emptied = 0
    for cache in caches:
        if cache.cache_info().currsize > limit:
            cache.cache_clear()
            emptied += 1
    return emptied


def _result_key(request: SearchRequest, audience: Audience) -> tuple:
    """Return what a search result depends on besides the index generation."""
    filters = tuple(sorted((k, tuple(v)) for k, v in (request.filters or {}).items() if v))
    return (request.text, request.lang, filters, request.open_on, request.sort, request.page,
            request.per_page, audience)


def _default_glossary():
    """Return the project's glossary, or None while glossary.py is missing."""
    try:
        from search_index.glossary import Glossary
    except ImportError:
        return None
    try:
        return Glossary.default()
    except Exception:  # a broken glossary file costs synonyms, not the search
        log.exception("glossary unavailable")
        return None
