"""Template filters and globals shared by every page."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError, dates
from flask import Flask, g, request, url_for
from flask_babel import format_date, get_locale, get_translations, ngettext
from jinja2 import pass_context
from markupsafe import Markup, escape

from kb.core import vocabularies as vocab
from kb.core.markdown import render_markdown
from kb.core.phones import phone_forms

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


_PLAIN_ID = re.compile(r"[A-Za-z0-9._~-]+\Z")  # needs no quoting in a URL path
_ID_MARK = "kb-id-mark"
_ID_URLS: dict[tuple, tuple[str, str]] = {}


def id_url(endpoint: str, id: str, **values) -> str:
    """Return url_for(endpoint, id=id, **values), built from a cached pattern.

    A search page links every hit (and each contact's vCard): url_for runs the URL map's
    builder and every url_defaults hook each time. Here that happens once per endpoint,
    language and other values; ids needing quoting still go through url_for.
    """
    if not needs_no_quoting(id):
        return url_for(endpoint, id=id, **values)
    prefix, suffix = id_url_pattern(endpoint, **values)
    return prefix + id + suffix


def needs_no_quoting(id: str) -> bool:
    """Tell whether an id goes into a URL path as it is (see id_url_pattern)."""
    return _PLAIN_ID.match(id) is not None


def id_url_pattern(endpoint: str, **values) -> tuple[str, str]:
    """Return what comes before and after an id in url_for(endpoint, id=..., **values)
    for ids that need no quoting (cached per endpoint, language and other values)."""
    host = request.host_url if values.get("_external") else ""
    key = (host, request.script_root, endpoint, current_lang(), tuple(sorted(values.items())))
    pattern = _ID_URLS.get(key)
    if pattern is None:
        built = url_for(endpoint, id=_ID_MARK, **values)
        prefix, _, suffix = built.partition(_ID_MARK)
        pattern = (prefix, suffix)
        if len(_ID_URLS) < 1000:
            _ID_URLS[key] = pattern
    return pattern


_FIXED_URLS: dict[tuple, str] = {}


def fixed_url(endpoint: str, **values) -> str:
    """Return url_for(endpoint, **values) for the links every page carries, cached.

    The header and footer hold some twenty links that differ only by language; url_for
    with its url_defaults hooks cost about a millisecond of every page for them.
    """
    key = (request.script_root, endpoint, g.get("lang"), tuple(sorted(values.items())))
    found = _FIXED_URLS.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(_FIXED_URLS) < 1000:
            _FIXED_URLS[key] = found
    return found


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
    if not value:
        return ""
    if isinstance(value, dt.datetime):  # Flask-Babel moves a moment to the reader's zone
        return format_date(value, "long")
    return _long_date(value, get_locale())


@lru_cache(maxsize=4096)
def _long_date(value: dt.date, locale) -> str:
    """Format a day (cached: Babel takes some 50 µs, and result pages repeat deadlines)."""
    return dates.format_date(value, "long", locale=locale)


def phone(value: str | None) -> str:
    """Format a stored phone number for readers: national at home, international abroad."""
    return _phone_forms(value)[0] if value else ""


def tel_uri(value: str | None) -> str:
    """Return a tel: link target for a stored phone number (E.164 where it parses)."""
    return _phone_forms(value)[1] if value else ""


# numbers outside contacts' own columns (organisations, the operator): a few per page
_phone_forms = lru_cache(maxsize=4096)(phone_forms)


def language_names(codes: list[str] | None) -> str:
    """Name ISO 639 language codes in the reader's language ("ar" -> "Arabisch")."""
    names = []
    for code in codes or []:
        try:
            names.append(Locale.parse(code).get_display_name(current_lang()) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return ", ".join(names)


FACET_VALUES_SHOWN = 8  # values per facet before the rest fold into "n more values"


def facet_fieldset(name: str, legend: str, values: list) -> Markup:
    """Render one facet of the search sidebar: a fieldset of checkboxes, every part escaped.

    The first FACET_VALUES_SHOWN values (and every selected one) are listed; the others
    fold into a <details> element, which opens without JavaScript. A Python function, not
    Jinja: a sidebar holds up to a few hundred checkboxes, and a template call per
    checkbox cost several milliseconds per page.
    """
    lang = current_lang()
    field = escape(name)
    first = values[:FACET_VALUES_SHOWN]
    shown = first + [v for v in values[FACET_VALUES_SHOWN:] if v.selected]
    more = [v for v in values[FACET_VALUES_SHOWN:] if not v.selected]
    parts = [f'<fieldset class="facet">\n<legend>{escape(legend)}</legend>\n<ul>']
    parts += [f"<li>{_checkbox(name, field, v, lang)}</li>" for v in shown]
    parts.append("</ul>")
    if more:
        summary = ngettext("%(num)d weiterer Wert", "%(num)d weitere Werte", len(more))
        parts.append(f"<details>\n<summary>{escape(summary)}</summary>\n<ul>")
        parts += [f"<li>{_checkbox(name, field, v, lang)}</li>" for v in more]
        parts.append("</ul>\n</details>")
    parts.append("</fieldset>")
    return Markup("\n".join(parts))


_CHECKBOXES: dict[tuple, tuple[str, str]] = {}


def _checkbox(name: str, field: str, value, lang: str) -> str:
    """Return one facet value's checkbox and label as escaped HTML.

    All but the count is kept per facet, value, language and state: a sidebar has up to a
    few hundred checkboxes, and escaping and labelling each took a millisecond a page.
    """
    key = (name, value.value, lang, value.selected)
    parts = _CHECKBOXES.get(key)
    if parts is None:
        parts = _checkbox_parts(name, field, value.value, value.selected, lang)
        if len(_CHECKBOXES) < 20_000:
            _CHECKBOXES[key] = parts
    return f"{parts[0]}{value.count:d}{parts[1]}"


def _checkbox_parts(name: str, field: str, code: str, selected: bool, lang: str
                    ) -> tuple[str, str]:
    """Return a checkbox's HTML before and after its count."""
    ident = escape(f"f-{name}-{code.replace(' ', '_')}")
    checked = " checked" if selected else ""
    text = vocab.facet_label(name, code, lang) if code else ""
    return (f'<input type="checkbox" id="{ident}" name="{field}" value="{escape(code)}"'
            f'{checked}>\n<label for="{ident}">{escape(text)} <span class="count">(',
            ")</span></label>")


def request_translations() -> dict:
    """Template context: gettext and ngettext bound to this request's catalogue.

    The i18n callables Flask-Babel installs look the catalogue up again on every call,
    through several context-local proxies: tens of microseconds, some 60 times per search
    page. These keep Jinja's newstyle semantics (autoescaped, always %-formatted).
    """
    translations = get_translations()
    return {"gettext": _page_gettext(translations.ugettext),
            "ngettext": _page_ngettext(translations.ungettext)}


def _page_gettext(translate):
    @pass_context
    def gettext(context, string: str, /, **variables) -> str:
        text = translate(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        # Formatting is the identity for a text without "%" (most of a page's sixty)
        return text % variables if variables or "%" in text else text

    return gettext


def _page_ngettext(translate):
    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("num", num)
        text = translate(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def init_app(app: Flask) -> None:
    """Register filters and globals on `app`."""
    app.jinja_env.filters.update(markdown=render_markdown, long_date=long_date, phone=phone,
                                 tel_uri=tel_uri, language_names=language_names)
    app.context_processor(request_translations)
    app.jinja_env.globals.update(
        label=label,
        facet_fieldset=facet_fieldset,
        type_label=type_label,
        article_url=article_url,
        id_url=id_url,
        fixed_url=fixed_url,
        switch_language_url=switch_language_url,
        current_lang=current_lang,
        LANGUAGES=LANGUAGES,
        CONTENT_TYPES=vocab.CONTENT_TYPES,
    )
