"""Imprint, privacy notice and accessibility statement, filled from operator settings."""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask, current_app, g, render_template

from kb.core.templating import long_date

# Operators set these in the environment; the placeholders make a missing value obvious
# on the page instead of silently publishing someone else's address.
OPERATOR_DEFAULTS: dict[str, str] = {
    "KB_OPERATOR_NAME": "[Name der Behörde oder Organisation]",
    "KB_OPERATOR_ADDRESS": "[Straße Hausnummer]\n[PLZ Ort]",
    "KB_OPERATOR_EMAIL": "kontakt@example.org",
    "KB_OPERATOR_PHONE": "",
    "KB_OPERATOR_REPRESENTATIVE": "[vertretungsberechtigte Person, Funktion]",
    "KB_OPERATOR_RESPONSIBLE": "",  # § 18 Abs. 2 MStV; empty: the representative
    "KB_OPERATOR_SUPERVISOR": "",  # Aufsichtsbehörde, where there is one
    "KB_PRIVACY_OFFICER": "[Datenschutzbeauftragte*r, Anschrift oder E-Mail]",
    "KB_PRIVACY_AUTHORITY": "[zuständige Datenschutz-Aufsichtsbehörde des Landes]",
    "KB_LOG_RETENTION_DAYS": "7",
    "KB_ACCESSIBILITY_EMAIL": "",  # empty: the operator's e-mail
    "KB_ACCESSIBILITY_DATE": "2026-11-22",
    # The federal conciliation body; a municipal site names its state's body instead.
    "KB_ENFORCEMENT_NAME": "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (BGG)",
    "KB_ENFORCEMENT_ADDRESS": "Mauerstraße 53\n10117 Berlin",
    "KB_ENFORCEMENT_URL": "https://www.schlichtungsstelle-bgg.de",
}

# The same placeholders on the English pages.
PLACEHOLDERS_EN: dict[str, str] = {
    "KB_OPERATOR_NAME": "[name of the authority or organisation]",
    "KB_OPERATOR_ADDRESS": "[street and house number]\n[postcode and town]",
    "KB_OPERATOR_REPRESENTATIVE": "[person authorised to represent, position]",
    "KB_PRIVACY_OFFICER": "[data protection officer, address or e-mail]",
    "KB_PRIVACY_AUTHORITY": "[competent data protection supervisory authority of the state]",
}


def init_app(app: Flask) -> None:
    """Take operator settings from the environment unless the app config has them."""
    for key, default in OPERATOR_DEFAULTS.items():
        app.config.setdefault(key, os.environ.get(key, default))


def operator() -> dict[str, str]:
    """Return the operator settings for the legal templates, with fallbacks applied."""
    config = current_app.config
    values = {key.removeprefix("KB_").lower(): _placeholder_in_language(key, config.get(key))
              for key in OPERATOR_DEFAULTS}
    values["operator_responsible"] = (values["operator_responsible"]
                                      or values["operator_representative"])
    values["accessibility_email"] = values["accessibility_email"] or values["operator_email"]
    values["session_cookie"] = config.get("SESSION_COOKIE_NAME") or "session"
    values["accessibility_date"] = _long_date(values["accessibility_date"])
    return values


def _long_date(value: str) -> str:
    """Write an ISO date the reader's way; leave anything else as the operator wrote it."""
    try:
        return long_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _placeholder_in_language(key: str, value) -> str:
    """Return a setting; an unset one's placeholder in the page's language."""
    value = str(value or "")
    if g.get("lang") == "en" and key in PLACEHOLDERS_EN and value == OPERATOR_DEFAULTS[key]:
        return PLACEHOLDERS_EN[key]
    return value


def _legal_page(name: str):
    """Render a legal page; its text is content, kept per language in its own template."""
    return render_template(f"site/legal/{name}.{g.lang}.html", page=name, op=operator())


def imprint():
    """Show the imprint (Impressum)."""
    return _legal_page("imprint")


def privacy():
    """Show the privacy notice (Datenschutzerklärung)."""
    return _legal_page("privacy")


def accessibility():
    """Show the accessibility statement (Erklärung zur Barrierefreiheit)."""
    return _legal_page("accessibility")
