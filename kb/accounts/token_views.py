"""The account page for API tokens: list, create (shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from kb.accounts import tokens
from kb.core.permissions import Role, require_role
from kb.extensions import db

LANGUAGES = ("de", "en")
bp = Blueprint("tokens", __name__, url_prefix="/<lang>/account/tokens")


@bp.url_value_preprocessor
def _take_language(endpoint, values) -> None:
    lang = (values or {}).pop("lang", None)
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang


@bp.url_defaults
def _add_language(endpoint, values) -> None:
    values.setdefault("lang", getattr(g, "lang", "de"))


class TokenForm(FlaskForm):
    """A new token's name (what it is for)."""

    name = StringField(_l("Wofür? (Name des Tokens)"), [Optional(), Length(max=100)])


class RevokeForm(FlaskForm):
    """A bare POST with the CSRF token."""


def _user():
    return current_user._get_current_object()


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    user = _user()
    listed = tokens.tokens_of(None if user.role == "admin" else user)
    return render_template("accounts/tokens.html", form=form, revoke_form=RevokeForm(),
                           tokens=listed, secret=secret), status


@bp.get("/")
@require_role(Role.staff)
def index():
    """List the caller's tokens (admins: everyone's)."""
    return _page(TokenForm())


@bp.post("/")
@require_role(Role.staff)
def create():
    """Create a token and show its secret, this once."""
    form = TokenForm()
    if not form.validate():
        return _page(form, status=400)
    _token, secret = tokens.issue(_user(), form.name.data or "")
    db.session.commit()
    # Rendered, not flashed: a flashed message would travel in the (signed, unencrypted)
    # session cookie.
    return _page(TokenForm(formdata=None), secret=secret, status=201)


@bp.post("/<int:token_id>/revoke")
@require_role(Role.staff)
def revoke(token_id: int):
    """Revoke one of the caller's tokens (admins: anyone's)."""
    RevokeForm()  # CSRFProtect has checked the token already
    token = db.session.get(tokens.ApiToken, token_id)
    if token is None or not tokens.may_manage(token, _user()):
        abort(404)
    if tokens.revoke(token):
        db.session.commit()
        flash(_("Das Token wurde widerrufen."))
    return redirect(url_for("tokens.index"), 303)
