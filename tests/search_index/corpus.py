"""A small hand-made corpus that exercises every rule of the engine."""

from __future__ import annotations

import datetime as dt

from search_index import Audience, IndexDocument

TODAY = dt.date(2026, 11, 1)
PUBLIC = Audience(today=TODAY)
STAFF = Audience(include_internal=True, today=TODAY)
EDITOR = Audience(include_internal=True, include_unpublished=True, today=TODAY)


def doc(id: str, **kw) -> IndexDocument:
    """Return a published German document with defaults."""
    base = {"type": "project", "language": "de", "group": id, "version": 1, "title": id,
            "state": "published", "modified": dt.datetime(2026, 1, 1)}
    base.update(kw)
    return IndexDocument(id=id, **base)


def corpus() -> list[IndexDocument]:
    """Return the test documents."""
    d = dt.date
    return [
        doc("kim-bottrop", title="Kommunales Integrationsmanagement Bottrop",
            summary="Integration in Bottrop <b>stark</b> & fair", regions=("DE-NW/Bottrop",),
            topics=("participation",), project_status="running",
            modified=dt.datetime(2026, 5, 1)),
        doc("kim-bottrop-en", language="en", group="kim-bottrop",
            title="Municipal integration management Bottrop", summary="Integration in Bottrop",
            regions=("DE-NW/Bottrop",), topics=("participation",), project_status="running"),
        doc("anerkennung-koeln", type="organisation", title="Anerkennungsberatung Köln",
            summary="Beratung zur Anerkennung ausländischer Abschlüsse", places=("Köln",),
            regions=("DE-NW/Köln",), topics=("recognition",), org_kind="association"),
        doc("aylin", type="contact", title="Aylin Demirtas", names=("Aylin Demirtas",),
            responsibilities=("Anerkennung ausländischer Berufsabschlüsse",),
            related=("Anerkennungsberatung Köln",), places=("Köln",), regions=("DE-NW/Köln",),
            phones=("+49 221 1234567",), emails=("aylin@example.org",), visibility="public",
            languages_spoken=("de", "tr")),
        doc("geheim", type="contact", title="Gerda Geheimrat", names=("Gerda Geheimrat",),
            summary="Zauberwort Anerkennung", regions=("DE-BY/München",), visibility="internal"),
        doc("entwurf", title="Entwurf Quastenflosser", summary="Anerkennung", state="private",
            regions=("DE-BE",), topics=("housing",)),
        doc("abgelaufen", title="Abgelaufen Anerkennung", expires=d(2026, 1, 1),
            regions=("DE-BE",)),
        doc("prog-open", type="programme", title="Förderprogramm Teilhabe",
            open_from=d(2026, 1, 1), deadline=d(2026, 12, 31), funding_kinds=("grant",),
            regions=("DE-NW",), eligible=("municipalities",)),
        doc("prog-soon", type="programme", title="Förderprogramm Zukunft",
            open_from=d(2027, 1, 1), deadline=d(2027, 3, 1), funding_kinds=("grant",),
            regions=("DE-BY",)),
        doc("prog-closed", type="programme", title="Förderprogramm Gestern",
            open_from=d(2025, 1, 1), deadline=d(2025, 6, 1), funding_kinds=("loan",),
            regions=("DE-NW/Köln",)),
        doc("projekt-alt", title="Sprachcafé Essen", summary="Deutsch lernen im Café",
            project_status="completed", regions=("DE-NW/Essen",),
            modified=dt.datetime(2020, 1, 1)),
    ]
