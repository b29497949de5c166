"""Deterministic generator of realistic exchange-format records for benchmarks.

``generate(count, seed)`` streams records (organisations, contacts, projects and
funding programmes in German, about a tenth of them English translations) that
validate against ``exchange.schema.json``. References always point to records
emitted earlier, so an importer can take the file in one pass.
``queries(count, seed)`` builds a matching search workload.

CLI::

    python bench/generate_corpus.py --count 100000 --seed 1 --out corpus.jsonl \
        --queries 1000 --out-queries queries.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
import unicodedata
from bisect import bisect
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import phrases as P  # noqa: E402

Record = dict[str, object]
T = TypeVar("T")
Builder = Callable[[str], Record]

# One block of 20 slots fixes the type mix: 15 % / 40 % / 20 % / 25 %.
# Programmes come before projects so projects can reference them.
BLOCK: tuple[str, ...] = (
    ("organisation",) * 3 + ("contact",) * 8 + ("programme",) * 4 + ("project",) * 5
)
TRANSLATION_SHARE = 0.1
REF_DATE = dt.date(2026, 9, 1)
POOL_SEED = 20240601

# ---------------------------------------------------------------------------
# Dates: day numbers counted from DAY0, rendered from precomputed tables
# ---------------------------------------------------------------------------

DAY0 = dt.date(2015, 1, 1)
_DAYS = [DAY0 + dt.timedelta(days=i) for i in range(16 * 366)]
ISO = [d.isoformat() for d in _DAYS]
DE_DATE = [f"{d.day}.{d.month}.{d.year}" for d in _DAYS]
EN_DATE = [d.strftime("%d %b %Y").lstrip("0") for d in _DAYS]


def day(date: dt.date) -> int:
    """Day number of ``date`` relative to DAY0."""
    return (date - DAY0).days


D2019, D2024, D2025 = day(dt.date(2019, 1, 1)), day(dt.date(2024, 1, 1)), day(dt.date(2025, 1, 1))
D2018, D2028_END = day(dt.date(2018, 1, 1)), day(dt.date(2028, 12, 31))
D_CREATED_MAX, D_REF = day(dt.date(2026, 6, 30)), day(REF_DATE)
D_MODIFIED_MAX = day(dt.date(2026, 10, 31))

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_TRANSLIT = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss",
    "ł": "l", "Ł": "l", "ı": "i", "đ": "d", "ø": "o", "æ": "ae", "*": "",
})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def slugify(text: str, limit: int = 60) -> str:
    """ASCII slug (``a-z0-9-``) of ``text``, German umlauts spelled out, at most ``limit``."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")[:limit].strip("-")


def _cap(text: str) -> str:
    """Upper-case the first character only."""
    return text[:1].upper() + text[1:]


