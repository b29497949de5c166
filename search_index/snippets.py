"""Snippets: a window of the text with matched words in <mark>, everything else escaped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape

from search_index.analyzers import fold
from search_index.query import content_words
from search_index.terms import analyze

WINDOW_WORDS = 30
# Splitting on words (captured) gives [gap, word, gap, word, ..., gap] in one call: the
# words are every second item, and a window's text is a slice, with no match objects.
_WORDS_AND_GAPS = re.compile(r"(\w[\w'’-]*)")
_SPACES = re.compile(r"\s+")


class WordMemo:
    """The text words already looked at for one query, and those of them that match it.

    Hits of one query share their words (names, places, the topic's vocabulary): each word
    is analysed once per query, not once per hit.
    """

    __slots__ = ("seen", "matching", "verdicts")

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.matching: set[str] = set()
        self.verdicts: dict[str, bool] = {}  # candidate word -> matches (the quick path)


def snippet(text: str, words: set[str], lang: str, memo: WordMemo | None = None,
            marked_only: bool = False) -> str | None:
    """Return safe HTML: the best window of text, query words marked.

    Pass one memo for all hits of a query in one language. With marked_only, a text
    without any of the query's words gives None.
    """
    if not text or text.isspace():
        return None if marked_only else ""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # "u" + combining diaeresis: one "ü"
    memo = WordMemo() if memo is None else memo
    keys = _match_keys(frozenset(words), lang)
    quick = _quick_snippet(text, keys, lang, memo, marked_only)
    if quick is not None:
        return quick or None
    return _split_snippet(text, keys, lang, memo, marked_only)


def _split_snippet(text: str, keys: frozenset, lang: str, memo: WordMemo,
                   marked_only: bool = False) -> str | None:
    """Return the snippet from all words of the text (what _quick_snippet cannot do)."""
    parts = _WORDS_AND_GAPS.split(text)
    found = parts[1::2]
    if not found:
        return escape(" ".join(text.split())[:200])
    distinct = set(found)
    new = distinct - memo.seen
    if new:
        memo.seen |= new
        memo.matching.update(_matching(new, keys, lang))
    matched = distinct & memo.matching
    hits = [i for i, word in enumerate(found) if word in matched] if matched else []
    if marked_only and not hits:
        return None
    start = _best_start(hits, len(found))
    end = min(len(found), start + WINDOW_WORDS)
    return _window(parts, start, end, hits, start > 0, end < len(found))


def _matching(words: set[str], keys: frozenset[tuple[str, str]], lang: str) -> list[str]:
    """Return the text words that match the query's keys.

    Only words whose folded form holds a probe (see _probes) are analysed; the probes are
    looked for one at a time over all words, each test a substring search in C.
    """
    probes = _probes(keys)
    if not probes:
        return []
    forms = [(word, fold(word)) for word in words]
    joined = "\n".join([form for _, form in forms])
    candidates = set()
    for probe in probes:
        if probe in joined:  # most probes are in none of the words: one test in C
            candidates.update(word for word, form in forms if probe in form)
    return [word for word in candidates if not keys.isdisjoint(_keys_of(word, lang))]


def _window(parts: list[str], start: int, end: int, hits: list[int], before: bool,
            after: bool) -> str:
    """Return words start..end as HTML, hits marked, whitespace made single, and an
    ellipsis where words come before or after.

    `parts` alternate gaps and words (word i is parts[2i + 1]); the text between marked
    words is escaped in one piece (whitespace runs never cross a word).
    """
    # where the window starts the text, its first gap too: an opening "„" or "("
    out, pos = ([] if before else [_plain(parts[: 2 * start + 1]).lstrip()]), 2 * start + 1
    for i in hits:
        if start <= i < end:
            out.append(_plain(parts[pos : 2 * i + 1]))
            out.append(f"<mark>{escape(parts[2 * i + 1])}</mark>")
            pos = 2 * i + 2
    # the text's last gap too where the window ends the text: its closing "." or ")"
    out.append(_plain(parts[pos : 2 * end if after else 2 * end + 1]).rstrip())
    prefix = "… " if before else ""
    suffix = " …" if after else ""
    return prefix + "".join(out) + suffix


def _plain(pieces: list[str]) -> str:
    return escape(_SPACES.sub(" ", "".join(pieces)))


@lru_cache(maxsize=256)
def _match_keys(words: frozenset[str], lang: str) -> frozenset[tuple[str, str]]:
    """Return (family, term) keys of the query words (stop words of glossary phrases unmarked)."""
    keys = set()
    for word in content_words(tuple(sorted(words))):
        for family in (lang, "fold"):
            keys.update((family, t) for t in analyze(family, word))
    return frozenset(keys)


PROBE = 4  # letters of a query term a text word must contain to be analysed at all


@lru_cache(maxsize=256)
def _probes(keys: frozenset[tuple[str, str]]) -> tuple[str, ...]:
    """Return the folded beginnings of the query's terms.

    Analysing a text word (stemming, compound parts) costs tens of microseconds and most
    words of a text cannot match: a word whose folded form contains none of these is not
    analysed. Stems, compound parts and gender bases keep the beginning of what they come
    from, folded: "integr" of "Arbeitsmarktintegration", "berater" of "Beraterinnen".
    """
    return tuple(sorted({fold(term)[:PROBE] for _, term in keys if term}))


@lru_cache(maxsize=1 << 16)
def _keys_of(token: str, lang: str) -> frozenset[tuple[str, str]]:
    """Return the (family, term) keys of a text token (cached: texts repeat their words)."""
    out = {(lang, t) for t in analyze(lang, token)}
    out.update(("fold", t) for t in analyze("fold", token))
    return frozenset(out)


def _best_start(hits: list[int], length: int) -> int:
    """Return the window start covering the most hits (a little context before the first)."""
    if not hits:
        return 0
    best, best_count, last = hits[0], 0, 0
    for i, first in enumerate(hits):  # hits ascend: the window's end only moves forward
        last = max(last, i)
        while last < len(hits) and hits[last] < first + WINDOW_WORDS:
            last += 1
        if last - i > best_count:
            best, best_count = first, last - i
    return max(0, min(best - 3, length - WINDOW_WORDS))


# --- the quick path: find the query's words first, split only the window's text --------

SHORT_SPELLING = 3  # shorter spellings are looked for at word starts only
SPELLINGS_LIMIT = 64  # more spellings of the probes in one text: splitting it is quicker
CLUSTER_CHARS = 200  # about WINDOW_WORDS words: hits this close share a window
BEFORE_CHARS = 60  # text split before the window's first hit (its context and more)
AFTER_CHARS = 360  # and from it on: more than WINDOW_WORDS words, mostly
LAST_CHARS = 480  # split before a hit near the end: the window then ends with the text
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Letters (and signs) German texts hold besides ASCII, and how the umlauts fold (sorted)
_UMLAUTS = (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"))
_UNUSUAL = re.compile(r"[^\x00-\x7fäöüß„“”‚‘’«»–—…€§°·]")
_ANY_WORD = re.compile(r"\w")
_RUN_REST = re.compile(r"[\w'’-]*")
_JOINERS = "'’-"  # inside a word, never at its start (see _WORDS_AND_GAPS)


def _quick_snippet(text: str, keys: frozenset, lang: str, memo: WordMemo,
                   marked_only: bool = False) -> str | None:
    """Return the snippet from the words around the query's words, or None to split it all
    ("" for a text without the query's words, with marked_only).

    Splitting a text of some 2,000 characters into words was most of a snippet's cost. Here
    the query's probes (see _probes) are looked for in the lowercased text as it may spell
    them (a folded "u" as u, ue or ü; "ss" as ß), only the words found there are analysed,
    and only the stretch of text around the best window is split. The window is the one
    _split_snippet would choose, but for hits counted within CLUSTER_CHARS characters
    rather than WINDOW_WORDS words. None where the text folds in ways the spellings do not
    cover (a combining accent, a letter folding to three letters).
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    folds = _text_folds(lowered)
    if folds is None:
        return None
    spellings = _spellings_of(_probes(keys), folds)
    if spellings is None:
        return None
    starts = _matched_starts(text, lowered, spellings, keys, lang, memo)
    if marked_only and not starts:
        return ""
    return _quick_window(text, starts, memo.verdicts)


def _text_folds(lowered: str) -> tuple | None:
    """Return the text's letters that fold to other letters, as (folded, (letters...)) pairs.

    None if a letter folds to nothing or to more than two letters, or the text holds a
    combining accent (folding drops it from inside a word).
    """
    if lowered.isascii():
        return ()
    if _UNUSUAL.search(lowered) is None:  # German text: a scan in C, no set of characters
        return tuple((folded, (char,)) for char, folded in _UMLAUTS if char in lowered)
    folds: dict[str, list[str]] = {}
    for char in set(_NON_ASCII.findall(lowered)):
        if unicodedata.combining(char):
            return None
        if not char.isalnum():
            continue  # not part of a word: never part of a match
        folded = fold(char)
        if folded == char:
            continue
        if not folded or len(folded) > 2:
            return None
        folds.setdefault(folded, []).append(char)
    return tuple(sorted((k, tuple(sorted(v))) for k, v in folds.items()))


@lru_cache(maxsize=1024)
def _spellings_of(probes: tuple[str, ...], folds: tuple) -> tuple[str, ...] | None:
    """Return the lowercase spellings a text with these folds may give the probes (None:
    too many to look for one by one)."""
    found: set[str] = set()
    for probe in probes:
        found.update(_probe_spellings(probe, folds))
        if len(found) > SPELLINGS_LIMIT:
            return None
    return tuple(sorted(found))


@lru_cache(maxsize=4096)
def _probe_spellings(probe: str, folds: tuple) -> frozenset[str]:
    """Return one probe's spellings (queries share probes: "inte", "bera")."""
    found: set[str] = set()
    _spell(probe, 0, "", dict(folds), found)
    return frozenset(found)


def _spell(probe: str, i: int, done: str, folds: dict, out: set[str]) -> None:
    """Add the spellings of probe[i:] after `done` to out.

    A folded letter is itself or a letter folding to it (u: ü); two folded letters may be
    one letter (ss: ß), and the probe may begin with the second of them or end with the
    first; after a, o or u an "e" may follow (folding drops the e of ae, oe and ue).
    """
    if len(out) > SPELLINGS_LIMIT:
        return
    if i == len(probe):
        out.add(done)
        return
    letter = probe[i]
    options = [(letter, 1)] + [(c, 1) for c in folds.get(letter, ())]
    options += [(c, 2) for c in folds.get(probe[i:i + 2], ())] if i + 1 < len(probe) else []
    for folded, chars in folds.items():
        if len(folded) == 2 and ((i == 0 and folded[1] == letter)
                                 or (i == len(probe) - 1 and folded[0] == letter)):
            options += [(c, 1) for c in chars]
    for raw, used in options:
        _spell(probe, i + used, done + raw, folds, out)
        if i + used < len(probe) and raw in ("a", "o", "u"):  # ae, oe, ue
            _spell(probe, i + used, done + raw + "e", folds, out)


def _matched_starts(text: str, lowered: str, spellings: tuple[str, ...], keys: frozenset,
                    lang: str, memo: WordMemo) -> list[int]:
    """Return where the words holding a spelling that match the query start, ascending."""
    candidates: set[int] = set()
    for spelling in spellings:
        if len(spelling) < SHORT_SPELLING:
            continue
        at = lowered.find(spelling)
        while at >= 0:
            # most spellings begin a word: one character tells, no walk back
            starts_word = at == 0 or not _in_run(text[at - 1])
            candidates.add(at if starts_word else _word_start(text, at))
            at = lowered.find(spelling, at + 1)
    short = _word_beginnings(spellings)
    if short is not None:
        candidates.update(found.start() for found in short.finditer(lowered))
    verdicts = memo.verdicts
    starts = []
    for start in sorted(candidates):
        word = text[start:_RUN_REST.match(text, start).end()]
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = not keys.isdisjoint(_keys_of(word, lang))
        if verdict:
            starts.append(start)
    return starts


@lru_cache(maxsize=256)
def _word_beginnings(spellings: tuple[str, ...]) -> re.Pattern | None:
    """Return a pattern finding the short spellings ("e" of "e.V.", "iq") at word starts.

    Found anywhere, a letter or two would make nearly every word of a text a candidate.
    """
    short = [re.escape(s) for s in spellings if len(s) < SHORT_SPELLING]
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(short)})") if short else None


