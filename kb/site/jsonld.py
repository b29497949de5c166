"""schema.org JSON-LD for article pages, built only from what the page itself shows.

The relations passed in are the page's own, already filtered for the reader, so the
structured data never names anything the visible page does not.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from kb.content.models import Article, Contact, Organisation, Programme, Project
from kb.core.templating import tel_uri
from kb.site.programmes import closing_date

SCHEMA = "https://schema.org"


def _url(article: Article) -> str:
    return url_for("browse.article", type=article.type, id=article.id, _external=True)


def _ref(article: Article, type_: str = "Organization") -> dict[str, Any]:
    """A short node for a related article: type, name and page."""
    return {"@type": type_, "name": article.title, "url": _url(article)}


def _phone(value: str | None) -> str | None:
    return tel_uri(value).removeprefix("tel:") if value else None


def _common(article: Article, type_: str) -> dict[str, Any]:
    node = {"@context": SCHEMA, "@type": type_, "@id": _url(article) + "#thing",
            "name": article.title, "url": _url(article), "inLanguage": article.language}
    if article.summary:
        node["description"] = article.summary
    return node


def _organisation(org: Organisation, relations: dict) -> dict[str, Any]:
    node = _common(org, "Organization")
    if org.street or org.city:
        node["address"] = {"@type": "PostalAddress", "streetAddress": org.street,
                           "postalCode": org.postcode, "addressLocality": org.city,
                           "addressCountry": "DE"}
    node.update(telephone=_phone(org.phone), faxNumber=_phone(org.fax), email=org.email,
                sameAs=org.website)
    if relations.get("parent"):
        node["parentOrganization"] = _ref(relations["parent"][0])
    return node


def _person(contact: Contact, relations: dict) -> dict[str, Any]:
    node = _common(contact, "Person")
    node.update(name=contact.name or contact.title, honorificPrefix=contact.honorific,
                jobTitle=contact.position, telephone=_phone(contact.phone), email=contact.email)
    if contact.phone or contact.email:
        node["contactPoint"] = {
            "@type": "ContactPoint", "contactType": contact.position or "contact",
            "telephone": _phone(contact.phone), "email": contact.email,
            "availableLanguage": list(contact.languages_spoken or []) or None,
        }
    if relations.get("organisation"):
        node["worksFor"] = _ref(relations["organisation"][0])
    return node


def _project(project: Project, relations: dict) -> dict[str, Any]:
    # schema.org's Project: "an enterprise planned to achieve a particular aim".
    node = _common(project, "Project")
    node.update(foundingDate=project.start, dissolutionDate=project.end)
    if relations.get("lead"):
        node["parentOrganization"] = _ref(relations["lead"][0])
    if relations.get("programmes"):
        node["funding"] = [_ref(p, "Grant") for p in relations["programmes"]]
    return node


def _programme(programme: Programme, relations: dict) -> dict[str, Any]:
    # A funding programme is a standing offer of support, not one award: schema.org's
    # Grant ("a grant, typically financial or otherwise quantifiable, of resources") fits
    # better than GovernmentService (funders are foundations too) or Offer (nothing is
    # sold); MonetaryGrant, its subtype, when a maximum amount is known. The application
    # window becomes a potential ApplyAction, which Grant itself cannot express.
    node = _common(programme, "MonetaryGrant" if programme.amount_max_eur else "Grant")
    if programme.amount_max_eur:
        node["amount"] = {"@type": "MonetaryAmount", "currency": "EUR",
                          "maxValue": programme.amount_max_eur}
    if relations.get("funders"):
        node["funder"] = [_ref(org) for org in relations["funders"]]
    if relations.get("funded_projects"):
        node["fundedItem"] = [_ref(p, "Project") for p in relations["funded_projects"]]
    closes = closing_date(programme)
    if programme.application_url or programme.open_from or closes:
        node["potentialAction"] = {
            "@type": "ApplyAction", "startTime": programme.open_from, "endTime": closes,
            "target": programme.application_url,
        }
    return node


BUILDERS = {"organisation": _organisation, "contact": _person, "project": _project,
            "programme": _programme}


def _clean(value: Any) -> Any:
    """Drop empty values and write dates as ISO strings."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def jsonld_for(article: Article, relations: dict | None = None) -> dict[str, Any]:
    """Return the page's JSON-LD (render with |tojson, which escapes </script>)."""
    return _clean(BUILDERS[article.type](article, relations or {}))
