"""Changing content through the API: create, update, delete, workflow transitions.

The business rules are the editor's (kb/editing/operations.py) and the field rules
the forms' (kb/content/validation.py). Every change names the version it is based
on (If-Match); an outdated one is refused with 412, never silently overwritten.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from kb.api import limits, schemas
from kb.api.auth import api_role
from kb.api.errors import ApiError
from kb.api.openapi import SIGNED_IN, documented, json_body, json_response, path_param
from kb.api.present import article_response, ref, visible_record
from kb.api.reads import ID_PARAM
from kb.content.models import Article
from kb.content.records import article_to_record
from kb.content.validation import FieldError, validate_record
from kb.content.workflow import TRANSITIONS, WorkflowError
from kb.core.permissions import Role, current_audience
from kb.editing import operations as ops
from kb.extensions import db

# Set by the workflow and the review tools, never by a record sent to the API.
SYSTEM_FIELDS = ("state", "verified", "review_due", "created", "modified")
IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
            "description": 'the ETag of the version the change is based on, e.g. "3"',
            "schema": {"type": "string"}}
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 428, 429)
WORKFLOW_STATUS = {"unknown": 404, "forbidden": 403, "state": 409, "comment": 400}


def _json_object() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def _invalid(errors: list[FieldError]) -> ApiError:
    first = errors[0]
    return ApiError(400, first.message, first.field,
                    errors=[error.as_dict() for error in errors])


def _live_article(article_id: str) -> Article:
    article = db.session.get(Article, article_id)
    if article is None or article.deleted_at is not None:
        raise ApiError(404, "not found")
    return article


def _stale(article: Article) -> ApiError:
    return ApiError(412, f"the article changed meanwhile: it is at version {article.version}",
                    headers={"ETag": f'"{article.version}"'}, current_version=article.version,
                    current=visible_record(article, current_audience()))


def require_version(article: Article) -> None:
    """Refuse a change without If-Match (428), or based on another version (412)."""
    if not request.headers.get("If-Match", "").strip():
        raise ApiError(428, "send If-Match with the ETag of the version you changed")
    if request.if_match.star_tag:
        raise ApiError(428, "If-Match must name a version, not *")
    if not request.if_match.contains(str(article.version)):
        raise _stale(article)


def _commit_or_stale(article_id: str) -> None:
    """Commit; a concurrent save between our check and the commit is a 412 too."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _stale(db.session.get(Article, article_id)) from None


def _count_write() -> None:
    limits.count_write(current_user.id)


def _system_field_errors(body: dict[str, Any], current: dict[str, Any]) -> list[FieldError]:
    return [FieldError(name, f"{name} is set by the workflow and review tools, not by edits")
            for name in SYSTEM_FIELDS if name in body and body[name] != current.get(name)]


@documented("post", summary="Create a draft", tags=["write"], security=SIGNED_IN,
            requestBody=json_body({"$ref": "#/components/schemas/NewRecord"},
                                  "the new record; state is always private"),
            responses={"201": json_response(schemas.ArticleSchema, "the draft", etag=True)},
            errors=(400, 401, 403, 409, 429))
@api_role(Role.editor)
def create():
    """Create a draft from an exchange record (id made from the title when absent)."""
    _count_write()
    body = _json_object()
    errors = _system_field_errors(body, {"state": "private"})
    if errors:
        raise _invalid(errors)
    record_id = body.get("id")
    if isinstance(record_id, str) and db.session.get(Article, record_id) is not None:
        raise ApiError(409, f"the id {record_id!r} is taken", "id")
    if not record_id and isinstance(body.get("title"), str):
        record_id = ops.free_id(body["title"].strip() or "eintrag")
    content = {k: v for k, v in body.items() if k not in SYSTEM_FIELDS}
    clean, errors = validate_record({**content, "id": record_id or "entwurf"})
    if errors:
        raise _invalid(errors)
    article = ops.create(clean, current_user)
    db.session.commit()
    response = article_response(article, 201)
    response.headers["Location"] = url_for("api.article", id=article.id)
    return response


def _merged(article: Article, patch: dict[str, Any]) -> dict[str, Any]:
    current = article_to_record(article)
    errors = [FieldError(name, f"{name} cannot change") for name in ("id", "type")
              if name in patch and patch[name] != current[name]]
    errors += _system_field_errors(patch, current)
    if errors:
        raise _invalid(errors)
    merged = {**current, **patch}
    return {k: v for k, v in merged.items() if v is not None and k not in SYSTEM_FIELDS}


