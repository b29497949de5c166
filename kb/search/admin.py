"""The glossary page: admins extend the search's synonyms and abbreviations without code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from kb import audit
from kb.content.models import utcnow
from kb.core.permissions import Role, require_role
from kb.core.urls import language_blueprint
from kb.extensions import db
from kb.search import glossary
from kb.search.service import forget_glossary

bp = language_blueprint("glossary", __name__, "/admin/glossary")
MAX_CHARS = 100_000


class GlossaryForm(FlaskForm):
    """One text area in the glossary's own line format."""

    text = TextAreaField()


@bp.route("/", methods=["GET", "POST"])
@require_role(Role.admin)
def edit():
    """Show and save the site's glossary lines (validated line by line)."""
    stored = glossary.stored_additions()
    form = GlossaryForm(data={"text": stored.value if stored else ""})
    problems: list[str] = []
    if form.validate_on_submit():
        text = (form.text.data or "").replace("\r\n", "\n")[:MAX_CHARS]
        problems = glossary.problems(text)
        if not problems:
            glossary.save_additions(text, utcnow())
            audit.record("settings.update", target=("settings", "glossary"),
                         lines=len([line for line in text.splitlines() if line.strip()]))
            db.session.commit()
            forget_glossary(current_app._get_current_object())
            flash(_("Glossar gespeichert. Die Suche verwendet es ab sofort."))
            return redirect(url_for("glossary.edit"))
    status = 422 if problems or (request.method == "POST" and form.errors) else 200
    return render_template("search/glossary.html", form=form, problems=problems,
                           default_text=glossary.DEFAULT_FILE.read_text(encoding="utf-8")), status
