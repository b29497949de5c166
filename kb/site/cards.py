"""The blocks result lists repeat per hit: a search hit, a programme's status line, a
contact card.

Rendered in Python, not by Jinja: a search page shows up to a hundred hits, and a macro
call cost some 90 us (a new context, its gettext calls resolved through it), a hit's
template some 60 us, where these cost a tenth of that. Tests check the markup pages get.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import get_translations
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from kb.core.templating import current_lang, id_url, long_date, phone, tel_uri, type_label
from kb.site.programmes import status_of

SUMMARY_CHARS = 240  # a hit without a snippet shows this much of its summary


def search_hit(hit, article) -> Markup:
    """Return one search result as a list item: type, title link, snippet, and the card of
    a contact or programme (`article`: its row the reader may see, or None)."""
    lang = f' lang="{escape(hit.language)}"' if hit.language != current_lang() else ""
    kicker = escape(type_label(hit.type))
    if article is not None and article.type == "contact" and article.visibility != "public":
        internal = escape(get_translations().ugettext("intern"))
        kicker += Markup(f' · <span class="badge internal">{internal}</span>')
    link = escape(id_url("browse.article", hit.id, type=hit.type))
    parts = [f'<li class="hit"{lang}>', f'<p class="kicker">{kicker}</p>',
             f'<h3><a href="{link}">{escape(hit.title)}</a></h3>']
    if hit.snippet:  # safe HTML: the engine escaped the text and marked the query's words
        parts.append(f'<p class="snippet">{hit.snippet}</p>')
    elif hit.summary:
        summary = do_truncate(current_app.jinja_env, hit.summary, SUMMARY_CHARS)
        parts.append(f'<p class="snippet">{escape(summary)}</p>')
    if article is not None and article.type == "contact":
        parts.append(contact_card(article))
    elif article is not None and article.type == "programme":
        parts.append(programme_status_line(article))
    parts.append("</li>")
    return Markup("\n".join(parts))


def programme_status_line(programme) -> Markup:
    """Return a programme's status badge and its last day (or first, when upcoming)."""
    translations = get_translations()
    gettext, ngettext = translations.ugettext, translations.ungettext
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


def contact_card(contact) -> Markup:
    """Return a contact's ways to be reached, for a Contact (or a row of its columns) the
    reader may see: position, phone and e-mail links, and its vCard."""
    gettext = get_translations().ugettext
    parts = ['<div class="contact-card">']
    if contact.position:
        parts.append(f'<p class="position">{escape(contact.position)}</p>')
    parts.append('<ul class="reach">')
    if contact.phone:
        uri = getattr(contact, "phone_uri", None) or tel_uri(contact.phone)
        shown = getattr(contact, "phone_display", None) or phone(contact.phone)
        parts.append(f'<li><span class="visually-hidden">{escape(gettext("Telefon"))}: </span>'
                     f'<a href="{escape(uri)}">{escape(shown)}</a></li>')
    if contact.email:
        email = escape(contact.email)
        parts.append(f'<li><span class="visually-hidden">{escape(gettext("E-Mail"))}: </span>'
                     f'<a href="mailto:{email}">{email}</a></li>')
    vcard = escape(id_url("site.contact_vcard", contact.id))
    parts.append(f'<li><a href="{vcard}" type="text/vcard" download>'
                 f'{escape(gettext("Kontakt speichern (vCard)"))}</a></li>')
    parts.append("</ul>\n</div>")
    return Markup("\n".join(parts))
