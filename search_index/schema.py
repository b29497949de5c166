"""The one Whoosh schema of the knowledge base.

Ranking does not use Whoosh's scorer (see ranking.py): field boosts live in fields.WEIGHTS,
so no field here carries a field_boost. Positions are kept only where phrases are checked.
"""

from __future__ import annotations

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from search_index import fields as f
from search_index.analyzers import (
    email_analyzer,
    english_analyzer,
    german_analyzer,
    name_analyzer,
)


def _lang_analyzer(lang: str):
    """Return the stemming analyzer of a document language."""
    return german_analyzer() if lang == "de" else english_analyzer()


def build_schema() -> Schema:
    """Return a fresh schema instance."""
    schema = Schema(
        # Unique key: stored (hits, versions), unique for update_document; not tokenized.
        id=ID(stored=True, unique=True),
        # Translation group: stored for the translations map; filtering is done from META.
        group=ID(stored=True),
        # Facts for filters/facets/sorting, read per segment as one column (fast bulk read).
        meta=COLUMN(columns.VarBytesColumn()),
        # Display text for hits and snippets: stored only, never indexed.
        title=STORED(),
        summary=STORED(),
        body=STORED(),
        type=STORED(),
        language=STORED(),
        # Names (persons, organisations): unstemmed, folded (Müller = Mueller = Muller).
        names=TEXT(analyzer=name_analyzer(), phrase=False),
        # All short text unstemmed and folded: the source of fuzzy terms and "did you mean".
        fold=TEXT(analyzer=name_analyzer(), phrase=False),
        # Title words unstemmed and folded: search-as-you-type by prefix.
        tfold=TEXT(analyzer=name_analyzer(), phrase=False),
        # Normalized phone digit strings (several forms per number); matched by prefix.
        phones=KEYWORD(lowercase=False),
        # E-mail addresses, whole and in parts.
        emails=TEXT(analyzer=email_analyzer(), phrase=False),
    )
    for lang in f.LANGS:
        analyzer = _lang_analyzer(lang)
        # Title, keys, summary, body: stemmed per language, with positions for "phrases".
        for template in (f.TITLE_TEXT, f.KEYS_TEXT, f.SUMMARY_TEXT, f.BODY_TEXT):
            schema.add(f.lang_field(template, lang), TEXT(analyzer=analyzer))
        # Related titles and place words: stemmed, no phrases needed.
        schema.add(f.lang_field(f.CONTEXT_TEXT, lang), TEXT(analyzer=analyzer, phrase=False))
    return schema
