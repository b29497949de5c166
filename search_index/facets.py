"""Audience and facet filters as doc-number bitsets; facet counting; translation collapse."""

from __future__ import annotations

import datetime as dt

import numpy as np

from search_index import bits
from search_index.api import FacetValue
from search_index.documents import Audience
from search_index.fields import FACETS, FILTER_ONLY
from search_index.snapshot import Snapshot

PROGRAMME_STATUSES = ("open", "upcoming", "closed")


def audience_bits(snap: Snapshot, audience: Audience) -> int:
    """Return the live documents this audience may see."""
    allowed = snap.live
    if not audience.include_unpublished:
        allowed &= snap.value_bits("state", "published") & ~_outside_window(snap, audience.today)
    if not audience.include_internal:
        hidden = snap.value_bits("type", "contact") & ~snap.value_bits("visibility", "public")
        allowed &= ~hidden
    return allowed


def _outside_window(snap: Snapshot, today: dt.date) -> int:
    """Return documents not yet effective or already expired on a day (cached per day)."""
    key = ("window", today)
    cache = snap.day_cache()
    if key not in cache:
        day = today.toordinal()
        docs, eff, exp = snap.windowed.T
        outside = ((eff > 0) & (eff > day)) | ((exp > 0) & (exp <= day))
        cache[key] = bits.from_array(docs[outside], snap.size)
    return cache[key]


def _status_bits(snap: Snapshot, today: dt.date) -> dict[str, int]:
    """Return programme statuses on a day (cached per day)."""
    key = ("status", today)
    cache = snap.day_cache()
    if key not in cache:
        day = today.toordinal()
        docs, start, until, deadline = snap.programmes.T
        # Upcoming before open_from; closed after the earlier of open_until and deadline
        # (a missing date neither opens late nor closes).
        far = 10**9
        first_end = np.minimum(np.where(until > 0, until, far),
                               np.where(deadline > 0, deadline, far))
        upcoming = (start > 0) & (day < start)
        closed = ~upcoming & (day > first_end)
        is_open = ~upcoming & ~closed
        found = {"open": is_open, "upcoming": upcoming, "closed": closed}
        cache[key] = {s: bits.from_array(docs[found[s]], snap.size) for s in PROGRAMME_STATUSES}
    return cache[key]


def open_on_bits(snap: Snapshot, day: dt.date) -> int:
    """Return the programmes open for applications on a day."""
    return _status_bits(snap, day)["open"]


def value_bits(snap: Snapshot, facet: str, value: str, today: dt.date) -> int:
    """Return the documents carrying a facet value (status is computed for programmes)."""
    if facet == "status" and value in PROGRAMME_STATUSES:
        return _status_bits(snap, today)[value]
    return snap.value_bits(facet, value)


def filter_bits(snap: Snapshot, facet: str, values: tuple[str, ...], today: dt.date) -> int:
    """Return the documents matching any selected value of a facet (OR within a facet)."""
    if facet not in FACETS and facet not in FILTER_ONLY:
        return 0  # the app validates names; an unknown facet matches nothing rather than all
    out = 0
    for value in values:
        out |= value_bits(snap, facet, value, today)
    return out


NO_REPLACEMENTS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def collapse(snap: Snapshot, matched: int, allowed: int, lang: str
             ) -> tuple[int, tuple[np.ndarray, np.ndarray]]:
    """Keep one document per translation group, in `lang` where an allowed version exists.

    Returns the representatives and the replacements: the replaced documents and, at the
    same places, their representatives. Array operations over the snapshot's pairs of
    documents and their siblings in `lang` (a common word matches tens of thousands).
    """
    pref = snap.value_bits("language", lang)
    candidates = matched & ~pref & snap.twin_bits(lang)
    if not candidates:
        return matched, NO_REPLACEMENTS
    docs, siblings = snap.twin_pairs(lang)
    usable = (bits.to_mask(candidates, snap.size)[docs]
              & bits.to_mask(allowed & pref, snap.size)[siblings])
    docs, siblings = docs[usable], siblings[usable]
    if not len(docs):
        return matched, NO_REPLACEMENTS
    first = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])  # a group's first allowed
    docs, siblings = docs[first], siblings[first]
    kept = (matched & ~bits.from_array(docs, snap.size)) | bits.from_array(siblings, snap.size)
    return kept, (docs, siblings)


def count_facets(
    snap: Snapshot,
    reps: dict[str | None, int],
    selected: dict[str, tuple[str, ...]],
    today: dt.date,
) -> dict[str, list[FacetValue]]:
    """Count every facet over its representatives (reps[facet] if selected, else reps[None])."""
    counted: dict[int, dict[str, list[tuple[str, int]]]] = {}  # one pass per distinct base
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        base = reps.get(facet, reps[None])
        if base not in counted:
            counted[base] = _found_values(snap, base)
        found = counted[base].get(facet, [])
        if facet == "status":  # a programme's status is computed for the day
            found = [(v, n) for v, n in found if v not in PROGRAMME_STATUSES] + [
                (v, (base & value_bits(snap, facet, v, today)).bit_count())
                for v in PROGRAMME_STATUSES]
        chosen = set(selected.get(facet, ()))
        values = [FacetValue(v, n, v in chosen) for v, n in found if n or v in chosen]
        values += [FacetValue(v, 0, True) for v in chosen - {v.value for v in values}]
        values.sort(key=lambda v: (-v.count, v.value))
        out[facet] = values
    return out


def _found_values(snap: Snapshot, docs: int) -> dict[str, list[tuple[str, int]]]:
    """Return, per facet, the values some of the documents carry and how many do.

    Only those: a facet may have hundreds of values (the regions), most not found.
    """
    counts = snap.value_counts(docs)
    found = np.flatnonzero(counts)
    table = snap.key_table
    out: dict[str, list[tuple[str, int]]] = {}
    for i, n in zip(found.tolist(), counts[found].tolist(), strict=True):
        facet, value = table[i]
        out.setdefault(facet, []).append((value, n))
    return out


def row_language(snap: Snapshot, docnum: int) -> str:
    """Return a document's language."""
    return snap.langs[docnum]
