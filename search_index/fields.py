"""Field names of the Whoosh schema, in one place so query, schema and backend agree."""

from __future__ import annotations

ID = "id"  # unique key, stored
GROUP = "group"  # translation group, stored
META = "meta"  # per-document column: compact facts for filters, facets and sorting
TITLE = "title"  # stored display text (not indexed)
SUMMARY = "summary"
BODY = "body"
TYPE = "type"
LANGUAGE = "language"

LANGS = ("de", "en")

# Ranked text fields, one per language (German docs get German analysis, English docs English)
TITLE_TEXT = "title_{lang}"
KEYS_TEXT = "keys_{lang}"  # tags, responsibilities, position
CONTEXT_TEXT = "context_{lang}"  # related article titles and place words
SUMMARY_TEXT = "summary_{lang}"
BODY_TEXT = "body_{lang}"

NAMES = "names"  # person and organisation names, unstemmed and folded
FOLD = "fold"  # all short text unstemmed and folded: fuzzy matching and "did you mean"
TITLE_FOLD = "tfold"  # title words unstemmed and folded: search-as-you-type
PHONES = "phones"  # normalized digit strings (prefix search)
EMAILS = "emails"

# Field weights for ranking (BM25 per field, summed with these weights)
WEIGHTS = {
    TITLE_TEXT: 5.0,
    KEYS_TEXT: 4.0,
    CONTEXT_TEXT: 2.0,
    SUMMARY_TEXT: 1.5,
    BODY_TEXT: 1.0,
}
NAMES_WEIGHT = 5.0
PARTS_FACTOR = 0.5  # a compound's parts found apart ("Information ... Gesundheit") count less
CONTACT_WEIGHT = 4.0  # phones and e-mails: an exact hit is a strong signal

META_DOC_ID = "__meta__"  # the document that carries the checkpoint


def lang_field(template: str, lang: str) -> str:
    """Return the per-language field name for a template such as TITLE_TEXT."""
    return template.format(lang=lang)


def ranked_fields(lang: str) -> dict[str, float]:
    """Return the ranked text fields of one language with their weights."""
    return {lang_field(t, lang): w for t, w in WEIGHTS.items()}


FACETS = (
    "type",
    "language",
    "topics",
    "target_groups",
    "regions",
    "funding_kinds",
    "eligible",
    "org_kind",
    "status",
)
# Filters that are not counted as facets (cheaper: only the selected values are looked at)
FILTER_ONLY = ("languages_spoken",)
