"""XML built with the standard library: the sitemap and the OpenSearch description."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from kb.content.models import Article
from kb.content.visibility import visible_clause
from kb.core.vocabularies import CONTENT_TYPES
from kb.extensions import db
from search_index import Audience

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
LANGS = ("de", "en")
# The protocol's limit for one file; past it a sitemap index would be needed.
SITEMAP_MAX_URLS = 50_000
STATIC_PAGES = ("browse.home", "site.imprint", "site.privacy", "site.accessibility")


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _url(parent: ET.Element, loc: str, alternates: dict[str, str], lastmod: str = "") -> None:
    """Add one <url> with its hreflang alternates (which include the page itself)."""
    url = ET.SubElement(parent, f"{{{SITEMAP_NS}}}url")
    ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
    if lastmod:
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
    if len(alternates) > 1:
        for lang, href in sorted(alternates.items()):
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href)


def _static_urls(root: ET.Element) -> int:
    """Add home, lists and legal pages, each in both languages."""
    pages = [(endpoint, {}) for endpoint in STATIC_PAGES]
    pages += [("browse.listing", {"type": code}) for code in CONTENT_TYPES.codes]
    for endpoint, args in pages:
        versions = {lang: url_for(endpoint, lang=lang, _external=True, **args) for lang in LANGS}
        for lang in LANGS:
            _url(root, versions[lang], versions)
    return len(pages) * len(LANGS)


def _article_rows(audience: Audience) -> list:
    group = func.coalesce(Article.translation_of_id, Article.id)
    query = (select(Article.id, Article.type, Article.language, Article.modified,
                    group.label("group"))
             .where(visible_clause(audience)).order_by(group, Article.language))
    return list(db.session.execute(query))


def sitemap(audience: Audience) -> bytes:
    """Build the sitemap: each visible article version at its own language's address."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    room = SITEMAP_MAX_URLS - _static_urls(root)
    groups: dict[str, list] = defaultdict(list)
    for row in _article_rows(audience):
        groups[row.group].append(row)
    for rows in groups.values():
        versions = {row.language: url_for("browse.article", lang=row.language, type=row.type,
                                          id=row.id, _external=True) for row in rows}
        for row in rows:
            if room <= 0:
                return _xml(root)
            _url(root, versions[row.language], versions, row.modified.date().isoformat())
            room -= 1
    return _xml(root)


def opensearch(lang: str) -> bytes:
    """Build the OpenSearch 1.1 description: HTML results, Atom results, suggestions."""
    ET.register_namespace("", OPENSEARCH_NS)
    root = ET.Element(f"{{{OPENSEARCH_NS}}}OpenSearchDescription")

    def add(tag: str, text: str | None = None, **attributes: str) -> None:
        ET.SubElement(root, f"{{{OPENSEARCH_NS}}}{tag}", attributes).text = text

    add("ShortName", _("Wissensdatenbank")[:16])  # the specification allows 16 characters
    add("Description", _("Ansprechpersonen, Organisationen, Projekte und Förderprogramme der "
                         "kommunalen Migrations- und Integrationsarbeit durchsuchen"))
    add("InputEncoding", "UTF-8")
    add("Language", lang)
    search = url_for("site.search", lang=lang, _external=True)
    add("Url", type="text/html", method="get", template=f"{search}?q={{searchTerms}}")
    feed = url_for("site.search_feed", lang=lang, _external=True)
    add("Url", type="application/atom+xml", template=f"{feed}?q={{searchTerms}}")
    suggest = url_for("site.suggest", lang=lang, _external=True)
    add("Url", type="application/x-suggestions+json",
        template=f"{suggest}?format=opensearch&q={{searchTerms}}")
    this = url_for("site_root.opensearch", lang=lang, _external=True)
    add("Url", type="application/opensearchdescription+xml", rel="self", template=this)
    return _xml(root)
