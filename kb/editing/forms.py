"""One form per content type, covering every exchange field an editor may set."""

from __future__ import annotations

import re

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from kb.core import vocabularies as vocab
from kb.editing.fields import (
    EmailAddressField,
    ListField,
    MultiCheckboxField,
    PhoneField,
    ReferenceField,
    UrlField,
    UrlListField,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,99}$"
LANGUAGE_CODES = r"^[a-z]{2,3}$"
EXTRA_REGION_ROWS = 1


class RegionForm(Form):
    """One region: a state (or all of Germany) and optionally a municipality in it."""

    state = SelectField(_l("Land"), validate_choice=False)
    municipality = StringField(
        _l("Kommune"), [Optional(), Length(max=100),
                        Regexp(r"^[^/]*$", message=_l("Ohne Schrägstrich, bitte."))])


class ArticleForm(FlaskForm):
    """What every content type shares."""

    record_type = "article"
    # (earlier, later, may be equal): checked against each other after the single fields.
    date_order: tuple[tuple[str, str, bool], ...] = (("effective", "expires", False),)

    version = HiddenField()
    id = StringField(_l("Kennung (optional)"), [Optional(), Regexp(
        ID_PATTERN, message=_l("Kleinbuchstaben, Ziffern und Bindestriche, 2 bis 100 Zeichen."))])
    language = SelectField(_l("Sprache"))
    title = StringField(_l("Titel"), [InputRequired(), Length(max=300)])
    summary = TextAreaField(_l("Kurzbeschreibung"), [Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text (Markdown)"), [Optional(), Length(max=200000)])
    tags = ListField(_l("Schlagwörter (durch Kommas getrennt)"), separator=",")
    topics = MultiCheckboxField(_l("Themen"))
    target_groups = MultiCheckboxField(_l("Zielgruppen"))
    regions = FieldList(FormField(RegionForm), label=_l("Regionen"))
    effective = DateField(_l("Sichtbar ab"), [Optional()])
    expires = DateField(_l("Sichtbar bis (ausschließlich)"), [Optional()])
    links = UrlListField(_l("Links (eine Adresse je Zeile)"))
    comment = StringField(_l("Kommentar zur Änderung"), [Optional(), Length(max=500)])
    preview = SubmitField(_l("Vorschau"))
    save = SubmitField(_l("Speichern"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = getattr(g, "lang", "de")
        self.language.choices = vocab.LANGUAGES.choices(lang)
        self.topics.choices = vocab.TOPICS.choices(lang)
        self.target_groups.choices = vocab.TARGET_GROUPS.choices(lang)
        self._vocabulary_choices(lang)
        if not self.is_submitted():
            for _ in range(EXTRA_REGION_ROWS):
                self.regions.append_entry()
        states = [("", "–")] + vocab.STATES.choices(lang)
        for entry in self.regions:
            entry.form.state.choices = states

    def _vocabulary_choices(self, lang: str) -> None:
        """Give the type's own vocabulary fields their labels in the editor's language."""

    def validate(self, extra_validators=None) -> bool:
        """Check every field, then the dates against each other."""
        valid = super().validate(extra_validators)
        for earlier, later, may_equal in self.date_order:
            first, second = self[earlier], self[later]
            if first.errors or second.errors or not (first.data and second.data):
                continue
            if second.data < first.data or (second.data == first.data and not may_equal):
                message = _l("Muss nach „%(other)s“ liegen.", other=first.label.text)
                if may_equal:
                    message = _l("Darf nicht vor „%(other)s“ liegen.", other=first.label.text)
                second.errors.append(message)
                valid = False
        return valid

    def reference_fields(self) -> list[ReferenceField]:
        """Return every reference field of the form."""
        return [field for field in self if isinstance(field, ReferenceField)]


def _blank(lang_choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "–")] + lang_choices


class OrganisationForm(ArticleForm):
    record_type = "organisation"

    translation_of = ReferenceField(_l("Übersetzung von"), target_type="organisation")
    org_kind = SelectField(_l("Art der Organisation"), [Optional()])
    parent = ReferenceField(_l("Übergeordnete Organisation"), target_type="organisation")
    street = StringField(_l("Straße und Hausnummer"), [Optional(), Length(max=200)])
    postcode = StringField(_l("Postleitzahl"), [Optional(), Regexp(
        r"^\d{5}$", message=_l("Fünf Ziffern, bitte."))])
    city = StringField(_l("Ort"), [Optional(), Length(max=200)])
    phone = PhoneField(_l("Telefon"))
    fax = PhoneField(_l("Fax"))
    email = EmailAddressField(_l("E-Mail"))
    website = UrlField(_l("Website"))

    def _vocabulary_choices(self, lang: str) -> None:
        self.org_kind.choices = _blank(vocab.ORG_KINDS.choices(lang))


class ContactForm(ArticleForm):
    record_type = "contact"

    translation_of = ReferenceField(_l("Übersetzung von"), target_type="contact")
    name = StringField(_l("Name"), [InputRequired(), Length(max=200)])
    honorific = StringField(_l("Titel / Anrede"), [Optional(), Length(max=60)])
    position = StringField(_l("Funktion"), [Optional(), Length(max=300)])
    organisation = ReferenceField(_l("Organisation"), target_type="organisation")
    phone = PhoneField(_l("Telefon"))
    email = EmailAddressField(_l("E-Mail"))
    responsibilities = ListField(_l("Zuständig für (eines je Zeile)"))
    languages_spoken = ListField(
        _l("Sprachen (ISO-639-Kürzel, durch Kommas getrennt, z. B. de, en, tr)"), separator=",")
    visibility = RadioField(_l("Sichtbarkeit"), default="internal")

    def _vocabulary_choices(self, lang: str) -> None:
        self.visibility.choices = vocab.CONTACT_VISIBILITIES.choices(lang)

    def validate_languages_spoken(self, field) -> None:
        """Accept ISO 639 codes only, so the search's language facet stays clean."""
        bad = [code for code in field.data or [] if not re.match(LANGUAGE_CODES, code)]
        if bad:
            raise ValidationError(_l("Keine Sprachkürzel: %(codes)s", codes=", ".join(bad)))


class ProjectForm(ArticleForm):
    record_type = "project"
    date_order = ArticleForm.date_order + (("start", "end", True),)

    translation_of = ReferenceField(_l("Übersetzung von"), target_type="project")
    organisation = ReferenceField(_l("Träger"), target_type="organisation")
    partners = ReferenceField(_l("Partner"), target_type="organisation", multiple=True)
    programmes = ReferenceField(_l("Gefördert durch"), target_type="programme", multiple=True)
    contacts = ReferenceField(_l("Ansprechpersonen"), target_type="contact", multiple=True)
    start = DateField(_l("Beginn"), [Optional()])
    end = DateField(_l("Ende"), [Optional()])
    status = SelectField(_l("Status"), [Optional()])

    def _vocabulary_choices(self, lang: str) -> None:
        self.status.choices = _blank(vocab.PROJECT_STATUSES.choices(lang))


class ProgrammeForm(ArticleForm):
    record_type = "programme"
    date_order = ArticleForm.date_order + (
        ("open_from", "open_until", True), ("open_from", "deadline", True),
        ("deadline", "open_until", True),
    )

    translation_of = ReferenceField(_l("Übersetzung von"), target_type="programme")
    funders = ReferenceField(_l("Fördergeber"), target_type="organisation", multiple=True)
    funding_kinds = MultiCheckboxField(_l("Förderart"))
    eligible = MultiCheckboxField(_l("Antragsberechtigt"))
    amount_max_eur = DecimalField(_l("Höchstbetrag in Euro"), [Optional(), NumberRange(min=0)])
    open_from = DateField(_l("Antragstellung ab"), [Optional()])
    open_until = DateField(_l("Antragstellung bis"), [Optional()])
    deadline = DateField(_l("Frist"), [Optional()])
    application_url = UrlField(_l("Antragsformular (Adresse)"))
    contacts = ReferenceField(_l("Ansprechpersonen"), target_type="contact", multiple=True)

    def _vocabulary_choices(self, lang: str) -> None:
        self.funding_kinds.choices = vocab.FUNDING_KINDS.choices(lang)
        self.eligible.choices = vocab.TARGET_GROUPS.choices(lang)


FORMS: dict[str, type[ArticleForm]] = {
    form.record_type: form
    for form in (OrganisationForm, ContactForm, ProjectForm, ProgrammeForm)
}


class TransitionForm(FlaskForm):
    """A workflow step, with the comment a rejection needs."""

    comment = TextAreaField(_l("Kommentar"), [Optional(), Length(max=2000)])
    confirm = HiddenField()
    version = HiddenField()


class ConfirmForm(FlaskForm):
    """A bare POST (delete, restore, verify): CSRF and an optional confirmation."""

    confirm = HiddenField()
    comment = StringField(_l("Kommentar"), [Optional(), Length(max=500)])


class IntervalsForm(FlaskForm):
    """The review interval in months for every content type (admins)."""

    organisation = IntegerField(_l("Organisationen"), [InputRequired(), NumberRange(1, 60)])
    contact = IntegerField(_l("Ansprechpersonen"), [InputRequired(), NumberRange(1, 60)])
    project = IntegerField(_l("Projekte"), [InputRequired(), NumberRange(1, 60)])
    programme = IntegerField(_l("Förderprogramme"), [InputRequired(), NumberRange(1, 60)])

