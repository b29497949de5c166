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
from kb.site.cards import Page
from search_index import Audience

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
LANGS = ("de", "en")
# The protocol's limit for one file; past it /sitemap.xml becomes an index of files.
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


def _static_pages() -> list[tuple[str, dict]]:
    """Home, lists and legal pages (each in both languages)."""
    pages = [(endpoint, {}) for endpoint in STATIC_PAGES]
    return pages + [("browse.listing", {"type": code}) for code in CONTENT_TYPES.codes]


def _article_rows(audience: Audience) -> list:
    group = func.coalesce(Article.translation_of_id, Article.id)
    query = (select(Article.id, Article.type, Article.language, Article.modified,
                    group.label("group"))
             .where(visible_clause(audience)).order_by(group, Article.language))
    return list(db.session.execute(query))


class SitemapEntries:
    """Every public address in sitemap order: static pages first, then article versions
    grouped with their translations. Addresses are built only for the slice asked for:
    url_for for 100,000 articles takes seconds."""

    def __init__(self, audience: Audience):
        self.static = [(endpoint, args, lang) for endpoint, args in _static_pages()
                       for lang in LANGS]
        self.rows = _article_rows(audience)
        self._groups: dict[str, list] = defaultdict(list)
        for row in self.rows:
            self._groups[row.group].append(row)

    def add(self, root: ET.Element, start: int, stop: int) -> None:
        """Add entries start..stop-1 to the urlset `root`."""
        for endpoint, args, lang in self.static[start:stop]:
            versions = {other: url_for(endpoint, lang=other, _external=True, **args)
                        for other in LANGS}
            _url(root, versions[lang], versions)
        links = Page()  # keeps the link patterns
        first_row = max(start - len(self.static), 0)
        for row in self.rows[first_row:max(stop - len(self.static), 0)]:
            versions = {version.language: links.link(
                "browse.article", version.id, lang=version.language, type=version.type,
                _external=True) for version in self._groups[row.group]}
            _url(root, versions[row.language], versions, row.modified.date().isoformat())


def sitemap_files(entries: int, per_file: int) -> int:
    """How many sitemap files `entries` addresses take."""
    return max(1, -(-entries // per_file))


def sitemap(audience: Audience, per_file: int = SITEMAP_MAX_URLS, page: int = 0) -> bytes:
    """Build the sitemap: each visible article version at its own language's address.

    page 0 is /sitemap.xml: all addresses when they fit into one file, otherwise a
    sitemap index of the files 1, 2, ... (the protocol allows 50,000 addresses per file).
    Returns b"" for a file number past the last.
    """
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    count = len(_static_pages()) * len(LANGS) + _article_count(audience)
    files = sitemap_files(count, per_file)
    if page == 0 and files > 1:
        return _sitemap_index(files)
    if page > files:
        return b""
    first = max(page - 1, 0) * per_file
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    SitemapEntries(audience).add(root, first, first + per_file)
    return _xml(root)


def _article_count(audience: Audience) -> int:
    return db.session.scalar(select(func.count()).select_from(Article)
                             .where(visible_clause(audience)))


def _sitemap_index(files: int) -> bytes:
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for number in range(1, files + 1):
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url_for(
            "site_root.sitemap_file", number=number, _external=True)
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
