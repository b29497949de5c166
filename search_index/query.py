"""User text -> a small query plan. Never raises: odd text degrades to fewer words.

Syntax: words (all should match; see search.py for the relaxation), "exact phrase",
-excluded (word or phrase), OR between two items. Anything else (colons, brackets, stars,
AND, control characters) is treated as a word separator. Whoosh's QueryParser is not used, so
no field syntax reaches the index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from search_index.analyzers import ENGLISH_STOPS, GERMAN_STOPS, fold

MAX_CHARS = 1000  # longer text is cut: nobody types more, and it bounds the work
MAX_GROUPS = 12
MIN_PHONE_DIGITS = 6
MAX_WORD = 64  # longer "words" are noise; cutting them keeps analysis cheap

_TOKEN = re.compile(r'"[^"]*"?|-?[^\s"]+')
_WORD = re.compile(r"[\w@.+'’-]+")
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s/().-]*\d")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_EDGE = re.compile(r"^[.'’+-]+|[.'’+-]+$")


@dataclass(frozen=True)
class Clause:
    """One way a group can match: all words (in order if phrase) or a phone/e-mail/fold term."""

    words: tuple[str, ...]
    kind: str = "words"  # words | phrase | phone | email | fold
    weight: float = 1.0  # below 1 for alternatives the user did not type (synonyms, typos)


@dataclass
class Group:
    """One unit of the query: matched if any alternative matches."""

    alternatives: list[Clause]
    negated: bool = False
    source: str = ""  # the user's own text for this group (for "did you mean")


# Words that ask for a person rather than name a topic: they boost contacts instead of matching
# (compared folded: "zuständig" and "zustaendig" are both "zustandig")
CONTACT_WORDS = frozenset({
    "ansprechpartner", "ansprechpartnerin", "ansprechpartnerinnen", "ansprechperson",
    "ansprechpersonen", "kontakt", "kontakte", "kontaktperson", "kontaktpersonen",
    "zustandig", "zustandige", "zustandigen", "zustandiger", "verantwortlich", "wer",
    "contact", "contacts", "person", "persons", "who", "whom", "handles", "responsible",
})
SYNONYM_WEIGHT = 0.7  # a glossary alternative ranks below the user's own word

# Words that name a kind of entry: they stay search words and also rank that kind higher
TYPE_WORDS = {
    "programme": frozenset({
        "forderung", "forderungen", "zuschuss", "zuschusse", "zuschussen", "zuwendung",
        "zuwendungen", "fordermittel", "forderprogramm", "forderprogramme", "finanzierung",
        "foerderung", "funding", "grant", "grants", "subsidy", "subsidies", "financing",
    }),
    "project": frozenset({"projekt", "projekte", "project", "projects"}),
}

# Endings of singular role nouns: "Integrationsbeauftragte", "Willkommenslotse" ask for a person
# (plurals such as "Lotsen" or "Migrationsbeauftragten" more often name a project or a body)
ROLE_ENDINGS = (
    "beauftragte", "beauftragter", "lotse", "lotsin", "berater", "beraterin", "koordinator",
    "koordinatorin", "referent", "referentin", "leiter", "leiterin", "sachbearbeiter",
    "sachbearbeiterin", "officer", "adviser", "advisor", "coordinator", "counsellor",
)

# Words that carry no topic in German or English queries: never required, never scored
STOP_WORDS = GERMAN_STOPS | ENGLISH_STOPS
_ABBREVIATION = re.compile(r"^\w*[A-ZÄÖÜ]\w*[A-ZÄÖÜ]\w*$")  # IT, US, KiM: not stop words


def is_stop(word: str) -> bool:
    """Say whether a query word is a function word ("der", "für", "of"), not an abbreviation."""
    return fold(word) in STOP_WORDS and not _ABBREVIATION.match(word)


def content_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return the words of a clause without its stop words (all of them if only stop words)."""
    kept = tuple(w for w in words if not is_stop(w))
    return kept or words


@dataclass
class ParsedQuery:
    """The plan search.py evaluates."""

    groups: list[Group] = field(default_factory=list)
    wants_contact: bool = False
    words: tuple[str, ...] = ()  # the topic words in the user's order, stop words included
    wants_types: tuple[str, ...] = ()  # entry types the words ask for ("Förderung": programme)

    @property
    def positive(self) -> list[Group]:
        """Return the groups that must (or should) match."""
        return [g for g in self.groups if not g.negated]

    @property
    def negative(self) -> list[Group]:
        """Return the excluded groups."""
        return [g for g in self.groups if g.negated]

    def is_empty(self) -> bool:
        """Say whether nothing was left to search for."""
        return not self.positive


