"""Where a funding programme stands today: open, closing soon, upcoming or closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case

from kb.browse.queries import visible_in_order
from kb.content.models import Programme
from kb.search import service
from search_index import SearchRequest
from search_index.documents import Audience

# A programme closing within this many days is announced as "closes in N days".
CLOSING_SOON_DAYS = 30


@dataclass(frozen=True)
class ProgrammeStatus:
    """The status badge of a programme: its code, closing date and days left."""

    code: str  # open | closing | upcoming | closed
    closes: dt.date | None
    opens: dt.date | None
    days_left: int | None


def closing_date(programme: Programme) -> dt.date | None:
    """Return the last day for applications: the earlier of deadline and open_until."""
    ends = [d for d in (programme.open_until, programme.deadline) if d]
    return min(ends) if ends else None


def status_of(programme: Programme, today: dt.date | None = None) -> ProgrammeStatus:
    """Compute the status the way the search's status facet does (search_index/facets.py)."""
    today = today or dt.date.today()
    closes = closing_date(programme)
    if programme.open_from and today < programme.open_from:
        return ProgrammeStatus("upcoming", closes, programme.open_from, None)
    if closes and today > closes:
        return ProgrammeStatus("closed", closes, programme.open_from, None)
    days_left = (closes - today).days if closes else None
    code = "closing" if days_left is not None and days_left <= CLOSING_SOON_DAYS else "open"
    return ProgrammeStatus(code, closes, programme.open_from, days_left)


def closing_column():
    """SQL for closing_date(): the earlier of the two dates, either may be missing."""
    until, deadline = Programme.open_until, Programme.deadline
    return case(
        (until.is_(None), deadline),
        (deadline.is_(None), until),
        (until < deadline, until),
        else_=deadline,
    )


def closing_soon(audience: Audience, lang: str, limit: int = 5) -> list[Programme]:
    """Return open programmes the audience may see, the nearest closing date first.

    From the search index (see kb.browse.queries): programmes open today, by closing date.
    """
    request = SearchRequest(text="", lang=lang, filters={"type": ("programme",)},
                            open_on=audience.today, sort="deadline", per_page=limit)
    ids = [hit.id for hit in service.search(request, audience).hits]
    return [programme for programme in visible_in_order(Programme, ids, audience)
            if closing_date(programme) is not None]
