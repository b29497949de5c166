"""The article forms: field validation, shared record rules, references, preview."""

from __future__ import annotations

import pytest

from kb.content.models import Article, Organisation, Project
from kb.content.revisions import Revision
from kb.extensions import db
from tests.helpers import csrf_post, login_as


@pytest.fixture
def editor(client, load):
    load("every_field.jsonl")
    return login_as(client, "editor")


def post_new(client, type_: str, data: dict):
    return csrf_post(client, f"/de/edit/new/{type_}", {"language": "de", **data},
                     form_url=f"/de/edit/new/{type_}")


def org_data(**extra) -> dict:
    return {"title": "Neue Beratungsstelle", **extra}


def errors_of(response) -> str:
    return response.get_data(as_text=True)


def test_every_form_renders_with_every_field(client, editor):
    for type_, names in {
        "organisation": ["org_kind", "parent", "street", "postcode", "city", "phone", "fax",
                         "email", "website"],
        "contact": ["name", "honorific", "position", "organisation", "responsibilities",
                    "languages_spoken", "visibility"],
        "project": ["organisation", "partners", "programmes", "contacts", "start", "end",
                    "status"],
        "programme": ["funders", "funding_kinds", "eligible", "amount_max_eur", "open_from",
                      "open_until", "deadline", "application_url", "contacts"],
    }.items():
        page = client.get(f"/de/edit/new/{type_}").get_data(as_text=True)
        for name in ["title", "summary", "body", "tags", "topics", "target_groups",
                     "regions-0-state", "effective", "expires", "links", "translation_of",
                     *names]:
            assert f'name="{name}' in page, (type_, name)


def test_create_stores_a_normalised_draft(client, editor):
    response = post_new(client, "organisation", org_data(
        phone="0201 1234-0", fax="+49 (201) 123499", email="Info@Beispiel.DE",
        website="https://beispiel.de", topics=["housing", "health"],
        **{"regions-0-state": "DE-NW", "regions-0-municipality": "Bottrop",
           "regions-1-state": "DE-BY"},
        parent="org-parent", tags="Beratung, Wohnen", links="https://a.example/x\nhttp://b.example"))
    assert response.status_code == 302, errors_of(response)
    org = db.session.get(Organisation, "neue-beratungsstelle")
    assert org.state == "private" and org.phone == "+492011234" + "0"
    assert org.fax == "+49201123499" and org.email.lower() == "info@beispiel.de"
    assert org.regions == ["DE-NW/Bottrop", "DE-BY"] and org.parent_id == "org-parent"
    assert org.tags == ["Beratung", "Wohnen"] and org.topics == ["housing", "health"]
    assert db.session.query(Revision).filter_by(article_id=org.id).count() == 1


def test_ids_are_made_from_titles_and_kept_unique(client, editor):
    for _ in range(2):
        assert post_new(client, "organisation", {"title": "Büro für Straßen"}).status_code == 302
    assert db.session.get(Article, "buero-fuer-strassen") is not None
    assert db.session.get(Article, "buero-fuer-strassen-2") is not None


@pytest.mark.parametrize("field,value", [
    ("phone", "12"), ("phone", "keine Nummer"), ("fax", "0201"),
    ("email", "kein-at-zeichen"), ("email", "a@b@c.de"),
    ("website", "ftp://example.org"), ("website", "example.org"), ("website", "https://"),
    ("links", "https://ok.example\njavascript:alert(1)"),
    ("postcode", "123"), ("id", "Großbuchstaben"), ("org_kind", "castle"),
    ("topics", "astrology"), ("regions-0-state", "DE-XX"),
    ("regions-0-municipality", "Bottrop/Kirchhellen"),
    ("parent", "no-such-org"), ("parent", "person-a"), ("parent", "org-parent, org-child"),
    ("translation_of", "org-parent"),  # same language
])
def test_bad_values_are_refused_and_the_input_kept(client, editor, field, value):
    data = org_data(street="Kirchplatz 3", **{field: value})
    if field.startswith("regions-0-municipality"):
        data["regions-0-state"] = "DE-NW"
    response = post_new(client, "organisation", data)
    page = errors_of(response)
    assert response.status_code == 422
    assert "field-error" in page and "Kirchplatz 3" in page
    assert db.session.get(Article, "neue-beratungsstelle") is None


def test_a_municipality_needs_a_state(client, editor):
    response = post_new(client, "organisation", org_data(
        **{"regions-0-state": "DE", "regions-0-municipality": "Bottrop"}))
    assert response.status_code == 422


