"""Stand-in corpus when bench/generate_corpus.py is unavailable: dev records, varied."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "every_field.jsonl"
CITIES = [("DE-NW", "Bottrop"), ("DE-NW", "Köln"), ("DE-BY", "München"), ("DE-BE", "Berlin"),
          ("DE-HH", "Hamburg"), ("DE-NI", "Osnabrück"), ("DE-SN", "Dresden"), ("DE-HE", "Kassel")]
WORDS = [
    "Integration", "Beratung", "Anerkennung", "Sprachkurs", "Ausbildung", "Qualifizierung",
    "Netzwerk", "Förderung", "Migrantenorganisation", "Ehrenamt", "Gesundheit", "Wohnen",
    "Arbeitsmarkt", "Jugend", "Familie", "Frauen", "Geflüchtete", "Teilhabe", "Kommune",
    "Zuwanderung", "Mentoring", "Lotsen", "Vielfalt", "Antidiskriminierung",
]


def generate(count: int, seed: int = 1) -> Iterator[dict]:
    """Yield `count` varied exchange records."""
    rng = random.Random(seed)
    kinds = ["organisation", "contact", "project", "programme"]
    for i in range(count):
        kind = kinds[i % 4]
        state, city = rng.choice(CITIES)
        words = rng.sample(WORDS, 6)
        body = " ".join(f"{w} in {city} für {rng.choice(WORDS)}." for w in rng.sample(WORDS, 12))
        rec = {"id": f"r{i}", "type": kind, "language": "de" if i % 10 else "en",
               "title": f"{words[0]} {words[1]} {city}", "summary": " ".join(words[2:]),
               "body": body, "regions": [f"{state}/{city}"], "state": "published",
               "topics": [rng.choice(["labour", "language", "health", "housing"])],
               "modified": f"2026-0{1 + i % 9}-01T00:00:00Z"}
        if kind == "contact":
            rec.update(name=f"Person {i}", visibility=rng.choice(["public", "internal"]),
                       phone=f"+49 {2000 + i % 900} {100000 + i}")
        yield rec


def queries(count: int, seed: int = 1) -> list[dict]:
    """Return a query mix of one to three words, some with filters."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        q = " ".join(rng.sample(WORDS, 1 + i % 3))
        filters = {"type": [rng.choice(["project", "programme"])]} if i % 4 == 0 else {}
        out.append({"q": q, "lang": "de", "filters": filters})
    return out


if __name__ == "__main__":
    print(json.dumps(next(generate(1)), ensure_ascii=False))
