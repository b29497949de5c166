"""Template filters and globals shared by every page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import phonenumbers
from babel import Locale, UnknownLocaleError
from flask import Flask, g, request, url_for
from flask_babel import format_date
from markupsafe import Markup, escape

from kb.core import vocabularies as vocab
from kb.core.markdown import render_markdown

LANGUAGES = ("de", "en")


def current_lang() -> str:
    """Return the reader's language: the one in the URL, else German."""
    return getattr(g, "lang", None) or "de"


def label(facet: str, code: str | None) -> str:
    """Label a vocabulary code in the reader's language."""
    return vocab.facet_label(facet, code, current_lang()) if code else ""


def type_label(type_code: str, plural: bool = False) -> str:
    """Name a content type in the reader's language."""
    vocabulary = vocab.CONTENT_TYPES_PLURAL if plural else vocab.CONTENT_TYPES
    return vocabulary.label(type_code, current_lang())


def article_url(article, lang: str | None = None) -> str:
    """Return the page address of an article."""
    return url_for("browse.article", lang=lang or current_lang(), type=article.type, id=article.id)


def switch_language_url(lang: str, external: bool = False) -> str:
    """Return the current page, with its whole query string, in another language."""
    rule = request.url_rule
    if request.endpoint and rule is not None and "lang" in rule.arguments:
        # Language blueprints take `lang` out of view_args; every other argument stays.
        base = url_for(request.endpoint, **{**(request.view_args or {}), "lang": lang},
                       _external=external)
        query = urlencode(list(request.args.items(multi=True)))
        return f"{base}?{query}" if query else base
    return url_for("browse.home", lang=lang, _external=external)


def long_date(value: dt.date | None) -> str:
    """Format a date for readers ("22. November 2026" / "November 22, 2026")."""
    return format_date(value, "long") if value else ""


def phone(value: str | None) -> str:
    """Format a stored phone number for readers: national at home, international abroad."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return value
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 49
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def tel_uri(value: str | None) -> str:
    """Return a tel: link target for a stored phone number (E.164 where it parses)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return "tel:" + value.replace(" ", "")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def language_names(codes: list[str] | None) -> str:
    """Name ISO 639 language codes in the reader's language ("ar" -> "Arabisch")."""
    names = []
    for code in codes or []:
        try:
            names.append(Locale.parse(code).get_display_name(current_lang()) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return ", ".join(names)


def facet_checkbox(name: str, value) -> Markup:
    """Render one facet value's checkbox and label (a FacetValue), every part escaped.

    A Python function, not a Jinja macro: the search page's sidebar has a hundred of
    them, and a macro call costs several times as much (so does Markup.format).
    """
    ident = escape(f"f-{name}-{value.value.replace(' ', '_')}")
    checked = " checked" if value.selected else ""
    return Markup(
        f'<input type="checkbox" id="{ident}" name="{escape(name)}" '
        f'value="{escape(value.value)}"{checked}>\n<label for="{ident}">'
        f'{escape(label(name, value.value))} <span class="count">({value.count:d})</span>'
        "</label>")


def init_app(app: Flask) -> None:
    """Register filters and globals on `app`."""
    app.jinja_env.filters.update(markdown=render_markdown, long_date=long_date, phone=phone,
                                 tel_uri=tel_uri, language_names=language_names)
    app.jinja_env.globals.update(
        label=label,
        facet_checkbox=facet_checkbox,
        type_label=type_label,
        article_url=article_url,
        switch_language_url=switch_language_url,
        current_lang=current_lang,
        LANGUAGES=LANGUAGES,
        CONTENT_TYPES=vocab.CONTENT_TYPES,
    )