def clean(text: object) -> str:
    """Return printable text of bounded length."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text[:MAX_CHARS]


def _words(text: str) -> list[str]:
    """Split text into plain words, dropping punctuation at word edges."""
    out = []
    for raw in _WORD.findall(text):
        word = _EDGE.sub("", raw)
        if word and any(ch.isalnum() for ch in word):
            out.append(word[:MAX_WORD])
    return out


def _phone_groups(text: str) -> tuple[str, list[Group]]:
    """Take digit runs long enough to be phone numbers out of the text."""
    groups = []

    def take(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < MIN_PHONE_DIGITS:
            return match.group()
        prefix = "+" if match.group().lstrip("(").startswith("+") else ""
        groups.append(Group([Clause((prefix + digits,), "phone")], source=match.group().strip()))
        return " "

    return _PHONE.sub(take, text), groups


def _item(token: str) -> Group | None:
    """Turn one raw token (word, phrase or e-mail, maybe negated) into a group."""
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    if body.startswith('"'):
        words = _words(body.strip('"'))
        if not words:
            return None
        kind = "phrase" if len(words) > 1 else "words"
        return Group([Clause(tuple(words), kind)], negated, body.strip('"'))
    if _EMAIL.match(body.strip(".,;")):
        address = body.strip(".,;").lower()
        return Group([Clause((address,), "email")], negated, address)
    words = _words(body)
    if not words:
        return None
    if len(words) == 1:
        return Group([Clause((words[0],))], negated, words[0])
    # "foo-bar" or "title:foo": several words from one token, all of them needed
    return Group([Clause(tuple(words))], negated, " ".join(words))


def parse(text: object) -> ParsedQuery:
    """Parse user text into groups; never raises."""
    try:
        return _parse(clean(text))
    except Exception:  # a parser bug must not become a 500: fall back to plain words
        words = _words(clean(text))[:MAX_GROUPS]
        return ParsedQuery([Group([Clause((w,))], source=w) for w in words])


def _parse(text: str) -> ParsedQuery:
    """Tokenize the cleaned text and join OR-ed neighbours."""
    text, groups = _phone_groups(text)
    pending_or = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            pending_or = bool(groups) and not groups[-1].negated
            continue
        if token in ("AND", "NOT", "&&", "||"):
            continue
        group = _item(token)
        if group is None:
            continue
        if pending_or and not group.negated:
            groups[-1].alternatives.extend(group.alternatives)
            groups[-1].source += " OR " + group.source
        else:
            groups.append(group)
        pending_or = False
    return _contact_intent(ParsedQuery(groups[:MAX_GROUPS]))


def _contact_intent(parsed: ParsedQuery) -> ParsedQuery:
    """Turn "Ansprechpartner ..." words into a contact boost when topic words remain."""
    def is_intent(g: Group) -> bool:
        return not g.negated and fold(g.source) in CONTACT_WORDS

    rest = [g for g in parsed.groups if not is_intent(g)]
    topical = [g for g in rest if not g.negated and not _is_stop_group(g)]
    if len(rest) == len(parsed.groups) or not topical:
        return replace(parsed, words=_plain_words(parsed.groups))
    return ParsedQuery(rest, wants_contact=True, words=_plain_words(rest))


def _plain_words(groups: list[Group]) -> tuple[str, ...]:
    """Return the words of the positive single-alternative groups, in order."""
    out: list[str] = []
    for g in groups:
        if not g.negated and len(g.alternatives) == 1 and g.alternatives[0].kind in (
                "words", "phrase"):
            out.extend(g.alternatives[0].words)
    return tuple(out)


def _is_stop_group(group: Group) -> bool:
    """Say whether a group is one plain stop word."""
    if group.negated or len(group.alternatives) != 1:
        return False
    clause = group.alternatives[0]
    return clause.kind == "words" and len(clause.words) == 1 and is_stop(clause.words[0])


def drop_stop_words(parsed: ParsedQuery) -> ParsedQuery:
    """Leave stop-word groups out when a topic word remains ("Aus der Praxis" -> Praxis)."""
    kept = [g for g in parsed.groups if not _is_stop_group(g)]
    if not any(not g.negated for g in kept):
        return parsed
    return replace(parsed, groups=kept)


def wanted_types(parsed: ParsedQuery) -> tuple[str, ...]:
    """Return the entry types that words of the query name (not when that is all it says)."""
    words = {fold(w) for w in parsed.words}
    named = [t for t, names in TYPE_WORDS.items() if words & names]
    if any(w.endswith(ROLE_ENDINGS) for w in words):
        named.append("contact")
    return tuple(named) if named and words - set().union(*TYPE_WORDS.values()) else ()


def prepare(text: object, glossary) -> ParsedQuery:
    """Parse, expand with the glossary, then drop stop words: the plan search evaluates."""
    parsed = parse(text)
    parsed = replace(parsed, wants_types=wanted_types(parsed))
    return drop_stop_words(expand(parsed, glossary))


def expand(parsed: ParsedQuery, glossary) -> ParsedQuery:
    """Add glossary alternatives (synonyms, abbreviations, translations); never raises."""
    if glossary is None:
        return parsed
    try:
        return _expand(parsed, glossary)
    except Exception:  # a glossary problem costs recall, never the search
        return parsed


def _expand(parsed: ParsedQuery, glossary) -> ParsedQuery:
    """Merge runs of plain one-word groups that the glossary knows into one group."""
    plain = [
        i for i, g in enumerate(parsed.groups)
        if not g.negated and len(g.alternatives) == 1 and g.alternatives[0].kind == "words"
        and len(g.alternatives[0].words) == 1
    ]
    words = [parsed.groups[i].alternatives[0].words[0] for i in plain]
    spans = sorted(glossary.find(words), key=lambda s: (s[0], -(s[1] - s[0])))
    merged: dict[int, Group] = {}
    used: set[int] = set()
    for start, end, alternatives in spans:
        members = plain[start:end]
        contiguous = members == list(range(members[0], members[-1] + 1)) if members else False
        if not contiguous or used & set(members):
            continue
        used |= set(members)
        original = Clause(tuple(words[start:end]))
        extra = [Clause(tuple(_words(alt)), weight=SYNONYM_WEIGHT)
                 for alt in alternatives if _words(alt)]
        extra = [c for c in extra if c.words != original.words]
        source = " ".join(words[start:end])
        merged[members[0]] = Group([original, *extra], source=source)
    out = []
    for i, group in enumerate(parsed.groups):
        if i in merged:
            out.append(merged[i])
        elif i not in used:
            out.append(group)
    return replace(parsed, groups=out)
