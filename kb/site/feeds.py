"""Machine-readable faces: Atom feeds, the deadline calendar, sitemap, OpenSearch, robots.

Every one of them is built for the public audience, even when a signed-in reader asks:
they are cached and shared (feed readers, calendar subscriptions, crawlers, proxies), so
they must never carry what only staff may see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, g, request, url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import func, select

from kb.browse.queries import in_reader_language, visible_in_order
from kb.content.models import Article, Programme
from kb.content.visibility import visible_clause
from kb.core.permissions import Role, audience_for
from kb.core.templating import type_label
from kb.extensions import db
from kb.search import service
from kb.search.params import ParameterError, parse_search_args
from kb.search.sync import latest_event
from kb.site import xmlfiles
from kb.site.programmes import closing_column, closing_date
from kb.site.searching import search_args
from search_index import Audience, SearchRequest

FEED_SIZE = 50
# A calendar app shows what is coming; a subscription of thousands of events helps nobody.
MAX_CALENDAR_EVENTS = 1000
CACHE_SECONDS = 600
# Calendar apps drop events a subscription no longer lists: keep a year of past deadlines.
PAST_DEADLINE_DAYS = 365


def public_audience() -> Audience:
    """Return the audience every shared, cached channel is built for."""
    return audience_for(Role.public)


def shared_response(body: str | bytes, mimetype: str) -> Response:
    """Answer with a publicly cacheable body that supports conditional requests."""
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.add_etag()
    return response.make_conditional(request)


class KeptBodies:
    """Bodies of the big shared channels, kept compressed until the content changes.

    The calendar and the sitemap list thousands of articles: seconds to build at 100,000
    articles, and the same for every reader until an edit (each edit writes a change event,
    so the latest event's number tells) or a new day (publication windows, "past"
    deadlines). Kept per process, compressed (XML shrinks about tenfold), at most a few.
    """

    def __init__(self, entries: int = 8):
        self._entries: OrderedDict[tuple, tuple[bytes, str]] = OrderedDict()
        self._limit = entries
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, str] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, compressed: bytes, etag: str) -> None:
        with self._lock:
            self._entries[key] = (compressed, etag)
            while len(self._entries) > self._limit:
                self._entries.popitem(last=False)


def kept_response(build: Callable[[], bytes | str], mimetype: str) -> Response:
    """Answer like shared_response, building the body only when the content changed."""
    key = (request.endpoint, tuple(sorted((request.view_args or {}).items())), g.get("lang"),
           request.host_url, request.query_string, public_audience().today, latest_event())
    kept = current_app.extensions.setdefault("kb_kept_bodies", KeptBodies())  # one per app
    found = kept.get(key)
    if found is None:
        body = build()
        body = body.encode() if isinstance(body, str) else body
        found = (zlib.compress(body, 6), hashlib.sha1(body).hexdigest())
        kept.put(key, *found)
    compressed, etag = found
    response = Response(zlib.decompress(compressed), mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.set_etag(etag)
    return response.make_conditional(request)


def _aware(value: dt.datetime | None) -> dt.datetime:
    """Stored times are naive UTC; feed libraries want them aware."""
    return (value or dt.datetime(2000, 1, 1)).replace(tzinfo=dt.UTC)


def _absolute(article: Article) -> str:
    return url_for("browse.article", type=article.type, id=article.id, _external=True)


def _atom(articles: list[Article], title: str, self_url: str, alternate: str) -> bytes:
    """Build an Atom document; entries are the articles in the order given."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": current_app.config.get("KB_OPERATOR_NAME") or title})
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.language(g.lang)
    feed.updated(max((_aware(a.modified) for a in articles), default=_aware(None)))
    for article in articles:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:kb:article:{article.id}")
        entry.title(article.title)
        entry.link(href=_absolute(article), rel="alternate", type="text/html")
        entry.published(_aware(article.created))
        entry.updated(_aware(article.modified))
        entry.category(term=article.type, label=type_label(article.type))
        if article.summary:
            entry.summary(article.summary)
    return feed.atom_str(pretty=True)


def article_feed() -> Response:
    """Atom feed of new and changed published articles, newest first."""
    audience = public_audience()
    request_ = SearchRequest(text="", lang=g.lang, sort="newest", per_page=FEED_SIZE)
    hits = service.search(request_, audience).hits
    articles = visible_in_order(Article, [hit.id for hit in hits], audience)
    title = _("Neu und geändert – Wissensdatenbank Migration und Integration")
    body = _atom(articles, title, url_for("site.feed", _external=True),
                 url_for("browse.home", _external=True))
    return shared_response(body, "application/atom+xml")


