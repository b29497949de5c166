"""German compound splitting: longest prefix first over a frequency-ranked noun list.

    >>> s = default_splitter()
    >>> s.split("Arbeitsmarktintegration")
    ['arbeitsmarkt', 'integration']
    >>> s.parts("Arbeitsmarktintegration")
    ['arbeitsmarkt', 'integration', 'arbeit', 'markt']
    >>> s.split("Willkommenslotsen")
    ['willkommen', 'lotsen']
    >>> s.split("Verwaltung"), s.split("Bottrop")
    (['verwaltung'], ['bottrop'])

Words and parts come back folded (lowercase, umlauts and ß folded, see ``analyzers.fold``).

Data (loaded once per process, on first use):

- ``data/compound_words.txt``: nouns and their inflected forms with a Zipf frequency
  (``word<TAB>zipf*10[<TAB>p]``, ``p`` = proper name, never split). Generated from the
  ``german-nouns`` list (Wiktionary, CC BY-SA 4.0) ranked by ``wordfreq`` (CC BY-SA 4.0) with
  ``python -m search_index.compounds build``; both packages are needed only for that step.
- ``data/compound_rules.txt``: hand-kept domain words, words never to split, words never
  to use as a part and prefixes (format in its header).

A split is taken when every part is a known word and the parts are, on average, more frequent
than the whole word (Koehn & Knight): "Arbeitsmarkt" (Zipf 4.1) splits into "Arbeit" (5.6) and
"Markt" (5.0), "Wirtschaft" (4.9) does not split into "Wirt" and "Schaft".

A word the list lacks that is a prefix ("anti", "nicht", ...) before a known word counts as
a word a little rarer than that one: "Antidiskriminierungsberatung" splits into
"antidiskriminierung" and "beratung", and its parts include "diskriminierung".
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search_index.analyzers import fold

DATA_DIR = Path(__file__).parent / "data"
WORDS_PATH = DATA_DIR / "compound_words.txt"
RULES_PATH = DATA_DIR / "compound_rules.txt"

# Linking elements (Fugenelemente) that may end a non-final part: Arbeit-s-markt, Hund-e-hütte.
LINKS = ("es", "en", "er", "s", "n", "e")
MIN_WORD = 7  # shorter words are almost never compounds worth splitting
MIN_PART = 4  # shorter parts only from the rules file's short-part list (amt, rat, ...)
DOMAIN_ZIPF = 4.0  # frequency given to domain words that the generated list lacks
FEMININE_PENALTY = 0.5  # an unlisted -in/-innen form counts as a little rarer than its base
PREFIX_PENALTY = 0.5  # so does an unlisted prefixed word ("antirassismus") than its rest


@dataclass
class Lexicon:
    """Folded words with their Zipf frequency, plus the splitting rules."""

    zipf: dict[str, float] = field(default_factory=dict)
    proper: set[str] = field(default_factory=set)
    never_split: set[str] = field(default_factory=set)
    not_parts: set[str] = field(default_factory=set)
    short_parts: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    _prefix_tuple: tuple[str, ...] | None = field(default=None, repr=False)

    def add(self, word: str, zipf: float) -> None:
        """Add a word, keeping the higher frequency when folding merges two words."""
        key = fold(word)
        if zipf > self.zipf.get(key, -1.0):
            self.zipf[key] = zipf

    def part_zipf(self, word: str) -> float | None:
        """Return the frequency of ``word`` as a compound part, or None if it cannot be one."""
        if word in self.not_parts:
            return None
        if len(word) < MIN_PART and word not in self.short_parts:
            return None
        zipf = self.zipf.get(word)
        if zipf is None:
            zipf = self._feminine_zipf(word)
        if zipf is None and word.startswith(self.prefix_tuple) and (
                rest := self.prefixed_rest(word)):
            zipf = self.part_zipf(rest) - PREFIX_PENALTY
        return zipf

    @property
    def prefix_tuple(self) -> tuple[str, ...]:
        """The prefixes as str.startswith takes them (most words begin with none)."""
        if self._prefix_tuple is None:
            self._prefix_tuple = tuple(sorted(self.prefixes))
        return self._prefix_tuple

    def prefixed_rest(self, word: str) -> str | None:
        """Return what follows a prefix in an unlisted word if that is a possible part
        ("antidiskriminierung" -> "diskriminierung"), else None."""
        if not word.startswith(self.prefix_tuple) or word in self.zipf:
            return None
        for prefix in self.prefixes:
            rest = word[len(prefix):] if word.startswith(prefix) else ""
            if len(rest) >= MIN_PART and rest not in self.not_parts and (
                    rest in self.zipf or self._feminine_zipf(rest) is not None):
                return rest
        return None

    def _feminine_zipf(self, word: str) -> float | None:
        """Return a frequency for an unlisted feminine form (lotsinnen -> lotse), else None."""
        for suffix in ("innen", "in"):
            stem = word[: -len(suffix)] if word.endswith(suffix) else ""
            for base in (stem, stem + "e") if len(stem) >= MIN_PART else ():
                if base in self.zipf and base not in self.not_parts:
                    return self.zipf[base] - FEMININE_PENALTY
        return None


class CompoundSplitter:
    """Split German compounds into known words; results are cached per word."""

    def __init__(self, lexicon: Lexicon, cache_size: int = 1 << 17) -> None:
        self.lexicon = lexicon
        self._split = lru_cache(maxsize=cache_size)(self._split_folded)
        self._decompose = lru_cache(maxsize=cache_size)(self._decompose_uncached)

    def split(self, word: str) -> list[str]:
        """Return the top-level parts of ``word`` (folded), or ``[word]`` if it is not split."""
        key = fold(word)
        return list(self._split(key))

    def parts(self, word: str) -> list[str]:
        """Return every part at every depth, top level first, and what follows a prefix
        (see Lexicon.prefixed_rest); empty if ``word`` is neither split nor prefixed."""
        found: list[str] = []
        todo = [fold(word)]
        while todo:
            current = todo.pop(0)
            pieces = self._split(current)
            if len(pieces) < 2:
                rest = self.lexicon.prefixed_rest(current)
                pieces = (rest,) if rest else ()
            for piece in pieces:
                if piece not in found:
                    found.append(piece)
                    todo.append(piece)
        return found

    def _split_folded(self, word: str) -> tuple[str, ...]:
        """Return the best split of a folded word, or the word itself."""
        lex = self.lexicon
        if len(word) < MIN_WORD or word in lex.never_split or word in lex.proper:
            return (word,)
        if lex.prefixed_rest(word):  # "nichtregierung": a prefix, not "Nichte" + "Regierung"
            return (word,)
        best = self._decompose(word, True)
        if best is None:
            return (word,)
        parts, score = best
        whole = lex.zipf.get(word, 0.0)
        return tuple(parts) if score > whole else (word,)

    def _decompose_uncached(
        self, word: str, whole_is_compound: bool = False
    ) -> tuple[tuple[str, ...], float] | None:
        """Return (parts, mean Zipf) of the first decomposition found, longest prefix first."""
        if not whole_is_compound:
            zipf = self.lexicon.part_zipf(word)
            if zipf is not None:
                return (word,), zipf
        for end in range(len(word) - 3, 2, -1):
            tail = None
            for head, head_zipf in self._heads(word[:end]):
                tail = tail or self._decompose(word[end:])
                if tail is None:
                    break
                parts = (head, *tail[0])
                return parts, (head_zipf + tail[1] * len(tail[0])) / len(parts)
        return None

    def _heads(self, prefix: str) -> list[tuple[str, float]]:
        """Return the words a non-final prefix can stand for, with their frequencies."""
        candidates = [prefix]
        candidates += [prefix[: -len(link)] for link in LINKS if prefix.endswith(link)]
        if len(prefix) >= MIN_PART:
            # Elided final e (Sprach-kurs) and verb stems (Wohn-raum, Förder-programm).
            candidates += [prefix + "e", prefix + "en", prefix + "n"]
        heads: dict[str, float] = {}
        for word in candidates:
            zipf = self.lexicon.part_zipf(word)
            if zipf is not None:
                heads[word] = zipf
        # The most frequent reading first: "willkommen" before the genitive "willkommens".
        return sorted(heads.items(), key=lambda item: -item[1])


def load_lexicon(words_path: Path = WORDS_PATH, rules_path: Path = RULES_PATH) -> Lexicon:
    """Read the word list and the rules file."""
    lex = Lexicon()
    with open(words_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            word, zipf, *flags = line.rstrip("\n").split("\t")
            lex.add(word, int(zipf) / 10)
            if "p" in flags:
                lex.proper.add(fold(word))
    _apply_rules(lex, rules_path.read_text(encoding="utf-8"))
    return lex


def _apply_rules(lex: Lexicon, text: str) -> None:
    """Apply rules lines: ``+word`` domain word, ``!word`` never split, ``-word`` never a part,
    ``>word`` prefix, ``=word`` short part."""
    targets = {"!": lex.never_split, "-": lex.not_parts, "=": lex.short_parts,
               ">": lex.prefixes}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if len(line) < 2:
            continue
        mark, words = line[0], line[1:].split()
        for word in words:
            key = fold(word)
            if mark == "+":
                lex.zipf.setdefault(key, DOMAIN_ZIPF)
            elif mark == "=":
                lex.short_parts.add(key)
                lex.zipf.setdefault(key, DOMAIN_ZIPF)
            elif mark in targets:
                targets[mark].add(key)
    lex._prefix_tuple = None  # made again from the prefixes at its next use


@lru_cache(maxsize=1)
def default_splitter() -> CompoundSplitter:
    """Return the process-wide splitter over the bundled word list (loaded on first call)."""
    return CompoundSplitter(load_lexicon())


PROPER_POS = ("Toponym", "Nachname", "Vorname", "Eigenname")


def build_word_list(out: Path = WORDS_PATH, min_zipf: float = 2.0) -> int:
    """Regenerate ``compound_words.txt`` from german-nouns and wordfreq; return the word count."""
    import csv

    from german_nouns.config import CSV_FILE_PATH
    from wordfreq import zipf_frequency

    csv.field_size_limit(1 << 30)
    rows: dict[str, tuple[int, bool]] = {}
    with open(CSV_FILE_PATH, encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            proper = any(p in row[1] for p in PROPER_POS)
            for form in {row[0], *row[7:]}:
                _add_form(rows, form, proper, zipf_frequency, min_zipf)
    lines = [f"{w}\t{z}\tp" if p else f"{w}\t{z}" for w, (z, p) in sorted(rows.items())]
    header = (
        "# Generated by `python -m search_index.compounds build`: german-nouns forms ranked\n"
        "# by wordfreq (both CC BY-SA 4.0). word<TAB>zipf*10[<TAB>p = proper name]\n"
    )
    out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _add_form(rows: dict, form: str, proper: bool, zipf_frequency, min_zipf: float) -> None:
    """Record one lowercase noun form if it is a plain word and frequent enough."""
    word = form.strip().lower()
    if not word.isalpha() or (word in rows and not proper):
        return
    zipf = zipf_frequency(word, "de")
    if zipf >= min_zipf:
        old = rows.get(word)
        rows[word] = (round(zipf * 10), proper or bool(old and old[1]))


if __name__ == "__main__" and sys.argv[1:] == ["build"]:
    print(build_word_list(), "words written to", WORDS_PATH)
