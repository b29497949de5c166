"""vCards: one contact or all of a search, escaped, never an internal one for the public."""

from __future__ import annotations

import pytest

from kb.content.models import Contact
from kb.extensions import db
from kb.search.sync import catch_up
from tests.helpers import login_as
from tests.test_site_search import site  # noqa: F401 (fixture)


def cards(text: str) -> list[dict[str, str]]:
    """Unfold (RFC 2426 §2.6) and split a vCard file into cards of NAME -> value."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    out: list[dict[str, str]] = []
    for line in filter(None, lines):
        if line == "BEGIN:VCARD":
            out.append({})
            continue
        name, _, value = line.partition(":")
        out[-1][name] = value
    return out


@pytest.mark.usefixtures("site")
def test_one_contact_as_vcard(client):
    response = client.get("/de/contact/person-a.vcf")
    assert response.status_code == 200
    assert response.mimetype == "text/vcard"
    assert 'filename="person-a.vcf"' in response.headers["Content-Disposition"]
    assert "private" in response.headers["Cache-Control"]
    [card] = cards(response.get_data(as_text=True))
    assert card["VERSION"] == "3.0" and card["END"] == "VCARD"
    assert card["FN"] == "Dr. Anna Beispiel"
    assert card["N"] == "Beispiel;Anna;;Dr.;"
    assert card["TEL;TYPE=WORK"] == "+49201123456"
    assert card["EMAIL;TYPE=INTERNET"] == "anna.beispiel@musterstadt.example"
    assert card["ORG"] == "Integrationsbüro Musterstadt"
    assert card["TITLE"] == "Leiterin des Integrationsbüros"
    assert card["URL"] == "http://localhost/de/contact/person-a"
    assert "CLASS" not in card


@pytest.mark.usefixtures("site")
def test_special_characters_are_escaped_and_long_lines_folded(client):
    contact = db.session.get(Contact, "person-a")
    contact.position = "Leitung; Beratung, Koordination\nund " + "sehr " * 30 + "Ärger über Öl"
    db.session.commit()
    raw = client.get("/de/contact/person-a.vcf").get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    [card] = cards(raw)
    assert card["TITLE"].startswith("Leitung\\; Beratung\\, Koordination\\nund sehr")


@pytest.mark.usefixtures("site")
def test_internal_contact_vcard_is_404_for_the_public_and_confidential_for_staff(client):
    assert client.get("/de/contact/secret-contact.vcf").status_code == 404
    assert client.get("/de/contact/person-internal.vcf").status_code == 404
    assert client.get("/de/contact/no-such.vcf").status_code == 404
    assert client.get("/de/contact/org-parent.vcf").status_code == 404  # not a contact
    login_as(client, "staff")
    [card] = cards(client.get("/de/contact/secret-contact.vcf").get_data(as_text=True))
    assert card["FN"] == "Clara Vertraulich" and card["CLASS"] == "CONFIDENTIAL"


@pytest.mark.usefixtures("site")
def test_all_contacts_of_a_search(client):
    response = client.get("/de/search.vcf?q=Musterstadt")
    assert response.status_code == 200 and response.mimetype == "text/vcard"
    text = response.get_data(as_text=True)
    names = {card["FN"] for card in cards(text)}
    assert "Dr. Anna Beispiel" in names
    assert "Clara Vertraulich" not in text and "Bernd Intern" not in text


@pytest.mark.usefixtures("site")
def test_search_vcards_follow_the_type_filter_and_the_audience(client):
    assert client.get("/de/search.vcf?q=Musterstadt&type=organisation").data == b""
    assert client.get("/de/search.vcf?q=Musterstadt&type=nope").status_code == 400
    login_as(client, "staff")
    names = {c["FN"] for c in cards(client.get("/de/search.vcf?q=Musterstadt").get_data(
        as_text=True))}
    assert {"Clara Vertraulich", "Bernd Intern"} <= names


@pytest.mark.usefixtures("site")
def test_organisation_not_visible_is_left_out_of_the_card(client, load):
    load([{"id": "draft-org", "type": "organisation", "language": "de",
           "title": "Entwurfsamt Geheim"},
          {"id": "person-b", "type": "contact", "language": "de", "title": "Bea Muster",
           "name": "Bea Muster", "organisation": "draft-org", "visibility": "public",
           "state": "published"}])
    catch_up()
    [card] = cards(client.get("/de/contact/person-b.vcf").get_data(as_text=True))
    assert "ORG" not in card and "Entwurfsamt" not in str(card)
