"""Thin views around an article's life: workflow, history, trash, freshness, dashboard."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kb.content import freshness, revisions, trash, workflow
from kb.content.models import Article
from kb.content.revisions import Revision
from kb.core.permissions import Role, current_role, require_role
from kb.core.templating import label, long_date
from kb.editing import operations as ops
from kb.editing.forms import ConfirmForm, IntervalsForm, TransitionForm
from kb.editing.views import load, load_live
from kb.extensions import db

WORKFLOW_STATUS = {"forbidden": 403, "unknown": 404, "state": 409, "comment": 422}


def _back(article: Article):
    return redirect(url_for("editing.edit", id=article.id))


def confirm_page(article: Article, action: str, referrers: list[Article], comment: str = ""):
    """Ask again before deleting or archiving what other articles refer to."""
    return render_template("editing/confirm.html", article=article, action=action,
                           referrers=referrers, comment=comment), 409


@require_role(Role.editor)
def transition(id: str, transition: str):
    """Make a workflow step; the role and state rules are checked by the operation."""
    article = load_live(id)
    form = TransitionForm()
    try:
        ops.transition(article, transition, current_user, form.comment.data,
                       confirmed=form.confirm.data == "1")
        db.session.commit()
    except workflow.WorkflowError as error:
        db.session.rollback()
        if error.reason in ("forbidden", "unknown"):
            abort(WORKFLOW_STATUS[error.reason])
        return render_template("editing/transition.html", article=article,
                               transition=transition, reason=error.reason,
                               form=form), WORKFLOW_STATUS[error.reason]
    except ops.NeedsConfirmation as needed:
        db.session.rollback()
        return confirm_page(article, transition, needed.referrers, form.comment.data or "")
    flash(_("Status geändert: %(state)s", state=label("state", article.state)))
    return _back(article)


@require_role(Role.editor)
def delete(id: str):
    """Move an article to the trash, asking first when others refer to it."""
    article = load_live(id)
    form = ConfirmForm()
    try:
        ops.delete(article, current_user, confirmed=form.confirm.data == "1")
        db.session.commit()
    except ops.PermissionDenied:
        abort(403)
    except ops.NeedsConfirmation as needed:
        db.session.rollback()
        return confirm_page(article, "delete", needed.referrers)
    flash(_("In den Papierkorb gelegt: %(title)s", title=article.title))
    return redirect(url_for("editing.dashboard"))


@require_role(Role.reviewer)
def undelete(id: str):
    """Take an article out of the trash."""
    article = load(id)
    ops.undelete(article, current_user)
    db.session.commit()
    flash(_("Wiederhergestellt: %(title)s", title=article.title))
    return _back(article)


@require_role(Role.editor)
def trash_page():
    """List what is in the trash."""
    return render_template("editing/trash.html", articles=trash.trashed(),
                           may_restore=current_role() >= Role.reviewer)


@require_role(Role.editor)
def history(id: str):
    """List an article's revisions and workflow steps."""
    article = load(id)
    return render_template("editing/history.html", article=article,
                           revisions=revisions.listing(article.id),
                           events=workflow.history(article.id))


def _revision(article: Article, version: int | None) -> Revision:
    found = revisions.get(article.id, version) if version else None
    if found is None:
        abort(404)
    return found


@require_role(Role.editor)
def compare(id: str):
    """Compare two revisions field by field (the body line by line)."""
    article = load(id)
    old = _revision(article, request.args.get("a", type=int))
    new = _revision(article, request.args.get("b", type=int))
    return render_template("editing/compare.html", article=article, old=old, new=new,
                           changes=revisions.compare(old.record, new.record))


@require_role(Role.editor)
def restore_revision(id: str, version: int):
    """Save an old revision's content as the newest version."""
    article = load_live(id)
    changed = ops.restore_revision(article, _revision(article, version), current_user)
    db.session.commit()
    flash(_("Version %(version)s wiederhergestellt.", version=version) if changed
          else _("Keine Änderungen."))
    return _back(article)


@require_role(Role.editor)
def verify(id: str):
    """Confirm the entry is still correct; sets the next review date."""
    article = load_live(id)
    ops.verify(article, current_user)
    db.session.commit()
    flash(_("Als geprüft vermerkt; nächste Prüfung am %(date)s.",
            date=long_date(article.review_due)))
    return _back(article)


@require_role(Role.editor)
def confirm_translation(id: str):
    """Confirm a translation still matches its original."""
    article = load_live(id)
    try:
        ops.confirm_translation(article, current_user)
    except ops.PermissionDenied:
        abort(400)
    db.session.commit()
    flash(_("Übersetzung als aktuell bestätigt."))
    return _back(article)


@require_role(Role.editor)
def dashboard():
    """Show my drafts, what awaits review, overdue reviews and outdated translations."""
    # IN (subquery), not JOIN + DISTINCT: PostgreSQL cannot compare JSON columns for DISTINCT.
    authored = select(Revision.article_id).where(Revision.author_id == current_user.id)
    mine = (
        select(Article)
        .where(Article.id.in_(authored), Article.state == "private",
               Article.deleted_at.is_(None))
        .order_by(Article.modified.desc())
    )
    pending = select(Article).where(Article.state == "pending", Article.deleted_at.is_(None))
    return render_template(
        "editing/dashboard.html",
        drafts=list(db.session.scalars(mine)),
        pending=list(db.session.scalars(pending.order_by(Article.modified))),
        is_reviewer=current_role() >= Role.reviewer,
        overdue=freshness.overdue(),
        outdated=freshness.outdated_translations(),
    )


@require_role(Role.admin)
def settings():
    """Let admins choose the review interval per content type."""
    form = IntervalsForm(data=freshness.intervals())
    if form.validate_on_submit():
        ops.set_intervals({name: form[name].data for name in freshness.DEFAULT_INTERVALS},
                          current_user)
        db.session.commit()
        flash(_("Prüfintervalle gespeichert."))
        return redirect(url_for("editing.settings"))
    return render_template("editing/settings.html", form=form)
