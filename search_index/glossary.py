"""Synonym and abbreviation glossary, expanded at query time (editable without reindexing).

Data format (``data/glossary.txt``), one entry per line, text after ``#`` is a comment:

    MO | Migrantenorganisation | Migrantenorganisationen | migrant organisation
    Zuschuss | Förderung | funding
    Integrationskurs => Sprachkurs | Deutschkurs

- ``a | b | c``: equivalent terms; searching any of them also searches the others.
- ``a | b => c | d``: one way; searching ``a`` or ``b`` also searches ``c`` and ``d``, not back.
- Terms may have several words. Matching ignores case, umlaut spelling (Geflüchtete,
  Gefluechtete, Gefluchtete) and inflection (German and English Snowball stems), so
  "Migrantenorganisation" also matches "Migrantenorganisationen" and "refugee" "refugees".
- Abbreviations, i.e. single words with two or more capitals ("MO", "KIM", "KiM", "IKÖ"),
  match only as written (umlauts still folded: "IKOE"), because in lowercase they are often
  other words ("mo", "kim") and "KIM" and "KiM" name different things. Append ``~`` to one
  that may also match in any case ("AMIF~" matches "amif").

    >>> g = Glossary.from_text("MO | Migrantenorganisation\\nGeflüchtete | Flüchtlinge")
    >>> g.expansions("MO"), g.expansions("mo"), g.expansions("Gefluechteten")
    (['Migrantenorganisation'], [], ['Flüchtlinge'])
    >>> g.find(["Förderung", "MO", "Berlin"])
    [(1, 2, ['Migrantenorganisation'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search_index.analyzers import fold, fold_keep_case, stem

DEFAULT_PATH = Path(__file__).parent / "data" / "glossary.txt"

_WORD_EDGES = re.compile(r"^\W+|\W+$")
_ABBREVIATION = re.compile(r"^\w*[A-ZÄÖÜ]\w*[A-ZÄÖÜ]\w*$")

Key = tuple[str, ...]


def _words(phrase: str) -> list[str]:
    """Split a phrase into words, trimming punctuation at their edges."""
    words = (_WORD_EDGES.sub("", w) for w in phrase.replace("-", " ").split())
    return [w for w in words if w]


def _keys(words: list[str]) -> list[Key]:
    """Return the lookup keys of a word sequence: German stems, then English stems."""
    folded = [fold(w) for w in words]
    return [tuple(stem(w, "german") for w in folded), tuple(stem(w, "english") for w in folded)]


def _exact_key(word: str) -> Key:
    """Return the case-sensitive key of an abbreviation."""
    return ("=" + fold_keep_case(word),)


@dataclass(frozen=True)
class Term:
    """One glossary term: its text and whether it matches case-sensitively only."""

    text: str
    exact: bool

    @classmethod
    def parse(cls, raw: str) -> Term | None:
        """Parse one term; "AMIF~" is an abbreviation that may match in any case."""
        text = raw.strip()
        loose = text.endswith("~")
        text = text.rstrip("~").strip()
        if not text:
            return None
        return cls(text, bool(_ABBREVIATION.match(text)) and not loose)

    def keys(self) -> list[Key]:
        """Return the keys under which this term is found."""
        words = _words(self.text)
        if self.exact and len(words) == 1:
            return [_exact_key(words[0])]
        return _keys(words)


@dataclass
class Glossary:
    """Query-time expansions: lookup key -> alternative phrases."""

    entries: dict[Key, list[str]] = field(default_factory=dict)
    max_words: int = 1

    @classmethod
    def from_text(cls, text: str) -> Glossary:
        """Parse the glossary format (see the module docstring)."""
        glossary = cls()
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if line:
                glossary._add_line(line)
        return glossary

    @classmethod
    def default(cls) -> Glossary:
        """Return the bundled glossary (``data/glossary.txt``), parsed once per process."""
        return _default_glossary()

    def _add_line(self, line: str) -> None:
        """Add one entry line: equivalents, or ``sources => targets``."""
        left, arrow, right = line.partition("=>")
        sources = [t for t in map(Term.parse, left.split("|")) if t]
        targets = [t for t in map(Term.parse, right.split("|")) if t] if arrow else sources
        target_keys = [(t.text, set(t.keys())) for t in targets]
        for source in sources:
            keys = source.keys()
            # Inflected forms of the source itself ("refugee" for "refugees") add nothing.
            alternatives = [text for text, tkeys in target_keys if not tkeys & set(keys)]
            for key in keys:
                self._add(key, alternatives)

    def _add(self, key: Key, alternatives: list[str]) -> None:
        """Merge alternatives under a key, keeping their order and dropping repeats."""
        known = self.entries.setdefault(key, [])
        known.extend(a for a in alternatives if a not in known)
        self.max_words = max(self.max_words, len(key))

    def _lookup(self, words: list[str]) -> list[str] | None:
        """Return the alternatives of exactly this word sequence, or None."""
        if len(words) == 1 and _exact_key(words[0]) in self.entries:
            return self.entries[_exact_key(words[0])]
        for key in _keys(words):
            if key in self.entries:
                return self.entries[key]
        return None

    def expansions(self, phrase: str) -> list[str]:
        """Return the alternatives of a word or phrase ([] if the glossary does not know it)."""
        words = _words(phrase)
        found = self._lookup(words) if words else None
        return list(found or [])

    def find(self, words: list[str]) -> list[tuple[int, int, list[str]]]:
        """Return (start, end, alternatives) for glossary phrases in ``words``, longest first.

        Spans do not overlap; ``words[start:end]`` is the matched phrase.
        """
        spans: list[tuple[int, int, list[str]]] = []
        start = 0
        while start < len(words):
            match = self._longest_at(words, start)
            if match:
                spans.append(match)
                start = match[1]
            else:
                start += 1
        return spans

    def _longest_at(self, words: list[str], start: int) -> tuple[int, int, list[str]] | None:
        """Return the longest glossary phrase starting at ``start``, if any."""
        for end in range(min(len(words), start + self.max_words), start, -1):
            phrase = _words(" ".join(words[start:end]))
            found = self._lookup(phrase) if phrase else None
            if found:
                return start, end, list(found)
        return None


@lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    """Load the bundled glossary once."""
    return Glossary.from_text(DEFAULT_PATH.read_text(encoding="utf-8"))
