"""Evaluate a query plan against a snapshot: doc-number bitsets first, scores second."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress

from search_index import bits
from search_index import fields as f
from search_index.query import Clause, Group, content_words
from search_index.snapshot import Snapshot, idf
from search_index.terms import alternatives, analyze

PHRASE_TEMPLATES = (f.TITLE_TEXT, f.KEYS_TEXT, f.SUMMARY_TEXT, f.BODY_TEXT)
TITLE_FIELDS = frozenset([f.lang_field(f.TITLE_TEXT, lang) for lang in f.LANGS] + [f.NAMES])
KEYS_FIELDS = frozenset(f.lang_field(f.KEYS_TEXT, lang) for lang in f.LANGS)
Scorer = list[tuple[str, tuple[str, ...], float]]  # (field, terms all needed, weight)


def _family_targets(family: str, word: str, weights: dict[str, float]) -> Scorer:
    """Return the targets of one word in the fields of one analysis family."""
    whole, parts = alternatives(family, word)
    out: Scorer = []
    for name, w in weights.items():
        out.extend((name, terms, w) for terms in whole)
        if parts:  # the compound's parts anywhere in one field, weighted below the compound
            out.append((name, parts, w * f.PARTS_FACTOR))
    return out


def word_targets(word: str) -> Scorer:
    """Return the (field, terms, weight) triples a plain query word is looked up in."""
    out: Scorer = []
    for lang in f.LANGS:
        out.extend(_family_targets(lang, word, f.ranked_fields(lang)))
    out.extend(_family_targets("fold", word, {f.NAMES: f.NAMES_WEIGHT}))
    return out


def clause_targets(snap: Snapshot, clause: Clause) -> list[Scorer]:
    """Return one target list per word of a clause (every word must match somewhere)."""
    if clause.kind == "phone":
        return [_phone_targets(snap, clause.words[0])]
    if clause.kind == "email":
        return [[(f.EMAILS, analyze("email", clause.words[0]) or clause.words, f.CONTACT_WEIGHT)]]
    if clause.kind == "fold":
        return [[(f.FOLD, (clause.words[0],), 1.0), (f.NAMES, (clause.words[0],), 2.0)]]
    return [word_targets(w) for w in content_words(clause.words)]


def _phone_targets(snap: Snapshot, digits: str) -> Scorer:
    """Return the phone terms starting with any normalized form of the digits."""
    from search_index.convert import phone_forms

    out: Scorer = []
    seen: set[str] = set()
    for form in phone_forms(digits):
        if len(form) < 6:
            continue
        for term in snap.reader.expand_prefix(f.PHONES, form):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if text not in seen and len(seen) < 50:
                seen.add(text)
                out.append((f.PHONES, (text,), f.CONTACT_WEIGHT))
    return out


def targets_bits(snap: Snapshot, targets: Scorer) -> int:
    """Return documents where any target matches (all its terms in one field)."""
    out = 0
    for field, terms, _ in targets:
        found = -1
        for term in terms:
            found &= snap.term_bits(field, term)[0]
            if not found:
                break
        if found > 0:
            out |= found
    return out


def title_bits(snap: Snapshot, group: Group) -> int:
    """Return documents whose title matches every word of an alternative of the group.

    A person's title is a name, so for contacts the name, position and responsibilities count:
    they say what the entry is about, as a title does elsewhere.
    """
    contacts = snap.value_bits("type", "contact")
    return _fields_bits(snap, group, TITLE_FIELDS) | (
        _fields_bits(snap, group, KEYS_FIELDS) & contacts)


def _fields_bits(snap: Snapshot, group: Group, fields: frozenset[str]) -> int:
    """Return documents where some alternative of the group matches within the given fields."""
    out = 0
    for clause in group.alternatives:
        if clause.kind not in ("words", "phrase"):
            continue
        found = -1
        for targets in clause_targets(snap, clause):
            found &= targets_bits(snap, [t for t in targets if t[0] in fields])
            if not found:
                break
        out |= max(found, 0)
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
    """Return documents matching any alternative of a group."""
    out = 0
    for clause in group.alternatives:
        out |= clause_bits(snap, clause)
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
        candidates &= snap.term_bits(field, term)[0]
        if not candidates:
            return 0
    found = []
    ids = bits.to_list(candidates)
    for part, offset in snap.parts:
        local = [d - offset for d in ids if offset <= d < offset + part.size]
        if not local:
            continue
        runs = [part.positions(field, term, local) for term in terms]
        for docnum in local:
            if _in_order([run.get(docnum, ()) for run in runs]):
                found.append(docnum + offset)
    return bits.from_ids(found, snap.size)


def _in_order(positions: list) -> bool:
    """Say whether some p has positions[i] containing p + i for every i."""
    later = [set(p) for p in positions[1:]]
    return any(all(p + i + 1 in s for i, s in enumerate(later)) for p in positions[0])


def score_group(
    snap: Snapshot, group: Group, among: bits.Membership, skip_body: bool = False
) -> dict[int, float]:
    """Return BM25 scores of the documents in `among` for a group (best alternative wins).

    skip_body leaves the long body fields out of the ranking (not the matching) when very many
    documents match: their postings dominate the cost and rarely change the top of the list.
    """
    best: dict[int, float] = {}
    total = max(snap.live.bit_count(), 1)
    for clause in group.alternatives:
        scores: dict[int, float] = {}
        for targets in clause_targets(snap, clause):
            for field, terms, weight in targets:
                if skip_body and field.startswith("body_"):
                    continue
                for term in terms:
                    _accumulate(snap, field, term, weight * clause.weight, total, among, scores)
        for d, s in scores.items():
            if s > best.get(d, 0.0):
                best[d] = s
    return best


def _accumulate(snap, field, term, weight, total, among, scores) -> None:
    """Add one term's weighted BM25 contributions for documents in `among`.

    Only postings of documents in `among` cost Python work: few of them are looked up one by
    one (binary search), many are picked out in C (itertools.compress over a flag per doc).
    """
    found, lists = snap.term_bits(field, term)
    if not found:
        return
    hit = found & among.bits
    if not hit:
        return
    factor = weight * idf(found.bit_count(), total)
    postings = sum(len(ids) for ids, _, _ in lists)
    if hit.bit_count() * LOOKUP_RATIO < postings:
        _add_few(hit, lists, factor, scores)
    else:
        _add_many(among.flags(snap.size), lists, factor, scores)


LOOKUP_RATIO = 12  # a binary search costs about as much as filtering this many postings


def _add_few(hit: int, lists, factor: float, scores: dict[int, float]) -> None:
    """Add contributions of the documents in `hit`, found by binary search in the postings."""
    offsets = [offset for _, _, offset in lists]
    get = scores.get
    for d in bits.iter_ids(hit):
        ids, sats, offset = lists[bisect_right(offsets, d) - 1]
        sat = sats[bisect_left(ids, d - offset)]
        scores[d] = get(d, 0.0) + factor * sat


def _add_many(flags: bytes, lists, factor: float, scores: dict[int, float]) -> None:
    """Add contributions of every posting whose document is flagged."""
    get = scores.get
    for ids, sats, offset in lists:
        wanted = memoryview(flags)[offset:]
        for local, sat in compress(zip(ids, sats, strict=False), map(wanted.__getitem__, ids)):
            d = local + offset
            scores[d] = get(d, 0.0) + factor * sat
