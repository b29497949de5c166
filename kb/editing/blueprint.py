"""URL map of the editor: everything under /<lang>/edit/."""

from kb.content.workflow import TRANSITIONS
from kb.core.urls import language_blueprint
from kb.editing import manage_views, views

bp = language_blueprint("editing", __name__, "/edit")

TYPE_PATTERN = "<any(organisation, contact, project, programme):type>"
TRANSITION_PATTERN = "<any({}):transition>".format(", ".join(TRANSITIONS))


bp.app_context_processor(views.editor_context)

bp.add_url_rule("/", "dashboard", manage_views.dashboard)
bp.add_url_rule("/lookup", "lookup", views.lookup)
bp.add_url_rule("/preview", "preview", views.preview, methods=["POST"])
bp.add_url_rule("/trash", "trash", manage_views.trash_page)
bp.add_url_rule("/settings", "settings", manage_views.settings, methods=["GET", "POST"])
bp.add_url_rule(f"/new/{TYPE_PATTERN}", "new", views.new, methods=["GET", "POST"])
bp.add_url_rule("/<id>", "edit", views.edit, methods=["GET", "POST"])
bp.add_url_rule("/<id>/translate", "translate", views.translate, methods=["GET", "POST"])
bp.add_url_rule(f"/<id>/{TRANSITION_PATTERN}", "transition", manage_views.transition,
                methods=["POST"])
bp.add_url_rule("/<id>/history", "history", manage_views.history)
bp.add_url_rule("/<id>/compare", "compare", manage_views.compare)
bp.add_url_rule("/<id>/revisions/<int:version>/restore", "restore_revision",
                manage_views.restore_revision, methods=["POST"])
bp.add_url_rule("/<id>/delete", "delete", manage_views.delete, methods=["POST"])
bp.add_url_rule("/<id>/undelete", "undelete", manage_views.undelete, methods=["POST"])
bp.add_url_rule("/<id>/verify", "verify", manage_views.verify, methods=["POST"])
bp.add_url_rule("/<id>/confirm-translation", "confirm_translation",
                manage_views.confirm_translation, methods=["POST"])