def _word_start(text: str, at: int) -> int:
    """Return where the word around position `at` starts (as _WORDS_AND_GAPS splits)."""
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_'’-"):
        at -= 1
    while text[at] in _JOINERS:
        at += 1
    return at


def _quick_window(text: str, starts: list[int], verdicts: dict[str, bool],
                  before_chars: int = BEFORE_CHARS) -> str | None:
    """Return the window of WINDOW_WORDS words around the densest stretch of hits."""
    anchor = _cluster_start(starts) if starts else 0
    low, high = max(0, anchor - before_chars), min(len(text), anchor + AFTER_CHARS)
    parts = _WORDS_AND_GAPS.split(text[low:high])
    offset = low
    if low > 0 and not parts[0] and _in_run(text[low - 1]):  # begins inside a word
        offset += len(parts[1])
        parts = parts[2:]
    if high < len(text) and not parts[-1] and _in_run(text[high]):  # ends inside one
        parts = parts[:-2]
    words = parts[1::2]
    first = _index_at(parts, offset, anchor)
    start = max(0, first - 3)
    end = min(len(words), start + WINDOW_WORDS)
    if end - start < WINDOW_WORDS:
        if high < len(text):
            return None  # a window reaching past the stretch split: rare, split it all
        if end < WINDOW_WORDS and low > 0 and before_chars < LAST_CHARS:
            return _quick_window(text, starts, verdicts, LAST_CHARS)  # words before, too
        start = max(0, end - WINDOW_WORDS)
    before = start > 0 or _ANY_WORD.search(text, 0, offset) is not None
    after = end < len(words) or _ANY_WORD.search(text, high) is not None
    hits = [i for i in range(start, end) if verdicts.get(words[i])]
    return _window(parts, start, end, hits, before, after)


def _in_run(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


def _cluster_start(starts: list[int]) -> int:
    """Return the hit that begins the stretch of CLUSTER_CHARS holding the most hits."""
    best, best_count, last = starts[0], 0, 0
    for i, first in enumerate(starts):  # starts ascend: the stretch's end only moves forward
        last = max(last, i)
        while last < len(starts) and starts[last] < first + CLUSTER_CHARS:
            last += 1
        if last - i > best_count:
            best, best_count = first, last - i
    return best


def _index_at(parts: list[str], offset: int, position: int) -> int:
    """Return the index of the word starting at `position` (parts begin at `offset`)."""
    at = offset
    for i in range(0, len(parts) - 1, 2):
        at += len(parts[i])
        if at >= position:
            return i // 2
        at += len(parts[i + 1])
    return max(0, len(parts) // 2 - 1)
