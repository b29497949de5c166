"""Form fields and validators of the editor: phones, e-mail, URLs, lists and references."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

PHONE_REGION = "DE"


def parse_phone(text: str) -> str:
    """Return a German or international phone number in E.164, or raise ValueError."""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_web_url(text: str) -> bool:
    """Tell whether `text` is an absolute http(s) address with a host and no spaces."""
    if re.search(r"\s", text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class PhoneField(StringField):
    """A phone or fax number: typed any usual way, stored as E.164."""

    def pre_validate(self, form) -> None:
        if not self.data:
            self.data = None
            return
        try:
            self.data = parse_phone(self.data)
        except ValueError as exc:
            raise ValidationError(_l("Keine gültige Telefonnummer.")) from exc


class EmailAddressField(StringField):
    """An e-mail address checked for syntax only: no DNS look-ups from the editor."""

    def pre_validate(self, form) -> None:
        if not self.data:
            self.data = None
            return
        try:
            self.data = validate_email(self.data, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValidationError(_l("Keine gültige E-Mail-Adresse.")) from exc


class UrlField(StringField):
    """A web address: http or https only."""

    def pre_validate(self, form) -> None:
        if not self.data:
            self.data = None
        elif not is_web_url(self.data):
            raise ValidationError(_l("Bitte eine Adresse mit http:// oder https:// angeben."))


class ListField(TextAreaField):
    """Several values in one box, one per line (or split by `separator`)."""

    def __init__(self, *args, separator: str = "\n", **kwargs):
        super().__init__(*args, **kwargs)
        self.separator = separator

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        parts = re.split(r"[\n,]" if self.separator == "," else r"\n", text)
        self.data = list(dict.fromkeys(part.strip() for part in parts if part.strip()))

    def process_data(self, value: Any) -> None:
        self.data = list(value or [])

    def _value(self) -> str:
        joiner = ", " if self.separator == "," else "\n"
        return joiner.join(self.data or [])


class UrlListField(ListField):
    """Web addresses, one per line."""

    def pre_validate(self, form) -> None:
        bad = [url for url in self.data or [] if not is_web_url(url)]
        if bad:
            raise ValidationError(
                _l("Keine gültige Adresse: %(urls)s", urls=", ".join(bad)))


class MultiCheckboxField(SelectMultipleField):
    """A vocabulary as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LookupWidget(TextInput):
    """A text box of ids that edit.js turns into search-as-you-type with the titles shown."""

    def __call__(self, field: Field, **kwargs) -> Markup:
        kwargs.setdefault("data-lookup", field.target_type)
        kwargs.setdefault("data-multiple", "1" if field.multiple else "0")
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(field, **kwargs)


class ReferenceField(StringField):
    """Ids of other articles of one type, comma-separated when typed by hand (without JS)."""

    widget = LookupWidget()

    def __init__(self, *args, target_type: str, multiple: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_type = target_type
        self.multiple = multiple

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        ids = [part.strip() for part in text.split(",") if part.strip()]
        self.data = list(dict.fromkeys(ids)) if self.multiple else (ids[0] if ids else None)
        if not self.multiple and len(ids) > 1:
            self.process_errors.append(_l("Bitte nur einen Eintrag wählen."))

    def process_data(self, value: Any) -> None:
        self.data = list(value or []) if self.multiple else (value or None)

    def ids(self) -> list[str]:
        """Return the chosen ids as a list, whether one or several are allowed."""
        if self.multiple:
            return list(self.data or [])
        return [self.data] if self.data else []

    def _value(self) -> str:
        return ", ".join(self.ids())
