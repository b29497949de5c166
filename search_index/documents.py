"""Plain values the application hands to the search engine.

The engine never imports the application: everything it needs to index,
rank, filter, facet and check permissions arrives in these dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexDocument:
    """One article version as the index sees it (one per language version)."""

    id: str
    type: str  # organisation | contact | project | programme
    language: str  # de | en
    group: str  # translation group: the id of the original (its own id if it is one)
    version: int  # the article's version counter; lets a node compare index and database
    title: str
    summary: str = ""
    body: str = ""  # plain text (Markdown already reduced to text by the app)
    tags: tuple[str, ...] = ()
    # People and names: a contact's name, honorific and position; an organisation's title
    names: tuple[str, ...] = ()
    position: str = ""
    responsibilities: tuple[str, ...] = ()
    # Titles of referenced articles (a contact's organisation, a project's lead,
    # partners and programmes, a programme's funders), so "Ansprechpartner KIM Bottrop"
    # finds a contact through its organisation.
    related: tuple[str, ...] = ()
    # Address, city names and other place words (region labels: "Köln", "Nordrhein-Westfalen")
    places: tuple[str, ...] = ()
    # Labels of the entry's vocabulary codes (type, topics, target groups...) in German and
    # English: searchable like related titles, so English words find German-only entries
    labels: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # as entered or E.164; the engine normalizes digits
    # Controlled vocabularies (codes, see the exchange schema)
    topics: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # DE, DE-NW, DE-NW/Bottrop (the engine adds the parent state)
    funding_kinds: tuple[str, ...] = ()
    eligible: tuple[str, ...] = ()
    org_kind: str | None = None
    languages_spoken: tuple[str, ...] = ()  # contacts: ISO 639 codes ("de", "ar"); a filter
    project_status: str | None = None  # planned | running | completed (projects only)
    # Programme dates: open/upcoming/closed is computed at query time from these
    open_from: dt.date | None = None
    open_until: dt.date | None = None
    deadline: dt.date | None = None
    # Visibility
    state: str = "private"  # private | pending | published | archived
    effective: dt.date | None = None
    expires: dt.date | None = None
    visibility: str = "public"  # contacts: public | internal; other types are always public
    created: dt.datetime | None = None
    modified: dt.datetime | None = None


@dataclass(frozen=True)
class Audience:
    """Who is asking: the permission part of every query.

    The engine applies it to hits, totals, facet counts and suggestions alike.
    """

    include_internal: bool = False  # signed-in staff see internal contacts
    include_unpublished: bool = False  # editors see private, pending and archived articles
    today: dt.date = field(default_factory=dt.date.today)


PUBLIC = Audience()
