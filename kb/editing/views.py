"""Thin views of the article forms: create, edit, translate, look up, preview."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from kb.content import freshness, workflow
from kb.content.models import MODEL_BY_TYPE, Article, Contact
from kb.content.records import article_to_record
from kb.core.markdown import render_markdown
from kb.core.permissions import Role, current_role, require_role
from kb.editing import operations as ops
from kb.editing.forms import FORMS, ArticleForm
from kb.editing.records import attach_problems, check_record, form_to_record, record_to_formdata
from kb.extensions import db

LOOKUP_LIMIT = 20
# Carried over when translating: facts, not text.
TRANSLATION_DROPS = ("id", "language", "translation_of", "title", "summary", "body", "tags",
                     "state", "verified", "review_due", "created", "modified")


def load(article_id: str) -> Article:
    """Return the article (trash included) or answer 404."""
    article = db.session.get(Article, article_id)
    if article is None:
        abort(404)
    return article


def load_live(article_id: str) -> Article:
    """Return an article that is not in the trash, or answer 404."""
    article = load(article_id)
    if article.deleted_at is not None:
        abort(404)
    return article


def reference_titles(ids: list[str]) -> dict[str, str]:
    """Return id -> title for the given ids (so the form shows names, not ids)."""
    if not ids:
        return {}
    rows = db.session.execute(select(Article.id, Article.title).where(Article.id.in_(ids)))
    return {row.id: row.title for row in rows}


def reference_labels(field) -> Markup:
    """Return the data-labels attribute value of a reference field, as JSON."""
    return Markup.escape(json.dumps(reference_titles(field.ids()), ensure_ascii=False))


def render_form(form: ArticleForm, article: Article | None, status: int = 200,
                **context: Any):
    """Render the article form, with the preview when asked for."""
    if form.preview.data:
        context["preview"] = render_markdown(form.body.data)
    return render_template(
        "editing/form.html", form=form, article=article, record_type=form.record_type,
        reference_labels=reference_labels, **context,
    ), status


def validated_record(form: ArticleForm, record_id: str,
                     previous: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Validate the form, then the record by the importer's rules; None when anything fails."""
    if not form.validate():
        return None
    record = form_to_record(form, record_id)
    problems = check_record(record, previous)
    attach_problems(form, problems)
    return None if problems else record


def _new_id(form: ArticleForm) -> str | None:
    """Return the chosen id if free, a free one made from the title, or None (id taken)."""
    if not form.id.data:
        return ops.free_id((form.title.data or "").strip() or "eintrag")
    if db.session.get(Article, form.id.data) is not None:
        form.id.errors = [*form.id.errors, _("Diese Kennung ist schon vergeben.")]
        return None
    return form.id.data


@require_role(Role.editor)
def new(type: str):
    """Create a draft of one content type."""
    form = FORMS[type](data={"language": g.lang})
    if request.method == "GET" or form.preview.data:
        return render_form(form, None)
    record_id = _new_id(form)
    record = validated_record(form, record_id or "entwurf")
    if record is None or record_id is None:
        return render_form(form, None, 422)
    article = ops.create(record, current_user, form.comment.data)
    db.session.commit()
    flash(_("Entwurf gespeichert."))
    return redirect(url_for("editing.edit", id=article.id))


def _edit_form(article: Article) -> ArticleForm:
    if request.method == "POST":
        return FORMS[article.type]()
    form = FORMS[article.type](data=record_to_formdata(article_to_record(article)))
    form.version.data = str(article.version)
    return form


@require_role(Role.editor)
def edit(id: str):
    """Show and save the form of an existing article; refuse silent overwrites."""
    article = load_live(id)
    form = _edit_form(article)
    if request.method == "GET" or form.preview.data:
        return render_form(form, article)
    record = validated_record(form, article.id, article_to_record(article))
    if record is None:
        return render_form(form, article, 422)
    try:
        changed = ops.update(article, record, _base_version(form), current_user,
                             form.comment.data)
        db.session.commit()
    except ops.EditConflict as conflict:
        db.session.rollback()
        return conflict_page(form, load_live(id), conflict)
    except StaleDataError:
        db.session.rollback()
        current = load_live(id)
        return conflict_page(form, current, ops.EditConflict(
            _base_version(form), current.version, None))
    flash(_("Gespeichert.") if changed else _("Keine Änderungen."))
    return redirect(url_for("editing.edit", id=article.id))


def _base_version(form: ArticleForm) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


def conflict_page(form: ArticleForm, current: Article, conflict: ops.EditConflict):
    """Re-show the editor's input with what changed meanwhile, based on the current version."""
    form.version.data = str(current.version)
    form.form_errors.append(_("Jemand anderes hat den Eintrag inzwischen geändert."))
    return render_form(form, current, 409, conflict=conflict)


@require_role(Role.editor)
def translate(id: str):
    """Create the other-language version, with the original beside the form."""
    original = load_live(id)
    target = "en" if original.language == "de" else "de"
    existing = ops.translation_in(original, target)
    if existing is not None:
        return redirect(url_for("editing.edit", id=existing.id))
    source = article_to_record(original)
    if request.method == "GET":
        data = {k: v for k, v in source.items() if k not in TRANSLATION_DROPS}
        form = FORMS[original.type](data={**record_to_formdata(data), "language": target,
                                          "translation_of": original.id,
                                          "title": original.title})
    else:
        form = FORMS[original.type]()
    if request.method == "GET" or form.preview.data:
        return render_form(form, None, original=original)
    record_id = _new_id(form)
    record = validated_record(form, record_id or "entwurf")
    if record is None or record_id is None:
        return render_form(form, None, 422, original=original)
    article = ops.create(record, current_user, form.comment.data)
    db.session.commit()
    flash(_("Übersetzung gespeichert."))
    return redirect(url_for("editing.edit", id=article.id))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@require_role(Role.editor)
def lookup():
    """Answer search-as-you-type: live articles of one type whose title (or name) matches."""
    model = MODEL_BY_TYPE.get(request.args.get("type", ""))
    if model is None:
        return jsonify(error="unknown type"), 400
    text = request.args.get("q", "").strip()[:100]
    pattern = _like(text)
    matches = model.title.ilike(pattern, escape="\\") | model.id.ilike(pattern, escape="\\")
    if model is Contact:
        matches = matches | Contact.name.ilike(pattern, escape="\\")
    query = (
        select(model.id, model.title, model.type, model.language)
        .where(matches, model.deleted_at.is_(None))
        .order_by(func.lower(model.title)).limit(LOOKUP_LIMIT)
    )
    results = [{"id": row.id, "title": row.title, "type": row.type, "language": row.language}
               for row in db.session.execute(query)]
    return jsonify(results=results)


@require_role(Role.editor)
def preview():
    """Render a Markdown body the way the article page will show it."""
    return jsonify(html=str(render_markdown(request.form.get("body", ""))))


def editor_panel(article: Article) -> dict[str, Any] | None:
    """Return what editors see on an article page: actions, workflow log, freshness."""
    role = current_role()
    if role < Role.editor:
        return None
    outdated = [t for t in article.translations if t.deleted_at is None
                and freshness.is_outdated(t)]
    return {
        "transitions": workflow.available(article, role),
        "events": workflow.history(article.id),
        "outdated": freshness.outdated_since(article),
        "outdated_translations": outdated,
        "may_delete": ops.may_delete(article, current_user),
        "role": role,
    }


def editor_context() -> dict[str, Any]:
    """Give every template the editor panel helper."""
    return {"editor_panel": editor_panel, "Role": Role}
