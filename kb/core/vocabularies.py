"""Controlled vocabularies with German and English labels: the one place they live.

Codes are those of the exchange format (kb/content/exchange.schema.json); a test
keeps this module and the schema in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    de: str
    en: str

    def label(self, lang: str) -> str:
        """Return the label in `lang`, German when that language is unknown."""
        return self.en if lang == "en" else self.de


class Vocabulary:
    """An ordered set of terms, looked up by code."""

    def __init__(self, name: str, terms: list[Term]):
        self.name = name
        self.terms = terms
        self._by_code = {term.code: term for term in terms}

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):
        return iter(self.terms)

    @property
    def codes(self) -> list[str]:
        return [term.code for term in self.terms]

    def label(self, code: str, lang: str) -> str:
        """Return the label of `code`, or the code itself when it is not in the vocabulary."""
        term = self._by_code.get(code)
        return term.label(lang) if term else code

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """Return (code, label) pairs for select boxes and checkboxes."""
        return [(term.code, term.label(lang)) for term in self.terms]


def _vocabulary(name: str, rows: list[tuple[str, str, str]]) -> Vocabulary:
    return Vocabulary(name, [Term(*row) for row in rows])


CONTENT_TYPES = _vocabulary("type", [
    ("organisation", "Organisation", "Organisation"),
    ("contact", "Ansprechperson", "Contact"),
    ("project", "Projekt", "Project"),
    ("programme", "Förderprogramm", "Funding programme"),
])

CONTENT_TYPES_PLURAL = _vocabulary("type_plural", [
    ("organisation", "Organisationen", "Organisations"),
    ("contact", "Ansprechpersonen", "Contacts"),
    ("project", "Projekte", "Projects"),
    ("programme", "Förderprogramme", "Funding programmes"),
])

LANGUAGES = _vocabulary("language", [
    ("de", "Deutsch", "German"),
    ("en", "Englisch", "English"),
])

WORKFLOW_STATES = _vocabulary("state", [
    ("private", "Entwurf", "Draft"),
    ("pending", "Zur Prüfung", "Pending review"),
    ("published", "Veröffentlicht", "Published"),
    ("archived", "Archiviert", "Archived"),
])

TOPICS = _vocabulary("topics", [
    ("labour-market", "Arbeitsmarkt", "Labour market"),
    ("vocational-training", "Berufliche Bildung", "Vocational training"),
    ("language", "Sprache", "Language"),
    ("education", "Bildung", "Education"),
    ("business", "Wirtschaft und Gründung", "Business and start-ups"),
    ("participation", "Teilhabe und Partizipation", "Participation"),
    ("intercultural-opening", "Interkulturelle Öffnung", "Intercultural opening"),
    ("networking", "Vernetzung", "Networking"),
    ("development", "Migration und Entwicklung", "Migration and development"),
    ("housing", "Wohnen", "Housing"),
    ("health", "Gesundheit", "Health"),
    ("counselling", "Beratung", "Counselling"),
    ("anti-discrimination", "Antidiskriminierung", "Anti-discrimination"),
    (
        "recognition", "Anerkennung ausländischer Abschlüsse",
        "Recognition of foreign qualifications",
    ),
    ("refugees", "Flucht und Asyl", "Refugees and asylum"),
    ("qualification", "Qualifizierung", "Qualification"),
])

TARGET_GROUPS = _vocabulary("target_groups", [
    ("refugees", "Geflüchtete", "Refugees"),
    ("new-immigrants", "Neuzugewanderte", "New immigrants"),
    ("migrants", "Migrant*innen", "Migrants"),
    ("migrant-organisations", "Migrantenorganisationen", "Migrant organisations"),
    ("migrant-entrepreneurs", "Migrantische Unternehmer*innen", "Migrant entrepreneurs"),
    ("employers", "Arbeitgeber*innen", "Employers"),
    ("municipalities", "Kommunen", "Municipalities"),
    ("administration", "Verwaltung", "Public administration"),
    ("volunteers", "Ehrenamtliche", "Volunteers"),
    ("youth", "Jugendliche", "Young people"),
    ("women", "Frauen", "Women"),
    ("skilled-workers", "Fachkräfte", "Skilled workers"),
    ("ngos", "Zivilgesellschaftliche Organisationen", "NGOs"),
    ("district-councils", "Bezirksausschüsse", "District councils"),
])

FUNDING_KINDS = _vocabulary("funding_kinds", [
    ("grant", "Zuschuss", "Grant"),
    ("loan", "Darlehen", "Loan"),
    ("advice", "Beratung", "Advice"),
    ("qualification", "Qualifizierung", "Qualification"),
    ("award", "Preis", "Award"),
    ("network", "Netzwerk", "Network"),
    ("other", "Sonstiges", "Other"),
])

ORG_KINDS = _vocabulary("org_kind", [
    ("authority", "Behörde / Verwaltung", "Public authority"),
    ("association", "Verein / Verband", "Association"),
    ("foundation", "Stiftung", "Foundation"),
    ("company", "Unternehmen", "Company"),
    ("network", "Netzwerk", "Network"),
    ("research", "Forschung", "Research"),
    ("other", "Sonstige", "Other"),
])

PROJECT_STATUSES = _vocabulary("project_status", [
    ("planned", "Geplant", "Planned"),
    ("running", "Laufend", "Running"),
    ("completed", "Abgeschlossen", "Completed"),
])

PROGRAMME_STATUSES = _vocabulary("programme_status", [
    ("open", "Antragstellung offen", "Open for applications"),
    ("upcoming", "Demnächst", "Upcoming"),
    ("closed", "Geschlossen", "Closed"),
])

CONTACT_VISIBILITIES = _vocabulary("visibility", [
    ("public", "Öffentlich", "Public"),
    ("internal", "Nur intern", "Internal only"),
])

STATES = _vocabulary("states", [
    ("DE", "Bundesweit", "Germany (federal)"),
    ("DE-BW", "Baden-Württemberg", "Baden-Württemberg"),
    ("DE-BY", "Bayern", "Bavaria"),
    ("DE-BE", "Berlin", "Berlin"),
    ("DE-BB", "Brandenburg", "Brandenburg"),
    ("DE-HB", "Bremen", "Bremen"),
    ("DE-HH", "Hamburg", "Hamburg"),
    ("DE-HE", "Hessen", "Hesse"),
    ("DE-MV", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    ("DE-NI", "Niedersachsen", "Lower Saxony"),
    ("DE-NW", "Nordrhein-Westfalen", "North Rhine-Westphalia"),
    ("DE-RP", "Rheinland-Pfalz", "Rhineland-Palatinate"),
    ("DE-SL", "Saarland", "Saarland"),
    ("DE-SN", "Sachsen", "Saxony"),
    ("DE-ST", "Sachsen-Anhalt", "Saxony-Anhalt"),
    ("DE-SH", "Schleswig-Holstein", "Schleswig-Holstein"),
    ("DE-TH", "Thüringen", "Thuringia"),
])


def region_label(code: str, lang: str) -> str:
    """Label a region code: a state's name, or a municipality's own name."""
    if "/" in code:
        return code.split("/", 1)[1]
    return STATES.label(code, lang)


def region_state(code: str) -> str:
    """Return the state part of a region code (`DE-NW/Bottrop` -> `DE-NW`)."""
    return code.split("/", 1)[0]


def is_known_region(code: str) -> bool:
    """Tell whether the state part of a region code names a German state (or DE)."""
    return region_state(code) in STATES


# Facet name -> vocabulary, for search filters and labels. `regions` and `status`
# are labelled by functions because their values are not a closed list.
FACET_VOCABULARIES: dict[str, Vocabulary] = {
    "type": CONTENT_TYPES,
    "language": LANGUAGES,
    "topics": TOPICS,
    "target_groups": TARGET_GROUPS,
    "funding_kinds": FUNDING_KINDS,
    "eligible": TARGET_GROUPS,
    "org_kind": ORG_KINDS,
}

# Everything a page may need to label: the facets plus workflow and visibility codes.
LABELLED_VOCABULARIES: dict[str, Vocabulary] = {
    **FACET_VOCABULARIES,
    "state": WORKFLOW_STATES,
    "visibility": CONTACT_VISIBILITIES,
}

STATUS_VALUES = PROJECT_STATUSES.codes + PROGRAMME_STATUSES.codes


def status_label(code: str, lang: str) -> str:
    """Label a project or programme status."""
    vocabulary = PROGRAMME_STATUSES if code in PROGRAMME_STATUSES else PROJECT_STATUSES
    return vocabulary.label(code, lang)


def facet_label(facet: str, value: str, lang: str) -> str:
    """Label any facet value in the reader's language."""
    if facet == "regions":
        return region_label(value, lang)
    if facet == "status":
        return status_label(value, lang)
    vocabulary = LABELLED_VOCABULARIES.get(facet)
    return vocabulary.label(value, lang) if vocabulary else value
