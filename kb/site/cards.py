"""The small blocks result lists repeat per hit: a programme's status line, a contact card.

Rendered in Python, not by Jinja macros: a search page shows up to a hundred, and a macro
call cost some 90 us (a new context, its gettext calls resolved through it) where this
costs a tenth of that. The markup is that of the templates around them; tests render both.
"""

from __future__ import annotations

from flask_babel import get_translations
from markupsafe import Markup, escape

from kb.core.templating import id_url, long_date, phone, tel_uri
from kb.site.programmes import status_of


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
