"""Turn an IndexDocument into the field values of one Whoosh document."""

from __future__ import annotations

import datetime as dt
import json
import re

from search_index import fields as f
from search_index.analyzers import fold_text
from search_index.documents import IndexDocument

_NON_DIGIT = re.compile(r"\D+")

# Positions in the META row (a JSON list; see meta_row)
M_ID, M_TYPE, M_LANG, M_GROUP, M_STATE, M_VIS, M_EFF, M_EXP = range(8)
M_MODIFIED, M_DEADLINE, M_OPEN_FROM, M_OPEN_UNTIL, M_PSTATUS, M_ORG_KIND = range(8, 14)
M_TOPICS, M_TARGETS, M_REGIONS, M_FUNDING, M_ELIGIBLE, M_VERSION, M_SORTKEY = range(14, 21)
M_SPOKEN = 21  # added last: rows written before it lack the slot


def phone_forms(text: str) -> list[str]:
    """Return the digit strings a phone number is found by (international, national, bare)."""
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return []
    if text.strip().startswith("+") or digits.startswith("00"):
        intl = digits.lstrip("0") if digits.startswith("00") else digits
        bare = intl[2:] if intl.startswith("49") else intl
    elif digits.startswith("0"):
        bare = digits[1:]
        intl = "49" + bare
    else:
        bare, intl = digits, "49" + digits
    return sorted({intl, "0" + bare, bare})


def region_values(regions: tuple[str, ...]) -> list[str]:
    """Return the regions plus the parent state of every municipality."""
    out: list[str] = []
    for region in regions:
        parent = region.split("/", 1)[0]
        for value in (parent, region):
            if value not in out:
                out.append(value)
    return out


def _ord(day: dt.date | None) -> int:
    return day.toordinal() if day else 0


def _stamp(moment: dt.datetime | None) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def meta_row(doc: IndexDocument) -> bytes:
    """Encode the facts the engine filters, facets and sorts by."""
    row = [
        doc.id, doc.type, doc.language, doc.group or doc.id, doc.state, doc.visibility,
        _ord(doc.effective), _ord(doc.expires), _stamp(doc.modified), _ord(doc.deadline),
        _ord(doc.open_from), _ord(doc.open_until), doc.project_status or "", doc.org_kind or "",
        list(doc.topics), list(doc.target_groups), region_values(doc.regions),
        list(doc.funding_kinds), list(doc.eligible), doc.version, fold_text(doc.title)[:60],
        list(doc.languages_spoken),
    ]
    return _META_JSON.encode(row).encode("utf-8")


_META_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once, not per row


def _join(parts) -> str:
    return "\n".join(p for p in parts if p)


# Document language -> its title, keys, context, summary and body field names
_LANG_FIELDS = {lang: tuple(f.lang_field(template, lang) for template in (
    f.TITLE_TEXT, f.KEYS_TEXT, f.CONTEXT_TEXT, f.SUMMARY_TEXT, f.BODY_TEXT))
    for lang in f.LANGS}


def to_fields(doc: IndexDocument) -> dict:
    """Return the keyword arguments for writer.add_document/update_document."""
    title, keys, context, summary, body = _LANG_FIELDS.get(doc.language, _LANG_FIELDS["de"])
    keys_text = _join((*doc.tags, *doc.responsibilities, doc.position))
    context_text = _join((*doc.related, *doc.places, *doc.labels))
    values = {
        f.ID: doc.id,
        f.GROUP: doc.group or doc.id,
        f.META: meta_row(doc),
        f.TITLE: doc.title,
        f.SUMMARY: doc.summary,
        f.BODY: doc.body,
        f.TYPE: doc.type,
        f.LANGUAGE: doc.language,
        title: doc.title,
        keys: keys_text,
        context: context_text,
        summary: doc.summary,
        body: doc.body,
        f.NAMES: _join(doc.names),
        f.FOLD: _join((doc.title, *doc.names, keys_text, context_text, doc.summary)),
        f.TITLE_FOLD: doc.title,
        f.PHONES: " ".join(form for p in doc.phones for form in phone_forms(p)),
        f.EMAILS: " ".join(doc.emails),
    }
    return {k: v for k, v in values.items() if v != ""}


def meta_fields(checkpoint: int) -> dict:
    """Return the fields of the document that carries the checkpoint."""
    return {f.ID: f.META_DOC_ID, f.BODY: str(int(checkpoint))}
