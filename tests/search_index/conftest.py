"""One index per test module: building is the slow part."""

from __future__ import annotations

import pytest

from search_index import SearchIndex
from tests.search_index.corpus import corpus


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    """Return a search index over the test corpus (read-only in tests that use it)."""
    ix = SearchIndex(tmp_path_factory.mktemp("ix"), glossary=None)
    ix.rebuild(corpus(), checkpoint=5, procs=1)
    return ix
