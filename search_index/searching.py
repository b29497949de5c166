"""One search: filters, matching, relaxation, fuzzy fallback, collapse, facets, ranking, page."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search_index import bits
from search_index import facets as fc
from search_index import matching as mt
from search_index import ranking as rk
from search_index.api import Hit, SearchRequest, SearchResult
from search_index.documents import Audience
from search_index.fields import FILTER_ONLY
from search_index.query import ParsedQuery, prepare
from search_index.snapshot import Snapshot
from search_index.snippets import WordMemo, snippet
from search_index.spelling import FUZZY_BELOW, fuzzy_group

CONTACT_BOOST = 3.0  # "Ansprechpartner ...": people first
TYPE_BOOST = 1.5  # "Förderung ...", "Projekt ...": that kind of entry a little higher
BODY_SCORING_LIMIT = 2000  # above this many matches, rank without the body fields
# Longer queries match documents with most of their words: people type sentences, and
# documents rarely repeat every one of them ("Zuschüsse für Vereine von Zuwanderern").
MIN_SHOULD_MATCH = 0.6


@dataclass
class Plan:
    """The query after relaxation: its groups, their bitsets and the match set."""

    groups: list
    group_bits: list[int]
    matched: int  # inside the audience, open_on and every facet filter
    matched_any: int  # the same relaxation level, before facet filters (drill sideways)
    wants_contact: bool = False
    suggestion: str | None = None
    words: tuple[str, ...] = ()  # the user's topic words in order (title phrase bonus)
    wants_types: tuple[str, ...] = ()


def run_search(
    snap: Snapshot, request: SearchRequest, audience: Audience, glossary
) -> SearchResult:
    """Answer one request for one audience."""
    today = audience.today
    allowed = fc.audience_bits(snap, audience)
    if request.open_on is not None:
        allowed &= fc.open_on_bits(snap, request.open_on)
    selected = {k: tuple(v) for k, v in (request.filters or {}).items() if v}
    fbits = {k: fc.filter_bits(snap, k, v, today) for k, v in selected.items()}
    base = allowed
    for b in fbits.values():
        base &= b
    parsed = prepare(request.text, glossary)
    plan = _plan(snap, parsed, base, allowed)
    reps, replacements = fc.collapse(snap, plan.matched, base, request.lang)
    per_facet = {None: reps}
    for facet in selected:
        if facet in FILTER_ONLY:
            continue  # not counted, so no drill-sideways set either
        others = allowed
        for name, b in fbits.items():
            if name != facet:
                others &= b
        per_facet[facet] = fc.collapse(snap, plan.matched_any & others, others, request.lang)[0]
    facet_counts = fc.count_facets(snap, per_facet, selected, today)
    order = _rank(snap, plan, reps, replacements, request)
    memo: dict[str, WordMemo] = {}  # per language: text words matching the query
    hits = [_hit(snap, d, score, plan, allowed, memo) for d, score in order]
    return SearchResult(
        total=reps.bit_count(),
        page=request.page,
        per_page=request.per_page,
        hits=hits,
        facets=facet_counts,
        suggestion=plan.suggestion,
    )


def _plan(snap: Snapshot, parsed: ParsedQuery, base: int, allowed: int) -> Plan:
    """Match the query; relax AND to "most words" only when nothing matches; fix typos."""
    groups = parsed.positive
    excluded = 0
    for group in parsed.negative:
        excluded |= mt.group_bits(snap, group)
    if not groups:
        return Plan([], [], base & ~excluded, allowed & ~excluded)
    gbits = [mt.group_bits(snap, g) for g in groups]
    suggestion_words = {}
    for i, group in enumerate(groups):
        seen = (gbits[i] & allowed).bit_count()
        if seen < FUZZY_BELOW:
            wider, fix = fuzzy_group(snap, group, allowed, seen)
            if fix:
                groups[i], suggestion_words[group.source] = wider, fix
                gbits[i] = mt.group_bits(snap, wider)
    matched, needed = _relax(gbits, base & ~excluded)
    matched_any = bits.at_least(gbits, needed) & allowed & ~excluded
    suggestion = _suggest(parsed, suggestion_words)
    return Plan(groups, gbits, matched, matched_any, parsed.wants_contact, suggestion,
                parsed.words, parsed.wants_types)


def min_should_match(n: int) -> int:
    """Return how many of n query groups a document needs: all of one or two, else most."""
    return n if n <= 2 else max(2, math.ceil(n * MIN_SHOULD_MATCH))


def _relax(gbits: list[int], within: int) -> tuple[int, int]:
    """Require most groups; if that matches nothing, one fewer, down to one."""
    for needed in range(min_should_match(len(gbits)), 0, -1):
        matched = bits.at_least(gbits, needed) & within
        if matched:
            return matched, needed
    return 0, len(gbits)


def _suggest(parsed: ParsedQuery, fixes: dict[str, str]) -> str | None:
    """Return the query text with corrected words, if any were corrected."""
    if not fixes:
        return None
    words = []
    for group in parsed.groups:
        text = fixes.get(group.source, group.source)
        words.append(("-" if group.negated else "") + text)
    return " ".join(words)


def _rank(snap, plan: Plan, reps: int, replacements: tuple, request: SearchRequest):
    """Return [(docnum, score)] of the requested page."""
    page = max(request.page, 1)
    wanted = page * request.per_page
    if request.sort == "relevance" and plan.groups:
        scores = _scores(snap, plan, replacements)
        top = _best(snap, bits.to_array(reps), scores, max(wanted, rk.BONUS_CANDIDATES))
        if not plan.wants_contact:  # a person's title is a name: no phrase to find there
            candidates = mt.Candidates(snap, [d for d, _ in top])
            in_title = [mt.title_matches(snap, g, candidates) for g in plan.groups]
            top = rk.rerank(snap, top, plan.words, in_title)[:wanted]
    else:
        top = [(d, 0.0) for d in _sorted_ids(snap, reps, request.sort, wanted)]
    return top[wanted - request.per_page : wanted]


def _best(snap: Snapshot, candidates: np.ndarray, scores: np.ndarray, k: int
          ) -> list[tuple[int, float]]:
    """Return the k best (docnum, score) pairs: highest score first, equal scores in tie
    order (Snapshot.tie_order)."""
    values = scores[candidates]
    if len(candidates) > k:
        threshold = np.partition(values, len(values) - k)[len(values) - k]
        above = values > threshold
        tied = snap.tie_order(candidates[values == threshold])[: k - int(above.sum())]
        candidates = np.sort(np.concatenate([candidates[above], tied]))
        values = scores[candidates]
    order = np.lexsort((candidates, snap.tie_keys[candidates], -values))
    return list(zip(candidates[order].tolist(), values[order].tolist(), strict=True))


def _scores(snap: Snapshot, plan: Plan, replacements: tuple) -> np.ndarray:
    """Score matched documents; coordination favours documents matching more groups.

    Each group's BM25 score counts by its square root: one word found very often (a city in
    the title) must not outweigh the other words of the query found less often. A document
    replaced by its translation (replacements) lends its score to it. Scores are
    worked out for the matched documents only, then spread over all documents (-1: other).
    """
    among = mt.Among(snap, plan.matched)
    skip_body = among.count > BODY_SCORING_LIMIT
    total = np.zeros(among.count, dtype=np.float64)
    found = np.zeros(among.count, dtype=np.int32)
    for group in plan.groups:
        group_scores = mt.score_group(snap, group, among, skip_body)
        np.add(total, np.sqrt(group_scores), out=total)
        found += group_scores > 0
    matched = total * (found / len(plan.groups)) ** 2
    boosted, boost = None, 1.0
    if plan.wants_contact:
        boosted, boost = snap.value_bits("type", "contact"), CONTACT_BOOST
    elif plan.wants_types:
        boosted, boost = 0, TYPE_BOOST
        for name in plan.wants_types:
            boosted |= snap.value_bits("type", name)
    if boosted:
        matched[bits.to_mask(boosted, snap.size)[among.ids]] *= boost
    score = np.full(snap.size, -1.0)
    score[among.ids] = matched
    replaced, targets = replacements
    if len(replaced):
        np.maximum.at(score, targets, score[replaced])
    return score


def _sorted_ids(snap: Snapshot, reps: int, sort: str, wanted: int) -> list[int]:
    """Return the first `wanted` representatives in a non-relevance order."""
    ids = bits.to_array(reps)
    if sort == "title":
        key = snap.title_order()[ids]
    elif sort == "deadline":  # the last day for applications; none come last
        closes = snap.closing_days()[ids]
        key = np.where(closes > 0, closes, 10**9)
    else:
        key = -snap.modified[ids]
    order = np.lexsort((ids, snap.tie_keys[ids], key))[:wanted]
    return ids[order].tolist()


def _memo_of(memos: dict[str, WordMemo], lang: str) -> WordMemo:
    memo = memos.get(lang)
    if memo is None:
        memo = memos[lang] = WordMemo()
    return memo


def _hit(snap: Snapshot, d: int, score: float, plan: Plan, allowed: int,
         memo: dict[str, WordMemo]) -> Hit:
    """Build the hit of one representative document."""
    stored = snap.reader.stored_fields(d)
    words = {w for g in plan.groups for cl in g.alternatives for w in cl.words}
    translations = {
        snap.langs[s]: snap.ids[s]
        for s in snap.members.get(d, ())
        if s != d and allowed >> s & 1
    }
    return Hit(
        id=snap.ids[d],
        type=snap.types[d],
        language=snap.langs[d],
        title=stored.get("title", ""),
        summary=stored.get("summary", ""),
        snippet=_snippet(stored, words, snap.langs[d], _memo_of(memo, snap.langs[d])),
        score=round(score, 4),
        translations=translations,
    )


def _snippet(stored: dict, words: set[str], lang: str, memo: WordMemo) -> str:
    """Return the summary with the query's words marked if it holds any, else the best
    window of summary and body.

    The summary says what the entry is about, in its editors' words; and most hits hold a
    query word there (94 % of the benchmark's), which spares scanning some 2,000
    characters of body per hit.
    """
    summary = stored.get("summary", "")
    marked = snippet(summary, words, lang, memo, marked_only=True) if summary else None
    if marked is not None:
        return marked
    return snippet(summary + "\n" + stored.get("body", ""), words, lang, memo) or ""
