"""Evaluate a query plan against a snapshot: doc-number bitsets first, scores second."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from search_index import bits
from search_index import fields as f
from search_index.bm25 import idf
from search_index.query import Clause, Group, content_words
from search_index.snapshot import POSITION_SPAN, Snapshot
from search_index.terms import alternatives, analyze

PHRASE_TEMPLATES = (f.TITLE_TEXT, f.KEYS_TEXT, f.SUMMARY_TEXT, f.BODY_TEXT)
TITLE_FIELDS = frozenset([f.lang_field(f.TITLE_TEXT, lang) for lang in f.LANGS] + [f.NAMES])
KEYS_FIELDS = frozenset(f.lang_field(f.KEYS_TEXT, lang) for lang in f.LANGS)
Scorer = Sequence[tuple[str, tuple[str, ...], float]]  # (field, terms all needed, weight)


def _family_targets(family: str, word: str, weights: dict[str, float]) -> Scorer:
    """Return the targets of one word in the fields of one analysis family."""
    whole, parts = alternatives(family, word)
    out: list = []
    for name, w in weights.items():
        out.extend((name, terms, w) for terms in whole)
        if parts:  # the compound's parts anywhere in one field, weighted below the compound
            out.append((name, parts, w * f.PARTS_FACTOR))
    return out


@lru_cache(maxsize=1024)
def word_targets(word: str) -> Scorer:
    """Return the (field, terms, weight) triples a plain query word is looked up in.

    Cached (a few kilobytes per word): one search asks for a word's targets to match, to
    score and to find it in titles, some thirty triples each time.
    """
    out: list = []
    for lang in f.LANGS:
        out.extend(_family_targets(lang, word, f.ranked_fields(lang)))
    out.extend(_family_targets("fold", word, {f.NAMES: f.NAMES_WEIGHT}))
    return tuple(out)


def clause_targets(snap: Snapshot, clause: Clause) -> list[Scorer]:
    """Return one target list per word of a clause (every word must match somewhere)."""
    if clause.kind == "phone":
        return [_phone_targets(snap, clause.words[0])]
    if clause.kind == "email":
        return [[(f.EMAILS, analyze("email", clause.words[0]) or clause.words, f.CONTACT_WEIGHT)]]
    if clause.kind == "fold":
        return [[(f.FOLD, (clause.words[0],), 1.0), (f.NAMES, (clause.words[0],), 2.0)]]
    return [word_targets(w) for w in content_words(clause.words)]


MAX_PHONE_TERMS = 50  # numbers a typed prefix may stand for


def _phone_targets(snap: Snapshot, digits: str) -> Scorer:
    """Return the phone terms starting with any normalized form of the digits (cached)."""
    key = ("phone", digits)
    cache = snap.day_cache()
    if key in cache:
        return cache[key]
    found = _read_phone_targets(snap, digits)
    if len(cache) < 10_000:  # typed numbers are open-ended: keep the cache bounded
        cache[key] = found
    return found


def _read_phone_targets(snap: Snapshot, digits: str) -> Scorer:
    from search_index.convert import phone_forms

    out: list = []
    seen: set[str] = set()
    for form in phone_forms(digits):
        if len(form) < 6:
            continue
        for term in snap.reader.expand_prefix(f.PHONES, form):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if len(seen) >= MAX_PHONE_TERMS:
                return out
            if text not in seen:
                seen.add(text)
                out.append((f.PHONES, (text,), f.CONTACT_WEIGHT))
    return out


def targets_bits(snap: Snapshot, targets: Scorer) -> int:
    """Return the live documents where any target matches (all its terms in one field).

    A word has a dozen targets or more (fields, languages, variants, compound parts), most
    of them rare terms: their doc numbers are made into one bitset together (bits.Union).
    """
    union = bits.Union(snap.size)
    for field, terms, _ in targets:
        if len(terms) == 1:
            union.add(snap.term_docs(field, terms[0]))
        else:
            union.add(_all_terms(snap, field, terms))
    return union.bits() & snap.live


def _all_terms(snap: Snapshot, field: str, terms: Sequence[str]) -> int | np.ndarray:
    """Return the documents holding every term in the field (deleted ones included)."""
    common, rare = -1, None
    if not terms:
        return 0
    for term in terms:
        docs = snap.term_docs(field, term)
        if isinstance(docs, int):
            common &= docs
        else:
            rare = docs if rare is None else np.intersect1d(rare, docs, assume_unique=True)
        if not (common and (rare is None or len(rare))):
            return 0
    if rare is None:
        return common
    return rare if common == -1 else bits.from_array(rare, snap.size) & common


class Candidates:
    """The few best-scored documents reranking looks at, and which of them hold a term.

    Membership is looked up in the term's postings (read for scoring already, mostly) for
    these documents only: no bitset over the whole index per title term.
    """

    def __init__(self, snap: Snapshot, docs: list[int]):
        self.snap = snap
        self.docs = np.asarray(docs, dtype=np.int64)  # in rank order
        self._order = np.argsort(self.docs, kind="stable")
        self._sorted = self.docs[self._order].astype(np.int32)
        self.bits = bits.from_array(self._sorted, snap.size) if len(docs) else 0
        self.contacts = np.array([snap.types[d] == "contact" for d in docs], dtype=bool)
        self._mask: np.ndarray | None = None
        self._held: dict[tuple[str, str], np.ndarray] = {}

    def _flags(self) -> np.ndarray:
        """Return one flag per doc number, set for the candidates (made once)."""
        if self._mask is None:
            self._mask = bits.to_mask(self.bits, self.snap.size)
        return self._mask

    def holding(self, field: str, term: str) -> np.ndarray:
        """Return, per candidate, whether it holds the term in the field."""
        key = (field, term)
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = np.zeros(len(self.docs), dtype=bool)
            # matching read the term's documents: a quick test first
            if _meets(self.snap.term_docs(field, term), self.bits, self._flags()):
                for ids, _ in self.snap.term_postings(field, term)[1]:
                    at = np.minimum(np.searchsorted(ids, self._sorted), len(ids) - 1)
                    held[self._order[ids[at] == self._sorted]] = True
        return held


def title_matches(snap: Snapshot, group: Group, candidates: Candidates) -> np.ndarray:
    """Return, per candidate, whether its title matches every word of an alternative.

    A person's title is a name, so for contacts the name, position and responsibilities count:
    they say what the entry is about, as a title does elsewhere.
    """
    return _fields_match(snap, group, TITLE_FIELDS, candidates) | (
        _fields_match(snap, group, KEYS_FIELDS, candidates) & candidates.contacts)


def _fields_match(snap: Snapshot, group: Group, fields: frozenset[str],
                  candidates: Candidates) -> np.ndarray:
    """Return, per candidate, whether some alternative of the group matches in the fields."""
    out = np.zeros(len(candidates.docs), dtype=bool)
    for clause in group.alternatives:
        if clause.kind not in ("words", "phrase"):
            continue
        found = np.ones(len(candidates.docs), dtype=bool)
        for targets in clause_targets(snap, clause):
            word = np.zeros(len(candidates.docs), dtype=bool)
            for field, terms, _ in targets:
                if field in fields:
                    held = candidates.holding(field, terms[0])
                    for term in terms[1:]:
                        held = held & candidates.holding(field, term)
                    word |= held
            found &= word
            if not found.any():
                break
        out |= found
    return out


def clause_bits(snap: Snapshot, clause: Clause) -> int:
    """Return documents matching a clause (all words; positions checked for phrases)."""
    out = -1
    for targets in clause_targets(snap, clause):
        out &= targets_bits(snap, targets)
        if not out:
            return 0
    out = max(out, 0)
    if clause.kind == "phrase" and out:
        out &= phrase_bits(snap, clause.words, out)
    return out


def group_bits(snap: Snapshot, group: Group) -> int:
    """Return documents matching any alternative of a group.

    Kept per index generation (Snapshot.matches): people search the same words again
    ("Beratung", a city) in other combinations, and a word with a dozen synonyms, each
    looked up in a dozen fields, costs milliseconds.
    """
    key = tuple(group.alternatives)
    out = snap.matches.get(key)
    if out is None:
        out = 0
        for clause in group.alternatives:
            out |= clause_bits(snap, clause)
        snap.matches.put(key, out)
    return out


def phrase_bits(snap: Snapshot, words: tuple[str, ...], among: int = -1) -> int:
    """Return documents (of `among`) containing the words in order in one positional field.

    Positions are read only for documents that hold every term in that field, and only from
    the posting blocks that hold them.
    """
    out, checked = 0, False
    try:
        for lang in f.LANGS:
            terms = [t for w in words for t in analyze(lang, w)[:1]]
            if len(terms) < 2:
                continue
            checked = True
            for template in PHRASE_TEMPLATES:
                out |= _field_phrase_bits(snap, f.lang_field(template, lang), terms, among)
    except Exception:  # a phrase that cannot be checked counts as matching its words
        return -1
    return out if checked else -1


def _field_phrase_bits(snap: Snapshot, field: str, terms: list[str], among: int) -> int:
    """Return documents of `among` with the terms at consecutive positions in one field."""
    candidates = among
    for term in terms:
        candidates &= snap.term_bits(field, term)
        if not candidates:
            return 0
    found = 0
    for part, offset in snap.parts:
        local = (candidates >> offset) & ((1 << part.size) - 1)
        if local:
            found |= _segment_phrase_bits(part, field, terms, local) << offset
    return found


def _segment_phrase_bits(part, field: str, terms: list[str], local: int) -> int:
    """Return the segment's documents (of the `local` bitset) holding the terms in order."""
    wanted = bits.to_mask(local, part.size)
    span = POSITION_SPAN
    keys = part.position_keys(field, terms[0])
    keys = keys[wanted[keys // span]]
    for i, term in enumerate(terms[1:], start=1):
        if not len(keys):
            return 0
        later = part.position_keys(field, term)
        later = later[wanted[later // span]] - i  # where the phrase would have started
        at = np.searchsorted(later, keys)
        keys = keys[later[np.minimum(at, len(later) - 1)] == keys] if len(later) else later
    return bits.from_array(np.unique(keys // span), part.size) if len(keys) else 0


_NO_SLOTS = np.zeros(0, dtype=np.intp)
_NO_SATS = np.zeros(0, dtype=np.float32)
LOOKUP_RATIO = 16  # a binary search costs about as much as mapping this many postings
DENSE_SHARE = 8  # scores kept per doc number once more than 1/8 of all documents match


class Among:
    """The matched documents (ascending): scores are kept for them only, one slot each."""

    def __init__(self, snap: Snapshot, matched: int):
        self.snap = snap
        self.bits = matched
        self.ids = bits.to_array(matched).astype(np.int32)
        self.count = len(self.ids)
        self.size = snap.size
        # Many matched documents (a common word): scores are added per doc number, which
        # spares every posting list a lookup of its slots; the matched are taken at the end.
        self.dense = self.count * DENSE_SHARE > self.size
        self._slots: np.ndarray | None = None
        self._mask: np.ndarray | None = None
        self._postings: dict[tuple[str, str], tuple] = {}
        self.idfs: dict[tuple[str, str], float] = {}  # see idf()
        # (field, term) -> (slots of the matched documents holding it, their saturations)
        self.mapped: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def postings(self, field: str, term: str) -> tuple[int, list[tuple]]:
        """Return a term's (live doc count, posting chunks), as Snapshot.term_postings."""
        key = (field, term)
        got = self._postings.get(key)
        if got is None:
            got = self._postings[key] = self.snap.term_postings(field, term)
        return got

    def map_postings(self, keys: list[tuple[str, str]]) -> None:
        """Find which matched documents hold each (field, term) list not mapped yet.

        Long lists are searched for the matched documents; the short ones are mapped to
        their slots together, in one lookup (one array operation per list, not six).
        """
        short: list[tuple[tuple[str, str], np.ndarray, np.ndarray]] = []
        for key in dict.fromkeys(keys):
            if key in self.mapped:
                continue
            self.mapped[key] = (_NO_SLOTS, _NO_SATS)
            for ids, sats in self.postings(*key)[1]:
                if self.count * LOOKUP_RATIO < len(ids):
                    at = np.minimum(np.searchsorted(ids, self.ids), len(ids) - 1)
                    held = ids[at] == self.ids
                    self._add_mapped(key, np.flatnonzero(held), sats[at[held]])
                else:
                    short.append((key, ids, sats))
        if short:
            self._map_short(short)

    def _map_short(self, short: list[tuple[tuple[str, str], np.ndarray, np.ndarray]]) -> None:
        ids = np.concatenate([item[1] for item in short]).astype(np.intp)
        sats = np.concatenate([item[2] for item in short])
        slots = self.slots()[ids]
        held = slots >= 0
        # how many of each list's postings are held: the ends of its piece of the result
        owner = np.repeat(np.arange(len(short)), [len(item[1]) for item in short])
        ends = np.cumsum(np.bincount(owner[held], minlength=len(short))).tolist()
        slots, sats = slots[held], sats[held]
        start = 0
        for (key, _, _), end in zip(short, ends, strict=True):
            if end > start:
                self._add_mapped(key, slots[start:end], sats[start:end])
            start = end

    def _add_mapped(self, key, slots: np.ndarray, sats: np.ndarray) -> None:
        kept = self.mapped[key]
        if len(kept[0]):  # a second chunk (the tail's): other documents, so no overlap
            slots, sats = np.concatenate([kept[0], slots]), np.concatenate([kept[1], sats])
        self.mapped[key] = (slots, sats)

    def idf(self, key: tuple[str, str], total: int) -> float:
        """Return a list's idf, 0.0 if no matched document holds it (kept in self.idfs:
        the alternatives of a group name many lists again).

        Matching read the term's documents already: one AND (a common term's bitset) or
        one lookup of its doc numbers tells whether its postings would add anything. Most
        of a query's lists would not: stems of the other language, compound parts,
        synonyms the matched documents do not use. Their postings are not read.
        """
        value = 0.0
        if _meets(self.snap.term_docs(*key), self.bits, self._flags()):
            doc_freq = self.postings(*key)[0]
            if doc_freq:
                value = idf(doc_freq, total)
        self.idfs[key] = value
        return value

    def _flags(self) -> np.ndarray:
        """Return one flag per doc number, set for the matched documents (made once)."""
        if self._mask is None:
            self._mask = bits.to_mask(self.bits, self.size)
        return self._mask

    def slots(self) -> np.ndarray:
        """Return each document's slot, -1 for documents not matched (made once)."""
        if self._slots is None:
            self._slots = np.full(self.size, -1, dtype=np.int32)
            self._slots[self.ids] = np.arange(self.count, dtype=np.int32)
        return self._slots


def _meets(docs: int | np.ndarray, among_bits: int, among_flags: np.ndarray) -> bool:
    """Tell whether documents (a bitset or doc numbers, see Snapshot.term_docs) and a set
    (as bitset and as one flag per doc number) have one in common."""
    if isinstance(docs, int):
        return bool(docs & among_bits)
    return bool(len(docs)) and bool(among_flags[docs].any())


def score_group(snap: Snapshot, group: Group, among: Among, skip_body: bool = False
                ) -> np.ndarray:
    """Return BM25 scores of the matched documents for a group (best alternative wins).

    One score per document of `among`, in its order; 0 = no match. skip_body leaves the long
    body fields out of the ranking (not the matching) when very many documents match: they
    rarely change the top of the list.

    A group's alternatives (a word and its synonyms) share many of their (field, term)
    lists ("beirat" in six of the eleven alternatives of "Migrationsbeirat"): each list is
    read and mapped to the matched documents once, then weighed per alternative.
    """
    total = max(snap.live.bit_count(), 1)
    clauses = [_clause_factors(snap, clause, among, skip_body, total)
               for clause in group.alternatives]
    width = among.size if among.dense else among.count
    best = np.zeros(width, dtype=np.float64)
    if among.dense:  # lists too long to map: added per doc number, the matched taken last
        for factors in clauses:
            np.maximum(best, _dense_scores(among, factors), out=best)
        return best[among.ids]
    among.map_postings([key for factors in clauses for key in factors])
    for factors in clauses:
        slots, values = [], []
        for key, factor in factors.items():
            found, sats = among.mapped[key]
            if len(found):
                slots.append(found)
                values.append(sats * factor)
        if slots:
            scores = np.bincount(np.concatenate(slots), weights=np.concatenate(values),
                                 minlength=width)
            np.maximum(best, scores, out=best)
    return best


def _clause_factors(snap: Snapshot, clause: Clause, among: Among, skip_body: bool,
                    total: int) -> dict[tuple[str, str], float]:
    """Return (field, term) -> weight x idf of a clause's lists that matched documents hold.

    A list named by two targets (a word whole and as a compound part) counts twice.
    """
    factors: dict[tuple[str, str], float] = {}
    known = among.idfs
    for targets in clause_targets(snap, clause):
        for field, terms, weight in targets:
            if skip_body and field.startswith("body_"):
                continue
            for term in terms:
                key = (field, term)
                value = known.get(key)
                if value is None:
                    value = among.idf(key, total)
                if value:
                    factors[key] = factors.get(key, 0.0) + weight * clause.weight * value
    return factors


def _dense_scores(among: Among, factors: dict) -> np.ndarray:
    """Return one clause's scores per doc number."""
    ids, values = [], []
    for key, factor in factors.items():
        for found, sats in among.postings(*key)[1]:  # the base segments' postings, the tail's
            ids.append(found)
            values.append(sats * factor)
    if not ids:
        return np.zeros(among.size, dtype=np.float64)
    return np.bincount(np.concatenate(ids), weights=np.concatenate(values),
                       minlength=among.size)
