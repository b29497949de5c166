"""Exchange records -> IndexDocument, a small stand-in for the app's converter (bench/dev only)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from search_index.documents import IndexDocument

STATES = {
    "DE-BW": "Baden-Württemberg", "DE-BY": "Bayern", "DE-BE": "Berlin", "DE-BB": "Brandenburg",
    "DE-HB": "Bremen", "DE-HH": "Hamburg", "DE-HE": "Hessen", "DE-MV": "Mecklenburg-Vorpommern",
    "DE-NI": "Niedersachsen", "DE-NW": "Nordrhein-Westfalen", "DE-RP": "Rheinland-Pfalz",
    "DE-SL": "Saarland", "DE-SN": "Sachsen", "DE-ST": "Sachsen-Anhalt",
    "DE-SH": "Schleswig-Holstein", "DE-TH": "Thüringen", "DE": "Deutschland",
}
_MD = re.compile(r"[*_#>`\[\]]+")


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _stamp(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _places(rec: dict) -> tuple[str, ...]:
    out = []
    for region in rec.get("regions", ()):
        state, _, city = region.partition("/")
        out.extend(x for x in (city, STATES.get(state, "")) if x)
    address = rec.get("address") or {}
    out.extend(x for x in (address.get("street"), address.get("city")) if x)
    return tuple(dict.fromkeys(out))


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def convert(records: Iterable[dict]) -> Iterator[IndexDocument]:
    """Convert records in file order (references point backwards, titles are remembered)."""
    titles: dict[str, str] = {}
    for rec in records:
        titles[rec["id"]] = rec["title"]
        yield to_document(rec, titles)


def to_document(rec: dict, titles: dict[str, str]) -> IndexDocument:
    """Convert one exchange record."""
    refs = [rec.get(k) for k in ("organisation", "parent")]
    refs += [*rec.get("partners", ()), *rec.get("programmes", ()), *rec.get("funders", ())]
    related = tuple(titles[r] for r in refs if r and r in titles)
    kind = rec["type"]
    names = (rec["name"], rec.get("honorific", "")) if kind == "contact" else (rec["title"],)
    return IndexDocument(
        id=rec["id"], type=kind, language=rec["language"],
        group=rec.get("translation_of") or rec["id"], version=1, title=rec["title"],
        summary=rec.get("summary", ""), body=_MD.sub("", rec.get("body", "")),
        tags=tuple(rec.get("tags", ())), names=tuple(n for n in names if n),
        position=rec.get("position", ""), responsibilities=tuple(rec.get("responsibilities", ())),
        related=related, places=_places(rec), emails=tuple(_as_list(rec.get("email"))),
        phones=tuple(_as_list(rec.get("phone"))), topics=tuple(rec.get("topics", ())),
        target_groups=tuple(rec.get("target_groups", ())), regions=tuple(rec.get("regions", ())),
        funding_kinds=tuple(rec.get("funding_kinds", ())), eligible=tuple(rec.get("eligible", ())),
        org_kind=rec.get("org_kind"), project_status=rec.get("status"),
        open_from=_date(rec.get("open_from")), open_until=_date(rec.get("open_until")),
        deadline=_date(rec.get("deadline")), state=rec.get("state", "private"),
        effective=_date(rec.get("effective")), expires=_date(rec.get("expires")),
        visibility=rec.get("visibility", "internal" if kind == "contact" else "public"),
        created=_stamp(rec.get("created")), modified=_stamp(rec.get("modified")),
    )
