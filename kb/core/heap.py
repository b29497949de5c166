"""Handing freed heap memory back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def trim_heap() -> None:
    """Return the free pages of the process's heap to the system (a few milliseconds).

    glibc keeps freed heap pages mapped: after a burst of allocations (a search over many
    documents, applying edits to the index) the process stays as large as it was at the
    peak, although the memory is free. Without glibc (another libc) this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
