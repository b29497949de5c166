"""BM25 pieces shared by the snapshot (joining segments' postings as it reads them) and the
joined-terms file the rebuild writes (joined.py): both must give the very same numbers."""

from __future__ import annotations

import math

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

K1, B = 1.2, 0.75
_BYTE_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


def norm_table(segreaders: list, field: str) -> np.ndarray:
    """Return BM25's length normalisation per whoosh length byte, for the average length
    of a field over some segments (all documents counted, deleted ones too)."""
    total = sum(segreader.field_length(field) for segreader in segreaders)
    documents = sum(segreader.doc_count_all() for segreader in segreaders)
    average = max(total / max(documents, 1), 1.0)
    return (K1 * (1 - B + B * _BYTE_LENGTHS / average)).astype(np.float32)


def saturations(freqs: np.ndarray, lengths: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """Return the BM25 term-frequency saturations of postings (float32)."""
    return (freqs * (K1 + 1) / (freqs + norms[lengths])).astype(np.float32)


def idf(doc_freq: int, total: int) -> float:
    """Return the BM25 inverse document frequency."""
    return math.log(1 + (total - doc_freq + 0.5) / (doc_freq + 0.5))


def length_bytes(segreader, field: str, size: int) -> np.ndarray:
    """Return a segment's length bytes of a field, read in one call (one byte per document).

    The column is whoosh's NumericColumn("B") reader: the bytes lie back to back in the
    file; documents past its end have length 0.
    """
    perdoc = segreader._perdoc  # noqa: SLF001 - whoosh 2.7.5 internals (pinned)
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
    out = np.zeros(size, dtype=np.uint8)
    if column is None:
        return out
    try:
        count = min(column._count, size)  # noqa: SLF001
        raw = column._dbfile.get(column._basepos, count)  # noqa: SLF001
        out[:count] = np.frombuffer(raw, dtype=np.uint8)
    except AttributeError:  # another column layout: byte by byte through the interface
        out[:] = [column[i] for i in range(size)]
    return out
