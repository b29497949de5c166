"""vCards (RFC 2426, version 3.0) for contacts: one, or all contacts of a search."""

from __future__ import annotations

from collections.abc import Iterable

import vobject
from flask import Response, url_for
from sqlalchemy import select

from kb.content.models import Contact, Organisation
from kb.content.visibility import visible_clause
from kb.core.templating import tel_uri
from kb.extensions import db
from search_index import Audience


def visible_organisations(contacts: Iterable[Contact], audience: Audience
                          ) -> dict[str, Organisation]:
    """Load the contacts' organisations that `audience` may see, by id."""
    ids = {c.organisation_id for c in contacts if c.organisation_id}
    if not ids:
        return {}
    query = select(Organisation).where(Organisation.id.in_(ids),
                                       visible_clause(audience, Organisation))
    return {org.id: org for org in db.session.scalars(query)}


def _split_name(name: str) -> tuple[str, str]:
    """Split "Anna Maria Beispiel" into ("Beispiel", "Anna Maria"): family name last."""
    given, _, family = name.strip().rpartition(" ")
    return family, given


def contact_card(contact: Contact, organisation: Organisation | None) -> vobject.base.Component:
    """Build one vCard; vobject escapes commas, semicolons and newlines and folds lines."""
    card = vobject.vCard()
    full_name = " ".join(p for p in (contact.honorific, contact.name) if p) or contact.title
    card.add("fn").value = full_name
    family, given = _split_name(contact.name or contact.title)
    card.add("n").value = vobject.vcard.Name(family=family, given=given,
                                             prefix=contact.honorific or "")
    if contact.position:
        card.add("title").value = contact.position
    if organisation is not None:
        card.add("org").value = [organisation.title]
    if contact.phone:
        tel = card.add("tel")
        tel.value = tel_uri(contact.phone).removeprefix("tel:")
        tel.type_param = "WORK"
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    card.add("url").value = url_for("browse.article", lang=contact.language, type="contact",
                                    id=contact.id, _external=True)
    card.add("uid").value = f"urn:kb:contact:{contact.id}"
    card.add("rev").value = contact.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    if contact.visibility != "public":
        # Only signed-in staff get here; CLASS tells address books not to share it.
        card.add("class").value = "CONFIDENTIAL"
    return card


def serialize(contacts: list[Contact], audience: Audience) -> str:
    """Serialize contacts as one vCard file (CRLF line ends)."""
    organisations = visible_organisations(contacts, audience)
    return "".join(
        contact_card(c, organisations.get(c.organisation_id or "")).serialize()
        for c in contacts
    )


def vcard_response(contacts: list[Contact], audience: Audience, filename: str) -> Response:
    """Answer with a vCard file download; private because staff may get internal contacts."""
    response = Response(serialize(contacts, audience), mimetype="text/vcard")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
