"""Template helpers built for speed render what the plain Flask and Jinja forms render."""

from __future__ import annotations

import pytest
from flask import g, render_template_string, url_for
from markupsafe import Markup

from kb.core.templating import facet_fieldset, id_url
from search_index.api import FacetValue

IDS = ["org-42", "kontakt_7.a~b", "mit leerzeichen", "köln/süd", "a?b#c"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_id_url_equals_url_for(app, lang):
    with app.test_request_context(f"/{lang}/search"):
        g.lang = lang
        for article_id in IDS:
            for type_code in ("organisation", "contact", "programme"):
                assert id_url("browse.article", article_id, type=type_code) == url_for(
                    "browse.article", type=type_code, id=article_id)
            assert id_url("site.contact_vcard", article_id) == url_for(
                "site.contact_vcard", id=article_id)


def test_id_url_follows_the_script_root(app):
    with app.test_request_context("/de/search", base_url="http://x/kb"):
        g.lang = "de"
        assert id_url("browse.article", "org-1", type="organisation").startswith("/kb/de/")


def test_page_gettext_translates_formats_and_escapes(app):
    with app.test_request_context("/en/search"):
        g.lang = "en"
        from flask_babel import refresh

        refresh()
        out = render_template_string(
            "{{ _('Filtern') }}|{{ ngettext('%(num)d Treffer für „%(query)s“', "
            "'%(num)d Treffer für „%(query)s“', 2, query='<b>') }}"
            "|{{ ngettext('%(num)d weiterer Wert', '%(num)d weitere Werte', 3) }}")
        assert out == "Filter|2 results for “&lt;b&gt;”|3 more values"


def test_facet_fieldset_lists_the_first_values_and_folds_the_rest(app):
    values = [FacetValue(f"v{i}<", 10 - i, i == 9) for i in range(10)]
    with app.test_request_context("/de/search"):
        g.lang = "de"
        html = facet_fieldset("topics", "Themen & mehr", values)
    assert isinstance(html, Markup)
    listed, folded = html.split("<details>")
    assert listed.count('type="checkbox"') == 9  # eight first values and the selected one
    assert 'value="v9&lt;" checked' in listed
    assert folded.count('type="checkbox"') == 1 and "1 weiterer Wert" in folded
    assert "<legend>Themen &amp; mehr</legend>" in html and "v0<" not in html
    with app.test_request_context("/de/search"):
        g.lang = "de"
        assert "<details>" not in facet_fieldset("topics", "Themen", values[:8])


@pytest.mark.parametrize(("lang", "expected"), [("de", "2. März 2027"), ("en", "March 2, 2027")])
def test_long_date_equals_flask_babel_format_date(app, lang, expected):
    import datetime as dt

    from flask_babel import format_date, refresh

    from kb.core.templating import long_date

    with app.test_request_context(f"/{lang}/"):
        g.lang = lang
        refresh()
        day = dt.date(2027, 3, 2)
        assert long_date(day) == format_date(day, "long") == expected
        assert long_date(day) == expected  # the second time from the cache
        assert long_date(None) == ""
