"""The knowledge base's search engine (Whoosh inside; imports nothing from kb/)."""

from search_index.api import FacetValue, Hit, SearchRequest, SearchResult, Suggestion
from search_index.backend import IndexBusy
from search_index.documents import PUBLIC, Audience, IndexDocument
from search_index.engine import SearchIndex

__all__ = [
    "PUBLIC",
    "Audience",
    "FacetValue",
    "Hit",
    "IndexBusy",
    "IndexDocument",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "Suggestion",
]