@documented("patch", summary="Change some fields", tags=["write"], security=SIGNED_IN,
            parameters=[ID_PARAM, IF_MATCH, {
                "name": "comment", "in": "query", "required": False,
                "description": "a note for the revision history",
                "schema": {"type": "string", "maxLength": 500}}],
            requestBody=json_body({"$ref": "#/components/schemas/RecordPatch"},
                                  "fields to change, merged onto the current record"),
            responses={"200": json_response(schemas.ArticleSchema, "the saved article",
                                            etag=True)},
            errors=WRITE_ERRORS)
@api_role(Role.editor)
def update(id: str):
    """Merge the given fields onto the current record and save it as a new version."""
    _count_write()
    article = _live_article(id)
    require_version(article)
    patch = _json_object()
    previous = article_to_record(article)
    clean, errors = validate_record(_merged(article, patch), previous)
    if errors:
        raise _invalid(errors)
    comment = (request.args.get("comment") or "")[:500] or None
    try:
        ops.update(article, clean, article.version, current_user, comment)
    except ops.PermissionDenied as error:
        raise ApiError(403, "not allowed") from error
    _commit_or_stale(id)
    return article_response(article)


@documented("delete", summary="Move an article to the trash", tags=["write"],
            security=SIGNED_IN,
            parameters=[ID_PARAM, IF_MATCH, {
                "name": "confirm", "in": "query", "required": False,
                "description": "delete although others refer to it",
                "schema": {"type": "string", "enum": ["true", "false"]}}],
            responses={"204": {"description": "in the trash (reviewers can restore it)"}},
            errors=WRITE_ERRORS)
@api_role(Role.editor)
def delete(id: str):
    """Move the article to the trash: reviewers any, editors their own drafts."""
    _count_write()
    article = _live_article(id)
    require_version(article)
    try:
        ops.delete(article, current_user, confirmed=request.args.get("confirm") == "true")
    except ops.PermissionDenied as error:
        raise ApiError(403, "editors may delete only their own drafts") from error
    except ops.NeedsConfirmation as needed:
        raise _referred(needed) from None
    _commit_or_stale(id)
    return Response(status=204)


def _referred(needed: ops.NeedsConfirmation) -> ApiError:
    return ApiError(409, "other articles refer to this one: repeat with confirm",
                    referrers=[ref(article) for article in needed.referrers])


def _transition_body() -> tuple[str | None, bool]:
    if not request.get_data():
        return None, False
    body = _json_object()
    comment, confirm = body.get("comment"), body.get("confirm", False)
    if comment is not None and (not isinstance(comment, str) or len(comment) > 2000):
        raise ApiError(400, "comment must be text of at most 2000 characters", "comment")
    if not isinstance(confirm, bool):
        raise ApiError(400, "confirm must be true or false", "confirm")
    return comment, confirm


@documented("post", summary="Move an article through the workflow", tags=["write"],
            security=SIGNED_IN,
            parameters=[ID_PARAM, path_param("name", "the transition", enum=list(TRANSITIONS)),
                        IF_MATCH],
            requestBody=json_body(schemas.TransitionBodySchema, "an optional comment",
                                  required=False),
            responses={"200": json_response(schemas.ArticleSchema, "the article in its new "
                                            "state", etag=True)},
            errors=WRITE_ERRORS)
@api_role(Role.editor)
def transition(id: str, name: str):
    """Submit, publish, reject, retract, archive or restore an article."""
    _count_write()
    article = _live_article(id)
    if name not in TRANSITIONS:
        raise ApiError(404, f"no transition {name!r}", "name")
    require_version(article)
    comment, confirm = _transition_body()
    try:
        ops.transition(article, name, current_user, comment, confirmed=confirm)
    except WorkflowError as error:
        raise _workflow_error(article, name, error.reason) from None
    except ops.NeedsConfirmation as needed:
        raise _referred(needed) from None
    _commit_or_stale(id)
    return article_response(article)


def _workflow_error(article: Article, name: str, reason: str) -> ApiError:
    messages = {
        "forbidden": f"{name} needs the {TRANSITIONS[name].role.name} role",
        "state": f"{name} is not possible from {article.state}",
        "comment": f"{name} needs a comment",
    }
    field = "comment" if reason == "comment" else None
    return ApiError(WORKFLOW_STATUS[reason], messages.get(reason, "unknown transition"), field)