def search_feed() -> Response:
    """Atom feed of one search (newest first unless the URL asks for another order)."""
    args = search_args(request.args, per_page=FEED_SIZE)
    if not args.get("sort"):
        args["sort"] = "newest"
    args["page"] = "1"
    try:
        search = parse_search_args(args)
    except ParameterError as error:
        return Response(f"{error.field}: {error.message}\n", 400, mimetype="text/plain")
    hits = service.search(search, public_audience()).hits
    articles = visible_in_order(Article, [hit.id for hit in hits], public_audience())
    query = request.query_string.decode()
    title = _("Suche: %(query)s", query=search.text) if search.text else _("Suche")
    self_url = url_for("site.search_feed", _external=True) + (f"?{query}" if query else "")
    alternate = url_for("site.search", _external=True) + (f"?{query}" if query else "")
    return shared_response(_atom(articles, title, self_url, alternate), "application/atom+xml")


def deadline_programmes(audience: Audience, lang: str,
                        limit: int = MAX_CALENDAR_EVENTS) -> list[Programme]:
    """Return visible programmes with a closing date from a year ago on, soonest first.

    At most `limit`: the coming deadlines first, then the most recent past ones.
    """
    closes = closing_column()
    today = audience.today
    since = today - dt.timedelta(days=PAST_DEADLINE_DAYS)
    query = select(Programme).where(
        visible_clause(audience, Programme), in_reader_language(audience, lang, Programme),
        closes.is_not(None))
    coming = list(db.session.scalars(
        query.where(closes >= today).order_by(closes, func.lower(Programme.title)).limit(limit)))
    past = list(db.session.scalars(
        query.where(closes >= since, closes < today)
        .order_by(closes.desc(), func.lower(Programme.title)).limit(limit - len(coming))))
    return past[::-1] + coming


def deadlines() -> Response:
    """iCalendar feed: one all-day event on each programme's last day for applications."""
    response = kept_response(_calendar, "text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="fristen.ics"'
    return response


def _calendar() -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kb//Wissensdatenbank Migration und Integration//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Fristen der Förderprogramme"))
    host = request.host.split(":")[0]
    for programme in deadline_programmes(public_audience(), g.lang):
        day = closing_date(programme)
        event = Event()
        event.add("uid", f"{programme.group_id}-deadline@{host}")
        event.add("dtstamp", _aware(programme.modified))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", _("Antragsfrist: %(title)s", title=programme.title))
        event.add("url", _absolute(programme))
        event.add("transp", "TRANSPARENT")
        if programme.summary:
            event.add("description", programme.summary)
        calendar.add_component(event)
    return calendar.to_ical()


def sitemap() -> Response:
    """sitemap.xml: every public page, each article version with its language alternates;
    an index of sitemap files when there are more than one file may hold."""
    return _sitemap_response(0)


def sitemap_file(number: int) -> Response:
    """One file of a sitemap index (/sitemap-1.xml, ...)."""
    if number < 1:
        abort(404)
    return _sitemap_response(number)


def _sitemap_response(number: int) -> Response:
    per_file = current_app.config.get("KB_SITEMAP_URLS_PER_FILE", xmlfiles.SITEMAP_MAX_URLS)
    response = kept_response(
        lambda: xmlfiles.sitemap(public_audience(), per_file, number), "application/xml")
    if response.status_code == 200 and not response.get_data():
        abort(404)  # a file number past the last
    return response


def opensearch() -> Response:
    """OpenSearch description, so browsers can add the site's search (?lang=en for English)."""
    g.lang = request.args.get("lang") if request.args.get("lang") in ("de", "en") else "de"
    return shared_response(xmlfiles.opensearch(g.lang),
                           "application/opensearchdescription+xml")


def robots() -> Response:
    """robots.txt: crawl articles and lists, not the endless search or the staff areas."""
    lines = ["User-agent: *", "Disallow: /api/"]
    for lang in ("de", "en"):
        lines += [f"Disallow: /{lang}/search", f"Disallow: /{lang}/edit/",
                  f"Disallow: /{lang}/admin/", f"Disallow: /{lang}/login"]
    lines += ["", f"Sitemap: {url_for('site_root.sitemap', _external=True)}", ""]
    return shared_response("\n".join(lines), "text/plain")