def _join(items: list[str], lang: str) -> str:
    """Natural-language list: ``a, b und c`` / ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    word = " und " if lang == "de" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def _euro(amount: int, lang: str) -> str:
    """Amount as ``50.000 €`` (de) or ``EUR 50,000`` (en)."""
    return f"{amount:,}".replace(",", ".") + " €" if lang == "de" else f"EUR {amount:,}"


CLOCK = [f"T{m // 60:02d}:{m % 60:02d}:" for m in range(1440)]
SECONDS = [f"{s:02d}Z" for s in range(60)]


def _timestamp(rng: random.Random, d: int) -> str:
    """ISO 8601 UTC timestamp on day ``d`` at a random time."""
    x = rng.random() * 1440
    m = int(x)
    return ISO[d] + CLOCK[m] + SECONDS[int((x - m) * 60)]


# ---------------------------------------------------------------------------
# Random helpers (cheaper than Random.choice/choices in the hot path)
# ---------------------------------------------------------------------------


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    """Uniform choice from a non-empty sequence."""
    return seq[int(rng.random() * len(seq))]


def _weighted(rng: random.Random, seq: Sequence[T], cum: list[float]) -> T:
    """Choice from ``seq`` weighted by cumulative weights ``cum``."""
    return seq[bisect(cum, rng.random() * cum[-1])]


def _some(rng: random.Random, seq: Sequence[T], k: int) -> list[T]:
    """Up to ``k`` distinct elements of ``seq`` (in sequence order when ``k`` is large)."""
    n = len(seq)
    if k >= n:
        return list(seq)
    if k == 1:
        return [seq[int(rng.random() * n)]]
    if k == 2:
        i = int(rng.random() * n)
        j = int(rng.random() * (n - 1))
        return [seq[i], seq[j + 1 if j >= i else j]]
    return rng.sample(seq, k) if k else []


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------


class Place:
    """A municipality, a state (``name`` empty) or the federation (``state`` empty)."""

    __slots__ = ("state", "name", "postcode", "area", "region", "labels", "cities",
                 "state_names", "postal_city")

    def __init__(self, state: str, name: str, postcode: str, area: str) -> None:
        self.state, self.name, self.postcode, self.area = state, name, postcode, area
        if not state:
            self.region = "DE"
            self.state_names = self.labels = self.cities = ("bundesweit", "nationwide")
            self.postal_city = "Bonn"
            return
        state_de, state_en, _ = P.STATES[state]
        self.state_names = (state_de, state_en)
        if not name:
            self.region = f"DE-{state}"
            self.labels = self.cities = self.state_names
            self.postal_city = P.STATES[state][2][0][0]
            return
        self.region = f"DE-{state}/{name}"
        self.cities = (name, P.CITY_EN.get(name, name))
        self.labels = (f"{name} ({state_de})", f"{self.cities[1]} ({state_en})")
        self.postal_city = state_de if state in ("BE", "HH") else P.SEATS.get(name, name)


MUNICIPALITIES: list[Place] = [
    Place(code, name, postcode, area)
    for code, (_, _, munis) in P.STATES.items()
    for name, postcode, area, _ in munis
]
_MUNI_CUM = list(itertools.accumulate(w for _, (_, _, ms) in P.STATES.items() for *_, w in ms))
STATE_CODES = list(P.STATES)
STATE_PLACES = [Place(c, "", P.STATES[c][2][0][1], P.STATES[c][2][0][2]) for c in STATE_CODES]
_STATE_CUM = list(itertools.accumulate(sum(m[3] for m in P.STATES[c][2]) for c in STATE_CODES))
MUNIS_BY_STATE = {c: [m for m in MUNICIPALITIES if m.state == c] for c in STATE_CODES}
FEDERAL = Place("", "", "53115", "0228")


def _place(rng: random.Random, level: str) -> Place:
    """A place for a template level (city, state, federal), weighted roughly by size."""
    if level == "city":
        return _weighted(rng, MUNICIPALITIES, _MUNI_CUM)
    return _weighted(rng, STATE_PLACES, _STATE_CUM) if level == "state" else FEDERAL


def _regions(rng: random.Random, place: Place) -> list[str]:
    """Region codes for a record at ``place``, now and then with a neighbour or the state."""
    x = rng.random()
    if not place.name or x >= 0.14:
        return [place.region]
    if x < 0.08:
        return [place.region, f"DE-{place.state}"]
    other = _pick(rng, MUNIS_BY_STATE[place.state])
    return [place.region] if other is place else [place.region, other.region]


def _phone(rng: random.Random, area: str, mobile: bool = False) -> str:
    """A German phone number in one of the common notations."""
    if mobile:
        area = _pick(rng, P.MOBILE_PREFIXES)
    width = 10 - len(area)
    digits = str(10 ** (width - 1) + int(rng.random() * 9 * 10 ** (width - 1)))
    bare = area[1:]
    style = int(rng.random() * 9)
    if style == 0:
        return f"+49 {bare} {digits}"
    if style == 1:
        return f"{area} {digits}"
    if style == 2:
        return f"{area}/{digits}"
    if style == 3:
        pairs = " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
        return f"({area}) {pairs}"
    if style == 4:
        return f"{area} {digits[:-2]}-{digits[-2:]}"
    if style == 5:
        return f"+49 (0){bare} {digits}"
    if style == 6:
        return f"+49-{bare}-{digits}"
    if style == 7:
        return f"+49 {bare} {digits[:4]} {digits[4:]}"
    return f"+49{bare}{digits}"


def _address(rng: random.Random, place: Place) -> dict[str, str]:
    """Postal address in ``place``."""
    n = 1 + int(rng.random() * 180)
    x = rng.random()
    number = f"{n}{_pick(rng, 'abc')}" if x < 0.1 else f"{n}–{n + 2}" if x < 0.15 else str(n)
    street = f"{_pick(rng, P.STREETS)} {number}"
    if rng.random() < 0.08:
        street = _pick(rng, P.ADDRESS_PREFIXES) + street
    postcode = f"{place.postcode[:3]}{int(rng.random() * 100):02d}"
    return {"street": street, "postcode": postcode, "city": place.postal_city}


# ---------------------------------------------------------------------------
# Text pools: parallel German/English paragraphs per topic
# ---------------------------------------------------------------------------

TOPIC_CODES = list(P.TOPICS)


SLOTTED = [pair for pair in P.SENTENCES if "{" in pair[0]]
PLAIN = [pair for pair in P.SENTENCES if "{" not in pair[0]]
_CONTRACTIONS = ((" bei dem ", " beim "), (" von dem ", " vom "), (" zu dem ", " zum "))


def _fill(rng: random.Random, template: tuple[str, str], topic: str) -> tuple[str, str]:
    """One sentence pair from ``template`` with its slots filled for ``topic``."""
    kw = rng.choice(P.KEYWORDS[topic])
    kw2 = rng.choice(P.KEYWORDS[rng.choice(TOPIC_CODES)])
    while kw2 == kw:
        kw2 = rng.choice(P.KEYWORDS[rng.choice(TOPIC_CODES)])
    grp, act = rng.choice(P.GROUP_PHRASES), rng.choice(P.ACTIVITIES)
    partner, method, fund = rng.choice(P.PARTNERS), rng.choice(P.METHODS), rng.choice(P.FUNDS)
    lang1, lang2 = rng.sample(P.LANGS, 2)
    nums = {"past": rng.randrange(2012, 2026), "future": rng.randrange(2027, 2031),
            "n": rng.randrange(40, 2500), "pct": rng.randrange(30, 80)}

    def render(i: int) -> str:
        return template[i].format(kw=kw[i], kw2=kw2[i], grp=grp[i], Grp=_cap(grp[i]),
                                  act=act[i], partner=partner[i], method=method[i],
                                  fund=fund[i], lang1=lang1[i], lang2=lang2[i], **nums)

    de = render(0)
    for long, short in _CONTRACTIONS:
        de = de.replace(long, short)
    return de, render(1)


def _build_pools() -> tuple[list[str], list[str], list[int], list[int], dict[str, int]]:
    """Paragraph pools (German, English), word counts, plain-sentence ids, topic offsets.

    A paragraph holds 2–6 freshly filled sentences with distinct templates, mostly on
    one topic, sometimes closed by one of the slot-free sentences (its id is kept so a
    body uses each at most once). Index ``i`` says the same thing in both languages,
    so a translation reuses the original's indices.
    """
    rng = random.Random(POOL_SEED)
    de: list[str] = []
    en: list[str] = []
    plain: list[int] = []
    starts: dict[str, int] = {}
    for topic in TOPIC_CODES:
        starts[topic] = len(de)
        for _ in range(PARAGRAPHS_PER_TOPIC):
            templates = rng.sample(SLOTTED, rng.randrange(2, 7))
            parts = [_fill(rng, t, topic) for t in templates[:-1]]
            parts.insert(rng.randrange(len(parts) + 1),
                         _fill(rng, templates[-1], rng.choice(TOPIC_CODES)))
            plain.append(rng.randrange(len(PLAIN)) if rng.random() < 0.35 else -1)
            if plain[-1] >= 0:
                parts.append(PLAIN[plain[-1]])
            de.append(" ".join(p[0] for p in parts))
            en.append(" ".join(p[1] for p in parts))
    words = [text.count(" ") + 1 for text in de]
    return de, en, words, plain, starts


GROUP_CODES = list(P.GROUPS)
KIND_CODES = list(P.FUNDING_KINDS)
PARAGRAPHS_PER_TOPIC = 150
POOL_DE, POOL_EN, POOL_WORDS, POOL_PLAIN, POOL_START = _build_pools()


def _paragraphs(rng: random.Random, topics: list[str], fixed: tuple[int, int]) -> list[int]:
    """Pool indices for a body of 80–400 words; ``fixed`` bounds the words spent elsewhere."""
    rand = rng.random
    low, high = 88 - fixed[0], 385 - fixed[1]
    target = low + int(rand() ** 1.5 * (high - low))
    chosen: list[int] = []
    words = 0
    n_topics = len(topics)
    plain_used: list[int] = []
    for _ in range(24):
        topic = topics[int(rand() * n_topics)] if rand() < 0.85 else _pick(rng, TOPIC_CODES)
        i = POOL_START[topic] + int(rand() * PARAGRAPHS_PER_TOPIC)
        if (words + POOL_WORDS[i] > high and chosen) or i in chosen:
            continue
        plain = POOL_PLAIN[i]
        if plain >= 0:
            if plain in plain_used:
                continue
            plain_used.append(plain)
        chosen.append(i)
        words += POOL_WORDS[i]
        if words >= target:
            break
    return chosen


def _body(lang: str, intro: str, plan: list[int], facts: list[str]) -> str:
    """Markdown body: intro and paragraphs from the pool, then a facts block."""
    pool = POOL_DE if lang == "de" else POOL_EN
    paras = [pool[i] for i in plan]
    paras[0] = f"{intro} {paras[0]}"
    paras.append("\n".join(facts))
    return "\n\n".join(paras)


def _labels(codes: list[str], table: dict[str, tuple[str, str]], i: int) -> str:
    """Comma-separated labels of vocabulary codes (``i``: 0 German, 1 English)."""
    return ", ".join(table[c][i] for c in codes)


def _tags(rng: random.Random, topics: list[str], extra: list[str]) -> list[tuple[str, str]]:
    """1–4 tag pairs: topic keywords plus record-specific words."""
    pairs = [_pick(rng, P.KEYWORDS[t]) for t in topics[: 1 + int(rng.random() * 2)]]
    pairs += [(w, w) for w in extra]
    if rng.random() < 0.3:
        abbr = _pick(rng, P.ABBREVIATIONS)
        pairs.append((abbr, abbr))
    return pairs[:4]


def _tag_list(pairs: list[tuple[str, str]], i: int) -> list[str]:
    """Unique tags in one language."""
    return list(dict.fromkeys(p[i] for p in pairs))


def _pick_codes(rng: random.Random, base: Sequence[str], pool: list[str],
                extra: float = 0.35, limit: int = 4) -> list[str]:
    """Codes from ``base`` plus now and then one from ``pool``."""
    if rng.random() >= extra:
        return list(base)
    return list(dict.fromkeys([*base, _pick(rng, pool)]))[:limit]


# ---------------------------------------------------------------------------
# Workflow fields shared by all types
# ---------------------------------------------------------------------------

LINK_HOSTS = ("www.example.org", "www.example.com", "daten.example.net", "foerderung.example.org")
LINK_PATHS = ("info", "flyer.pdf", "jahresbericht-2025.pdf", "faq")
REVIEW_DAYS = (182, 365, 365, 548)


def _lifecycle(rng: random.Random, slug: str) -> Record:
    """state, publication window, verification, timestamps and links."""
    rand = rng.random
    out: Record = {}
    x = rand()
    if x < 0.99:  # absent (private) on 1 %
        out["state"] = ("published" if x < 0.8 else "private" if x < 0.87
                        else "pending" if x < 0.94 else "archived")
    created = D2019 + int(rand() * (D_CREATED_MAX - D2019))
    x = rand()
    if x < 0.1:
        if x < 0.04 or x >= 0.08:
            out["effective"] = ISO[created + int(rand() * 60)]
        if x >= 0.04:
            out["expires"] = ISO[D_REF - 200 + int(rand() * 1000)]
    modified = created + int(rand() * (D_MODIFIED_MAX - created))
    if rand() < 0.88:
        verified = max(modified - int(rand() * 40), D2024)
        out["verified"] = ISO[verified]
        out["review_due"] = ISO[verified + _pick(rng, REVIEW_DAYS)]
    out["created"] = _timestamp(rng, created)
    out["modified"] = _timestamp(rng, modified) if modified > created else out["created"]
    if rand() < 0.15:
        hosts = _some(rng, LINK_HOSTS, 1 + int(rand() * 2))
        out["links"] = [f"https://{h}/{slug}/{_pick(rng, LINK_PATHS)}" for h in hosts]
    return out


# ---------------------------------------------------------------------------
# Generator state
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Org:
    """What later records need to know about an organisation."""

    id: str
    title: tuple[str, str]
    place: Place
    domain: str
    kind: str


@dataclass(slots=True)
class Corpus:
    """References available so far (ids and a few facts, not whole records)."""

    rng: random.Random
    orgs: list[Org] = field(default_factory=list)
    org_by_id: dict[str, Org] = field(default_factory=dict)
    orgs_by_region: dict[str, list[Org]] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    contacts_by_org: dict[str, list[str]] = field(default_factory=dict)
    programmes: list[str] = field(default_factory=list)
    programmes_by_region: dict[str, list[str]] = field(default_factory=dict)

    def add_org(self, org: Org) -> None:
        """Register an organisation under its place and its state."""
        self.orgs.append(org)
        self.org_by_id[org.id] = org
        self.orgs_by_region.setdefault(org.place.region, []).append(org)
        if org.place.name:
            self.orgs_by_region.setdefault(f"DE-{org.place.state}", []).append(org)

    def recent_org(self, window: int = 40) -> Org:
        """An organisation among the most recent ones (locality), now and then any."""
        n = len(self.orgs)
        if self.rng.random() < 0.85:
            return self.orgs[n - 1 - int(self.rng.random() * min(n, window))]
        return self.orgs[int(self.rng.random() * n)]

    def orgs_near(self, place: Place, k: int, exclude: str = "",
                  kinds: tuple[str, ...] = ()) -> list[str]:
        """Up to ``k`` organisation ids at ``place`` (recent ones first), else recent ones."""
        if not k:
            return []
        pool = self.orgs_by_region.get(place.region, [])[-30:]
        pool = [o for o in pool if o.kind in kinds][-12:] if kinds else pool[-12:]
        ids = [o.id for o in _some(self.rng, pool, k)]
        while len(ids) < k:
            ids.append(self.recent_org(200).id)
        return [i for i in dict.fromkeys(ids) if i != exclude]

    def programmes_for(self, place: Place, k: int) -> list[str]:
        """Up to ``k`` programme ids covering ``place`` (municipality, state or federal)."""
        if not k:
            return []
        get = self.programmes_by_region.get
        pool = get(place.region, [])[-6:] + get("DE", [])[-4:]
        if place.name:
            pool += get(f"DE-{place.state}", [])[-4:]
        if not pool:
            pool = self.programmes[-1:]
        return list(dict.fromkeys(_some(self.rng, pool, k)))

    def contacts_for(self, org_ids: list[str], k: int) -> list[str]:
        """Up to ``k`` contacts of the given organisations, else recent contacts."""
        if not k:
            return []
        get = self.contacts_by_org.get
        pool = [c for o in org_ids for c in get(o, [])[-6:]]
        if len(pool) < k and self.contacts:
            n = len(self.contacts)
            pool.append(self.contacts[n - 1 - int(self.rng.random() * min(n, 60))])
        return list(dict.fromkeys(_some(self.rng, pool, k)))


_ORG_CUM = list(itertools.accumulate(
    0.15 if t[3] == "federal" else 0.6 if t[3] == "state" else 1.0 for t in P.ORG_TEMPLATES
))
_PROG_CUM = list(itertools.accumulate(
    0.3 if t[3] == "federal" else 1.0 for t in P.PROGRAMME_TEMPLATES
))
KIND_PHRASE = {
    "authority": ("eine öffentliche Stelle", "a public authority"),
    "association": ("ein gemeinnütziger Verein", "a non-profit association"),
    "foundation": ("eine Stiftung", "a foundation"),
    "company": ("ein Unternehmen", "a company"),
    "network": ("ein Netzwerk", "a network"),
    "research": ("eine Forschungseinrichtung", "a research institution"),
    "other": ("eine Einrichtung", "an institution"),
}
_FILLERS = {"fuer", "der", "des", "und", "in", "im", "am", "von", "zur", "zum", "die", "an"}
_LEGAL_FORM = re.compile(r"\s*(\be\.V\.|gGmbH|GmbH|\([^)]*\))")


@cache
def _title(template: str, place: Place, i: int, year: int = 2026) -> str:
    """Fill a ``{c}``/``{s}``/``{y}`` title template for ``place`` in language ``i``."""
    return template.format(c=place.cities[i], s=place.state_names[i], y=year)


_ABBREVIATION = re.compile(r"\(([A-ZÄÖÜ][A-Za-zÄÖÜ ]{1,9})\)")
_WORD_SPLIT = re.compile(r"[\s–-]+")


@cache
def _domain_stem(template: str, place: Place) -> str:
    """Domain label for an organisation or programme: ``ki-koeln``, ``awo-bonn``, ``amif``."""
    loc = slugify(place.cities[0]) if place.state else ""
    if template.startswith("Stadt {c}"):
        return f"stadt-{loc}"
    abbr = _ABBREVIATION.search(template)
    words = [w for w in _WORD_SPLIT.split(_LEGAL_FORM.sub("", template))
             if w[:1].isupper() and "{" not in w and slugify(w) not in _FILLERS]
    if abbr:
        stem = slugify(abbr.group(1))
    elif words and (words[0].isupper() or len(words) == 1 or len(words) > 5):
        stem = slugify(words[0])
    else:
        stem = "".join(slugify(w)[:1] for w in words)
    return f"{stem}-{loc}" if loc else stem


def _end(text: str) -> str:
    """Close a sentence without doubling a final full stop (``e.V.``)."""
    return text if text.endswith(".") else text + "."


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------


def _organisation(c: Corpus, seq: int) -> tuple[Record, Builder]:
    """A German organisation and a builder for its English version."""
    rng = c.rng
    rand = rng.random
    de_tpl, en_tpl, kind, level, base_topics = _weighted(rng, P.ORG_TEMPLATES, _ORG_CUM)
    place = _place(rng, level)
    titles = (_title(de_tpl, place, 0), _title(en_tpl, place, 1))
    oid = f"{slugify(titles[0])}-{seq}"
    domain = f"{_domain_stem(de_tpl, place)}.{_pick(rng, P.EMAIL_DOMAINS)}"
    topics = _pick_codes(rng, base_topics, TOPIC_CODES)
    groups = _some(rng, GROUP_CODES, 1 + int(rand() * 3))
    parent = None
    if level == "city" and rand() < 0.3:
        siblings = c.orgs_by_region.get(place.region)
        if siblings:
            parent = siblings[-1 - int(rand() * min(len(siblings), 10))]
    fields: Record = {"org_kind": kind}
    if parent:
        fields["parent"] = parent.id
    if rand() < 0.7:
        fields["address"] = _address(rng, place)
    if rand() < 0.8:
        fields["phone"] = _phone(rng, place.area)
    if rand() < 0.25:
        fields["fax"] = _phone(rng, place.area)
    if rand() < 0.75:
        fields["email"] = f"{_pick(rng, ('info', 'kontakt', 'integration', 'post'))}@{domain}"
    if rand() < 0.7:
        fields["website"] = f"https://www.{domain}" + _pick(rng, ("", "/", "/integration"))
    tags = _tags(rng, topics, [place.postal_city] if place.name else [])
    regions = _regions(rng, place)
    plan = _paragraphs(rng, topics, (25, 60))
    life = _lifecycle(rng, oid)

    def build(lang: str) -> Record:
        de = lang == "de"
        i = 0 if de else 1
        summary = (f"{titles[0]} ist {KIND_PHRASE[kind][0]} mit Sitz in {place.labels[0]}."
                   if de else
                   f"{titles[1]} is {KIND_PHRASE[kind][1]} based in {place.labels[1]}.")
        facts = [
            "**Auf einen Blick**" if de else "**At a glance**",
            ("- Arbeitsschwerpunkte: " if de else "- Main topics: ") + _labels(topics, P.TOPICS, i),
            ("- Zielgruppen: " if de else "- Target groups: ") + _labels(groups, P.GROUPS, i),
            "- Region: " + place.labels[i],
        ]
        if parent:
            facts.append(("- Übergeordnet: " if de else "- Parent: ") + parent.title[i])
        if "website" in fields:
            facts.append(f"\nInternet: {fields['website']}")
        rec: Record = {"id": oid, "type": "organisation", "language": lang}
        if not de:
            rec["id"] = oid + "-en"
            rec["translation_of"] = oid
        rec.update(title=titles[i], summary=summary, body=_body(lang, summary, plan, facts),
                   tags=_tag_list(tags, i), topics=topics, target_groups=groups, regions=regions)
        rec.update(fields)
        rec.update(life)
        return rec

    c.add_org(Org(oid, titles, place, domain, kind))
    return build("de"), build


# ---------------------------------------------------------------------------
# Contacts
# ---------------------------------------------------------------------------

_ORIGINS = list(P.ORIGIN_WEIGHTS)
_ORIGIN_CUM = list(itertools.accumulate(P.ORIGIN_WEIGHTS.values()))
RESP_BY_TOPIC = {t: [r for r in P.RESPONSIBILITIES if r[2] == t] for t in P.TOPICS}
OFFICE_HOURS = (
    ("Di und Do 9–12 Uhr", "Tue and Thu 9am–12pm"), ("Mo–Fr 8:30–12 Uhr", "Mon–Fri 8.30am–12pm"),
    ("Mi 14–18 Uhr", "Wed 2–6pm"), ("nach Vereinbarung", "by appointment"),
)


def _person(rng: random.Random) -> tuple[str, str, str, str, str]:
    """(full name, first name, surname, gender, origin)."""
    origin = _weighted(rng, _ORIGINS, _ORIGIN_CUM)
    first, gender = _pick(rng, P.FIRST_NAMES[origin])
    surname = _pick(rng, P.SURNAMES[origin])
    if gender == "f" and origin == "polish" and surname.endswith(("ski", "cki")):
        surname = surname[:-1] + "a"
    if rng.random() < 0.04:  # double-barrelled surname across origins
        surname = f"{surname}-{_pick(rng, P.SURNAMES[_weighted(rng, _ORIGINS, _ORIGIN_CUM)])}"
    return f"{first} {surname}", first, surname, gender, origin


def _email_local(rng: random.Random, first: str, surname: str) -> str:
    """Mailbox name in one of the usual patterns."""
    f, s = slugify(first, 30).replace("-", ""), slugify(surname, 40)
    style = int(rng.random() * 4)
    if style == 0:
        return f"{f}.{s}"
    if style == 1:
        return f"{f[0]}.{s}"
    return s if style == 2 else f"{f}_{s}"


def _contact(c: Corpus, seq: int) -> tuple[Record, Builder]:
    """A German contact (person) and a builder for its English version."""
    rng = c.rng
    rand = rng.random
    org = c.recent_org()
    name, first, surname, gender, origin = _person(rng)
    cid = f"{slugify(name)}-{seq}"
    pos = _pick(rng, P.POSITIONS)
    position = (pos[0] if gender == "m" else pos[1], pos[2])
    resp = list(dict.fromkeys(
        RESP_BY_TOPIC[pos[3]][:1] + _some(rng, P.RESPONSIBILITIES, int(rand() * 3))))
    topics = list(dict.fromkeys([pos[3]] + [r[2] for r in resp]))[:3]
    groups = _some(rng, GROUP_CODES, 1 + int(rand() * 2))
    honorific = _pick(rng, P.HONORIFICS[gender]) if rand() < 0.35 else None
    title = name
    if honorific and "Dr" in honorific[0]:
        title = f"{'Prof. Dr.' if 'Prof' in honorific[0] else 'Dr.'} {name}"
    fields: Record = {}
    if rand() < 0.85:
        fields["phone"] = _phone(rng, org.place.area, mobile=rand() < 0.1)
    if rand() < 0.85:
        fields["email"] = f"{_email_local(rng, first, surname)}@{org.domain}"
    spoken = ["de", _pick(rng, P.ORIGIN_LANGUAGES[origin])]
    if rand() < 0.5 and spoken[1] != "en":
        spoken.append("en")
    x = rand()
    visibility = "public" if x < 0.75 else "internal" if x < 0.95 else None
    tags = _tags(rng, topics, [])
    plan = _paragraphs(rng, topics, (25, 70))
    life = _lifecycle(rng, cid)
    office = _pick(rng, OFFICE_HOURS)

    def build(lang: str) -> Record:
        de = lang == "de"
        i = 0 if de else 1
        summary = _end(f"{name} ist {position[0]} bei {org.title[0]}" if de
                       else f"{name} is {position[1]} at {org.title[1]}")
        facts = ["**Zuständig für:**" if de else "**Responsible for:**"]
        facts += [f"- {r[i]}" for r in resp]
        facts.append("\n**Kontakt:**  " if de else "\n**Contact:**  ")
        if "phone" in fields:
            facts.append(("Telefon: " if de else "Phone: ") + f"{fields['phone']}  ")
        if "email" in fields:
            facts.append(f"E-Mail: {fields['email']}  ")
        facts.append(org.title[i])
        facts.append(("\nSprechzeiten: " if de else "\nOffice hours: ") + office[i])
        rec: Record = {"id": cid, "type": "contact", "language": lang}
        if not de:
            rec["id"] = cid + "-en"
            rec["translation_of"] = cid
        rec.update(title=title, summary=summary, body=_body(lang, summary, plan, facts),
                   tags=_tag_list(tags, i), topics=topics, target_groups=groups,
                   regions=[org.place.region], name=name)
        if honorific:
            rec["honorific"] = honorific[i]
        rec["position"] = position[i]
        rec["organisation"] = org.id
        rec.update(fields)
        rec["responsibilities"] = [r[i] for r in resp]
        rec["languages_spoken"] = spoken
        if visibility:
            rec["visibility"] = visibility
        rec.update(life)
        return rec

    c.contacts.append(cid)
    c.contacts_by_org.setdefault(org.id, []).append(cid)
    return build("de"), build


# ---------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------

AMOUNTS = {
    "award": (1000, 2500, 5000, 10000),
    "loan": (25000, 50000, 100000, 150000),
    "default": (2500, 5000, 10000, 15000, 25000, 50000, 100000, 250000, 500000),
}
DEADLINE_OFFSETS = (0, 0, 7, 14, 30)
FUNDER_KINDS = ("authority", "foundation", "network", "other")


def _programme_dates(rng: random.Random) -> dict[str, int]:
    """Day numbers for open_from / open_until / deadline spread over 2025–2028."""
    rand = rng.random
    out: dict[str, int] = {}
    start = D2025 + int(rand() * 3 * 365)
    x = rand()
    if x < 0.75:
        out["open_from"] = start
        if rand() < 0.85:
            until = min(start + 30 + int(rand() * 510), D2028_END)
            out["open_until"] = until
            if rand() < 0.6:
                out["deadline"] = until - _pick(rng, DEADLINE_OFFSETS)
    elif x < 0.9:
        out["deadline"] = start
    return out


def _programme_facts(lang: str, funder: str, kinds: list[str], eligible: list[str],
                     amount: int | None, days: dict[str, int], place: Place) -> list[str]:
    """The "at a glance" block of a programme."""
    de = lang == "de"
    i = 0 if de else 1
    dates = DE_DATE if de else EN_DATE
    facts = ["**Auf einen Blick**" if de else "**At a glance**",
             ("- Fördergeber: " if de else "- Funder: ") + (funder or "–"),
             ("- Art der Förderung: " if de else "- Type of funding: ")
             + _labels(kinds, P.FUNDING_KINDS, i),
             ("- Antragsberechtigt: " if de else "- Eligible: ") + _labels(eligible, P.GROUPS, i)]
    if amount is not None:
        facts.append(("- Förderhöhe: bis zu " if de else "- Amount: up to ") + _euro(amount, lang))
    if "open_from" in days:
        until = dates[days["open_until"]] if "open_until" in days else (
            "laufend" if de else "ongoing")
        facts.append(("- Antragszeitraum: " if de else "- Application period: ")
                     + f"{dates[days['open_from']]} – {until}")
    if "deadline" in days:
        facts.append(("- Antragsfrist: " if de else "- Deadline: ") + dates[days["deadline"]])
    facts.append("- Region: " + place.labels[i])
    return facts


def _programme(c: Corpus, seq: int) -> tuple[Record, Builder]:
    """A German funding programme and a builder for its English version."""
    rng = c.rng
    rand = rng.random
    tpl = _weighted(rng, P.PROGRAMME_TEMPLATES, _PROG_CUM)
    de_tpl, en_tpl, base_kinds, level, base_topics, base_eligible = tpl
    place = _place(rng, level)
    days = _programme_dates(rng)
    year = int(ISO[days.get("open_from", days.get("deadline", D_REF))][:4])
    titles = (_title(de_tpl, place, 0, year), _title(en_tpl, place, 1, year))
    pid = f"{slugify(titles[0])}-{seq}"
    funders = c.orgs_near(place, 1 + int(rand() * 2), kinds=FUNDER_KINDS)
    kinds = _pick_codes(rng, base_kinds, KIND_CODES, extra=0.15)
    eligible = _pick_codes(rng, base_eligible, GROUP_CODES, extra=0.4)
    topics = _pick_codes(rng, base_topics, TOPIC_CODES, extra=0.3)
    groups = _pick_codes(rng, [_pick(rng, base_eligible)], GROUP_CODES, extra=0.5)
    fields: Record = {"funders": funders, "funding_kinds": kinds, "eligible": eligible}
    amount = None
    if rand() < 0.75:
        amount = _pick(rng, AMOUNTS.get(kinds[0], AMOUNTS["default"]))
        fields["amount_max_eur"] = amount
    for key, d in days.items():
        fields[key] = ISO[d]
    if rand() < 0.6:
        stem = slugify(titles[0], 40)
        host = _pick(rng, ("foerderportal.example.org", "antrag.example.net",
                           f"www.{_domain_stem(de_tpl, place)}.example.com"))
        fields["application_url"] = f"https://{host}/antrag/{stem}"
    contacts = c.contacts_for(funders, int(rand() * 3))
    if contacts:
        fields["contacts"] = contacts
    kw = _pick(rng, P.KEYWORDS[topics[0]])
    tags = _tags(rng, topics, [])
    regions = _regions(rng, place)
    plan = _paragraphs(rng, topics, (40, 90))
    life = _lifecycle(rng, pid)
    funder_orgs = [c.org_by_id[f] for f in funders]

    def build(lang: str) -> Record:
        de = lang == "de"
        i = 0 if de else 1
        funder = _join([o.title[i] for o in funder_orgs], lang)
        summary = (f"Mit dem Programm „{titles[0]}“ fördert {funder} Vorhaben im Bereich {kw[0]}."
                   if de else f"Through \"{titles[1]}\", {funder} supports work on {kw[1]}.")
        facts = _programme_facts(lang, funder, kinds, eligible, amount, days, place)
        rec: Record = {"id": pid, "type": "programme", "language": lang}
        if not de:
            rec["id"] = pid + "-en"
            rec["translation_of"] = pid
        rec.update(title=titles[i], summary=summary, body=_body(lang, summary, plan, facts),
                   tags=_tag_list(tags, i), topics=topics, target_groups=groups, regions=regions)
        rec.update(fields)
        rec.update(life)
        return rec

    c.programmes_by_region.setdefault(place.region, []).append(pid)
    c.programmes.append(pid)
    return build("de"), build


# ---------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------

DURATIONS = (364, 729, 1094, 1460)


def _project_dates(rng: random.Random) -> tuple[int, int | None, str | None]:
    """Start and end day numbers and the status on REF_DATE."""
    rand = rng.random
    start = D2018 + int(rand() * (D2028_END - 365 - D2018))
    end = None
    if rand() < 0.85:
        end = min(start + _pick(rng, DURATIONS) + int(rand() * 30) - 15, D2028_END)
    status = None
    if rand() < 0.95:
        status = ("planned" if start > D_REF else
                  "completed" if end is not None and end < D_REF else "running")
    return start, end, status


def _project(c: Corpus, seq: int) -> tuple[Record, Builder]:
    """A German project and a builder for its English version."""
    rng = c.rng
    rand = rng.random
    lead = c.recent_org()
    place = lead.place if lead.place.name else _place(rng, "city")
    de_tpl, en_tpl, base_topics, base_groups = _pick(rng, P.PROJECT_TEMPLATES)
    start, end, status = _project_dates(rng)
    titles = (_title(de_tpl, place, 0), _title(en_tpl, place, 1))
    if end is not None and rand() < 0.15:
        span = f" ({ISO[start][:4]}–{ISO[end][:4]})"
        titles = (titles[0] + span, titles[1] + span)
    jid = f"{slugify(titles[0])}-{seq}"
    fields: Record = {"organisation": lead.id}
    partners = c.orgs_near(place, int(rand() * 4), exclude=lead.id)
    if partners:
        fields["partners"] = partners
    programmes = c.programmes_for(place, _pick(rng, (0, 1, 1, 2)))
    if programmes:
        fields["programmes"] = programmes
    contacts = c.contacts_for([lead.id], int(rand() * 4))
    if contacts:
        fields["contacts"] = contacts
    fields["start"] = ISO[start]
    if end is not None:
        fields["end"] = ISO[end]
    if status:
        fields["status"] = status
    topics = _pick_codes(rng, base_topics, TOPIC_CODES)
    groups = _pick_codes(rng, base_groups, GROUP_CODES, extra=0.3)
    grp, act = _pick(rng, P.GROUP_PHRASES), _pick(rng, P.ACTIVITIES)
    tags = _tags(rng, topics, [place.postal_city])
    plan = _paragraphs(rng, topics, (40, 100))
    life = _lifecycle(rng, jid)
    partner_orgs = [c.org_by_id[p] for p in partners]

    def build(lang: str) -> Record:
        de = lang == "de"
        i = 0 if de else 1
        dates = DE_DATE if de else EN_DATE
        summary = (f"Das Projekt „{titles[0]}“ von {lead.title[0]} unterstützt {grp[0]} "
                   f"bei {act[0]}." if de else
                   f"The project \"{titles[1]}\" run by {lead.title[1]} supports {grp[1]} "
                   f"with {act[1]}.")
        facts = ["**Projektsteckbrief**" if de else "**Project profile**",
                 ("- Träger: " if de else "- Lead organisation: ") + lead.title[i]]
        if partner_orgs:
            facts.append(("- Partner: " if de else "- Partners: ")
                         + "; ".join(o.title[i] for o in partner_orgs))
        until = dates[end] if end is not None else ("offen" if de else "open-ended")
        facts.append(("- Laufzeit: " if de else "- Duration: ") + f"{dates[start]} – {until}")
        if status:
            facts.append("- Status: " + P.STATUS_LABELS[status][i])
        facts.append(("- Zielgruppen: " if de else "- Target groups: ")
                     + _labels(groups, P.GROUPS, i))
        facts.append("- Region: " + place.labels[i])
        rec: Record = {"id": jid, "type": "project", "language": lang}
        if not de:
            rec["id"] = jid + "-en"
            rec["translation_of"] = jid
        rec.update(title=titles[i], summary=summary, body=_body(lang, summary, plan, facts),
                   tags=_tag_list(tags, i), topics=topics, target_groups=groups,
                   regions=[place.region])
        rec.update(fields)
        rec.update(life)
        return rec

    return build("de"), build


BUILDERS: dict[str, Callable[[Corpus, int], tuple[Record, Builder]]] = {
    "organisation": _organisation,
    "contact": _contact,
    "programme": _programme,
    "project": _project,
}


def generate(count: int, seed: int = 1) -> Iterator[Record]:
    """Yield ``count`` exchange records; the same ``(count, seed)`` gives the same records.

    The type mix is fixed per block of 20 (3 organisations, 8 contacts, 4 programmes,
    5 projects); about 10 % of the slots carry the English translation of an earlier
    German record of the same type. Every reference (organisation, parent, partners,
    programmes, contacts, funders, translation_of) points to a record yielded earlier.
    """
    corpus = Corpus(random.Random(seed))
    rand = corpus.rng.random
    # Originals picked for translation wait in a queue per type; the inflow share is
    # a little above the outflow share so the queue rarely runs dry.
    chosen = TRANSLATION_SHARE / (1 - TRANSLATION_SHARE) + 0.005
    pending = {t: deque[Builder]() for t in BUILDERS}
    for seq in range(count):
        kind = BLOCK[seq % len(BLOCK)]
        queue = pending[kind]
        if queue and rand() < TRANSLATION_SHARE:
            yield queue.popleft()("en")
            continue
        record, builder = BUILDERS[kind](corpus, seq + 1)
        if rand() < chosen:
            queue.append(builder)
        yield record


# ---------------------------------------------------------------------------
# Query workload
# ---------------------------------------------------------------------------

_ALL_KEYWORDS = [kw for kws in P.KEYWORDS.values() for kw in kws]


def _typo(rng: random.Random, word: str) -> str:
    """Misspell ``word``: swap, drop or double a letter, or flatten umlauts."""
    if any(ch in word for ch in "äöüÄÖÜß") and rng.random() < 0.5:
        return word.translate(str.maketrans("äöüÄÖÜß", "aouAOUs"))
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:] if op == 1 else word[:i] + word[i] + word[i:]


def _query_text(rng: random.Random) -> tuple[str, str]:
    """One query string and its language."""
    kind = rng.random()
    place = _place(rng, "city")
    if kind < 0.08:  # English
        words = [rng.choice(_ALL_KEYWORDS)[1], place.cities[1]]
        if rng.random() < 0.5:
            words.insert(0, rng.choice(P.QUERY_EXTRA_EN))
        return " ".join(words), "en"
    if kind < 0.3:  # keywords with a place
        words = [rng.choice(_ALL_KEYWORDS)[0]]
        if rng.random() < 0.5:
            words.append(rng.choice(P.QUERY_EXTRA_DE))
        words.append(place.postal_city)
        return " ".join(words[: rng.randrange(1, 5)]), "de"
    if kind < 0.45:  # keyword only or two keywords
        words = [rng.choice(_ALL_KEYWORDS)[0] for _ in range(rng.randrange(1, 3))]
        return " ".join(words), "de"
    if kind < 0.6:  # person names
        name, _, surname, gender, _ = _person(rng)
        x = rng.random()
        if x < 0.4:
            return surname, "de"
        return (name, "de") if x < 0.8 else (f"{'Frau' if gender == 'f' else 'Herr'} {surname}",
                                             "de")
    if kind < 0.68:  # phone fragment
        digits = str(rng.randrange(1000, 99999))
        return rng.choice((f"{place.area} {digits}", digits, f"+49 {place.area[1:]}")), "de"
    if kind < 0.78:  # quoted phrase
        phrase = rng.choice(P.PROJECT_TEMPLATES)[0].replace(" {c}", "")
        return f"\"{phrase}\"", "de"
    if kind < 0.88:  # typo
        words = [rng.choice(_ALL_KEYWORDS)[0].split()[0], place.postal_city]
        j = rng.randrange(len(words))
        words[j] = _typo(rng, words[j])
        return " ".join(words), "de"
    # abbreviation with a place or an organisation name
    if rng.random() < 0.5:
        return f"{rng.choice(P.ABBREVIATIONS)} {place.postal_city}", "de"
    tpl = rng.choice([t for t in P.ORG_TEMPLATES if t[3] == "city"])[0]
    return _title(tpl, place, 0), "de"


GENERIC_FACETS = ("topics", "target_groups", "regions", "state", "language")
TYPE_FACETS = {
    "organisation": ("org_kind",),
    "contact": ("languages_spoken",),
    "project": ("status",),
    "programme": ("funding_kinds", "eligible"),
}


def _facet_value(rng: random.Random, facet: str) -> list[str]:
    """A realistic value list for one facet."""
    if facet == "topics":
        return rng.sample(TOPIC_CODES, rng.choice((1, 1, 2)))
    if facet in ("target_groups", "eligible"):
        return [rng.choice(GROUP_CODES)]
    if facet == "regions":
        place = _place(rng, "city")
        return [place.region if rng.random() < 0.5 else f"DE-{place.state}"]
    if facet == "status":
        return [rng.choice(list(P.STATUS_LABELS))]
    if facet == "funding_kinds":
        return [rng.choice(KIND_CODES)]
    if facet == "org_kind":
        return [rng.choice(P.ORG_KINDS)]
    if facet == "languages_spoken":
        return [rng.choice(("ar", "tr", "uk", "ru", "fa", "pl", "en"))]
    if facet == "state":
        return [rng.choice(("published", "pending", "archived"))]
    return [rng.choice(("de", "en"))]


def _filters(rng: random.Random) -> dict[str, list[str]]:
    """1–3 consistent facet filters (a type-specific facet comes with its type)."""
    kind = rng.choice((None, None, *BUILDERS))
    out: dict[str, list[str]] = {"type": [kind]} if kind else {}
    options = GENERIC_FACETS + TYPE_FACETS.get(kind or "", ())
    for facet in rng.sample(options, rng.randrange(0 if kind else 1, 3)):
        out[facet] = _facet_value(rng, facet)
    return out


def queries(count: int, seed: int = 1) -> list[dict[str, object]]:
    """A mixed search workload: ``{"q", "lang", "filters"}``, ~40 % with facet filters."""
    rng = random.Random(seed * 7919 + 17)
    out: list[dict[str, object]] = []
    for _ in range(count):
        q, lang = _query_text(rng)
        if not q.startswith('"'):
            q = " ".join(q.split()[:4])
        filters = _filters(rng) if rng.random() < 0.4 else {}
        out.append({"q": q, "lang": lang, "filters": filters})
    return out


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def write_jsonl(records: Iterator[Record] | list[dict[str, object]], path: Path) -> int:
    """Write records as JSON Lines (UTF-8); returns the number written."""
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        buf: list[str] = []
        for rec in records:
            buf.append(dumps(rec))
            n += 1
            if len(buf) >= 2000:
                fh.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")
    return n


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000, help="number of records")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="records file (.jsonl)")
    ap.add_argument("--queries", type=int, default=0, help="number of queries")
    ap.add_argument("--out-queries", type=Path, help="queries file (.jsonl)")
    args = ap.parse_args(argv)
    if args.out:
        t0, c0 = time.perf_counter(), time.process_time()
        n = write_jsonl(generate(args.count, args.seed), args.out)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = args.out.stat().st_size / 1e6
        print(f"{n} records, {size:.1f} MB in {secs:.2f} s: {n / secs:,.0f} records/s "
              f"({n / max(cpu, 1e-9):,.0f} records/s of CPU time) -> {args.out}", file=sys.stderr)
    if args.queries and args.out_queries:
        n = write_jsonl(queries(args.queries, args.seed), args.out_queries)
        print(f"{n} queries -> {args.out_queries}", file=sys.stderr)
    elif args.queries:
        ap.error("--queries needs --out-queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
