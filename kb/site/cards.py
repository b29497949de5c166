"""The blocks result lists repeat per hit: a search hit, a programme's status line, a
contact card.

Rendered in Python, not by Jinja: a search page shows up to a hundred hits, and a macro
call cost some 90 us (a new context, its gettext calls resolved through it), a hit's
template some 60 us, where these cost a tenth of that. What the cards of one page share
(language, catalogue, link patterns) is looked up once per page (Page): each lookup goes
through Flask's context-local proxies. Tests check the markup pages get.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import get_translations
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from kb.core import vocabularies as vocab
from kb.core.templating import (
    current_lang,
    id_url,
    id_url_pattern,
    long_date,
    needs_no_quoting,
    phone,
    tel_uri,
)
from kb.site.programmes import status_of

SUMMARY_CHARS = 240  # a hit without a snippet shows this much of its summary


class Page:
    """What the cards of one page share: its language, catalogue and link patterns."""

    def __init__(self):
        self.lang = current_lang()
        translations = get_translations()
        self.gettext, self.ngettext = translations.ugettext, translations.ungettext
        self._patterns: dict[tuple, tuple[str, str]] = {}

    def link(self, endpoint: str, id: str, **values) -> str:
        """Return id_url(endpoint, id, **values)."""
        if not needs_no_quoting(id):
            return id_url(endpoint, id, **values)
        key = (endpoint, *values.items())
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = self._patterns[key] = id_url_pattern(endpoint, **values)
        return pattern[0] + id + pattern[1]


def search_hits(hits, articles: dict) -> Markup:
    """Return a result list's items (see search_hit); `articles` holds the rows of the
    contacts and programmes among the hits that the reader may see, by id."""
    page = Page()
    return Markup("\n".join([search_hit(hit, articles.get(hit.id), page) for hit in hits]))


def search_hit(hit, article, page: Page) -> str:
    """Return one search result as a list item: type, title link, snippet, and the card of
    a contact or programme (`article`: its row the reader may see, or None)."""
    lang = f' lang="{escape(hit.language)}"' if hit.language != page.lang else ""
    kicker = escape(vocab.CONTENT_TYPES.label(hit.type, page.lang))
    if article is not None and article.type == "contact" and article.visibility != "public":
        kicker += Markup(f' · <span class="badge internal">{escape(page.gettext("intern"))}'
                         "</span>")
    link = escape(page.link("browse.article", hit.id, type=hit.type))
    parts = [f'<li class="hit"{lang}>', f'<p class="kicker">{kicker}</p>',
             f'<h3><a href="{link}">{escape(hit.title)}</a></h3>']
    if hit.snippet:  # safe HTML: the engine escaped the text and marked the query's words
        parts.append(f'<p class="snippet">{hit.snippet}</p>')
    elif hit.summary:
        summary = do_truncate(current_app.jinja_env, hit.summary, SUMMARY_CHARS)
        parts.append(f'<p class="snippet">{escape(summary)}</p>')
    if article is not None and article.type == "contact":
        parts.append(contact_card(article, page))
    elif article is not None and article.type == "programme":
        parts.append(programme_status_line(article, page))
    parts.append("</li>")
    return "\n".join(parts)


def programme_status_line(programme, page: Page | None = None) -> Markup:
    """Return a programme's status badge and its last day (or first, when upcoming)."""
    page = page or Page()
    gettext, ngettext = page.gettext, page.ngettext
    status = status_of(programme)
    if status.code == "open":
        badge = ("status-open", gettext("Antragstellung offen"))
    elif status.code == "closing" and status.days_left == 0:
        badge = ("status-closing", gettext("Endet heute"))
    elif status.code == "closing":
        badge = ("status-closing", ngettext("Endet in %(num)d Tag", "Endet in %(num)d Tagen",
                                            status.days_left) % {"num": status.days_left})
    elif status.code == "upcoming":
        badge = ("status-upcoming", gettext("Demnächst"))
    else:
        badge = ("status-closed", gettext("Geschlossen"))
    parts = [f'<p class="programme-status"><span class="status {badge[0]}">{escape(badge[1])}'
             "</span>"]
    if status.code == "upcoming" and status.opens:
        parts.append(gettext("Antragstellung ab %(date)s") % {"date": long_date(status.opens)})
    if status.closes and status.code != "closed":
        parts.append(gettext("Frist: %(date)s") % {"date": long_date(status.closes)})
    elif status.closes:
        parts.append(gettext("Frist war der %(date)s") % {"date": long_date(status.closes)})
    return Markup(" ".join([parts[0], *map(escape, parts[1:])]) + "</p>")


def contact_card(contact, page: Page) -> str:
    """Return a contact's ways to be reached, for a row of its columns the reader may see:
    position, phone and e-mail links, and its vCard."""
    gettext = page.gettext
    parts = ['<div class="contact-card">']
    if contact.position:
        parts.append(f'<p class="position">{escape(contact.position)}</p>')
    parts.append('<ul class="reach">')
    if contact.phone:
        uri = contact.phone_uri or tel_uri(contact.phone)
        shown = contact.phone_display or phone(contact.phone)
        parts.append(f'<li><span class="visually-hidden">{escape(gettext("Telefon"))}: </span>'
                     f'<a href="{escape(uri)}">{escape(shown)}</a></li>')
    if contact.email:
        email = escape(contact.email)
        parts.append(f'<li><span class="visually-hidden">{escape(gettext("E-Mail"))}: </span>'
                     f'<a href="mailto:{email}">{email}</a></li>')
    vcard = escape(page.link("site.contact_vcard", contact.id))
    parts.append(f'<li><a href="{vcard}" type="text/vcard" download>'
                 f'{escape(gettext("Kontakt speichern (vCard)"))}</a></li>')
    parts.append("</ul>\n</div>")
    return "\n".join(parts)