def test_contact_needs_a_name_and_language_codes(client, editor):
    assert post_new(client, "contact", {"title": "Frau X"}).status_code == 422
    bad = post_new(client, "contact", {"title": "Frau X", "name": "X",
                                       "languages_spoken": "de, Deutsch"})
    assert bad.status_code == 422 and "Deutsch" in errors_of(bad)
    good = post_new(client, "contact", {"title": "Frau X", "name": "X", "visibility": "public",
                                        "organisation": "org-child",
                                        "languages_spoken": "de, tr"})
    assert good.status_code == 302


@pytest.mark.parametrize("data,ok", [
    ({"start": "2026-05-01", "end": "2026-04-30"}, False),
    ({"start": "2026-05-01", "end": "2026-05-01"}, True),
    ({"effective": "2026-05-01", "expires": "2026-05-01"}, False),
    ({"effective": "2026-05-01", "expires": "2026-05-02"}, True),
    ({"start": "2026-13-01"}, False),
])
def test_project_dates_are_checked_against_each_other(client, editor, data, ok):
    response = post_new(client, "project", {"title": "Projekt Datum", **data})
    assert (response.status_code == 302) is ok, errors_of(response)


@pytest.mark.parametrize("data,ok", [
    ({"open_from": "2026-01-01", "open_until": "2026-03-31", "deadline": "2026-03-31"}, True),
    ({"open_from": "2026-01-01", "open_until": "2026-03-31", "deadline": "2026-04-01"}, False),
    ({"open_from": "2026-01-01", "deadline": "2025-12-31"}, False),
    ({"open_from": "2026-02-01", "open_until": "2026-01-01"}, False),
    ({"amount_max_eur": "-5"}, False),
    ({"amount_max_eur": "2500", "funding_kinds": ["grant"], "eligible": ["youth"],
      "application_url": "https://antrag.example"}, True),
    ({"funding_kinds": ["gift"]}, False),
])
def test_programme_dates_and_amounts(client, editor, data, ok):
    response = post_new(client, "programme", {"title": "Förderung Datum", **data})
    assert (response.status_code == 302) is ok, errors_of(response)


def test_list_references_keep_their_order_and_are_checked(client, editor):
    response = post_new(client, "project", {
        "title": "Projekt Ref", "organisation": "org-child",
        "partners": "org-partner, org-parent", "programmes": "programme-x",
        "contacts": "person-internal, person-a"})
    assert response.status_code == 302, errors_of(response)
    project = db.session.get(Project, "projekt-ref")
    assert [link.organisation_id for link in project.partner_links] == ["org-partner",
                                                                         "org-parent"]
    assert [link.contact_id for link in project.contact_links] == ["person-internal", "person-a"]
    wrong = post_new(client, "project", {"title": "Projekt Ref 2", "programmes": "person-a"})
    assert wrong.status_code == 422


def test_new_references_to_trashed_articles_are_refused(client, editor):
    db.session.get(Article, "org-partner").deleted_at = db.func.now()
    db.session.commit()
    response = post_new(client, "project", {"title": "Projekt T", "partners": "org-partner"})
    assert response.status_code == 422


def test_preview_renders_the_body_sanitised_without_saving(client, editor):
    response = post_new(client, "organisation", org_data(
        body="# Kopf\n\n**fett** <script>alert(1)</script>", preview="Vorschau"))
    page = errors_of(response)
    assert response.status_code == 200 and "<strong>fett</strong>" in page
    assert "<script>alert(1)" not in page and "Neue Beratungsstelle" in page
    assert db.session.get(Article, "neue-beratungsstelle") is None
    ajax = csrf_post(client, "/de/edit/preview", {"body": "*x* <img src=x onerror=y>"},
                     form_url="/de/edit/")
    assert ajax.json["html"].startswith("<p><em>x</em>") and "<img" not in ajax.json["html"]


def test_reference_fields_carry_titles_for_the_script(client, editor):
    page = client.get("/de/edit/project-y").get_data(as_text=True)
    assert 'data-lookup="organisation"' in page and "Verein Brücke e. V." in page
    script = client.get("/static/edit.js")
    assert "edit.js" in page and script.status_code == 200 and b"data-lookup" in script.data
    script.close()


def test_edit_form_is_filled_from_the_article(client, editor):
    page = client.get("/de/edit/org-parent").get_data(as_text=True)
    for text in ("Stadt Musterstadt", "Rathausplatz 1", "Verwaltung, Kommune",
                 'value="Musterstadt"', "https://example.org/a"):
        assert text in page, text


def test_phone_filter_shows_national_format(app):
    from kb.core.templating import phone, tel_uri

    assert phone("+492011234560") == "0201 1234560"
    assert phone("+441632960983").startswith("+44")
    assert phone("unparseable") == "unparseable" and phone(None) == ""
    assert tel_uri("+49 201 1234-0") == "tel:+492011234" + "0"
