"""Forms for signing in and for managing accounts (CSRF via Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from kb.accounts.models import ACCOUNT_ROLES, MIN_PASSWORD_LENGTH


def role_choices() -> list[tuple[str, str]]:
    """Return the roles an account can have, labelled for the reader."""
    return [(name, role_label(name)) for name in ACCOUNT_ROLES]


ROLE_LABELS = {
    "staff": _l("Mitarbeitende"),
    "editor": _l("Redaktion"),
    "reviewer": _l("Prüfung"),
    "admin": _l("Administration"),
}


def role_label(name: str) -> str:
    """Name a role in the reader's language."""
    return str(ROLE_LABELS.get(name, name))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Passwort"), validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only the CSRF token: signing out is a POST."""


class UserCreateForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=320)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Rolle"), choices=role_choices, validators=[DataRequired()])
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
    )
    confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[DataRequired(),
                    EqualTo("password", message=_l("Die Passwörter stimmen nicht überein."))],
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=role_choices, validators=[DataRequired()])


class ActiveForm(FlaskForm):
    """Only the CSRF token: the URL says whether to enable or disable."""
