"""Marshmallow schemas of the API's bodies: the OpenAPI document is generated from them.

Exchange records are described by the exchange format's own JSON Schema
(kb/content/exchange.schema.json), registered as the `Record` component: OpenAPI
3.1 speaks JSON Schema 2020-12, so the contract file is used as it is.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

CONTENT_TYPES = ("organisation", "contact", "project", "programme")
LANGS = ("de", "en")


class RecordField(fields.Raw):
    """An exchange record; documented as a reference to the `Record` component."""

    component = "Record"


class FieldErrorSchema(Schema):
    error = fields.String(required=True)
    field = fields.String(required=True, allow_none=True,
                          metadata={"description": "the record field concerned, if any"})


class ErrorSchema(FieldErrorSchema):
    errors = fields.List(fields.Nested(FieldErrorSchema),
                         metadata={"description": "every problem, when there are several"})


class ArticleRefSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(CONTENT_TYPES))
    language = fields.String(required=True, validate=validate.OneOf(LANGS))
    title = fields.String(required=True)


class StaleVersionSchema(FieldErrorSchema):
    current_version = fields.Integer(required=True)
    current = RecordField(required=True, metadata={"description": "the record as it is now"})


class ReferrersSchema(FieldErrorSchema):
    referrers = fields.List(fields.Nested(ArticleRefSchema), required=True)


class ArticleSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(CONTENT_TYPES))
    language = fields.String(required=True, validate=validate.OneOf(LANGS))
    title = fields.String(required=True)
    version = fields.Integer(required=True, metadata={"description": "also sent as the ETag"})
    url = fields.String(required=True, metadata={"description": "the article's page"})
    record = RecordField(required=True, metadata={
        "description": "the exchange record; for readers who may not see drafts, references "
                       "to articles they may not see are left out"})
    relations = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(ArticleRefSchema)),
        required=True, metadata={"description": "visible related articles in both directions, "
                                                "by role (partners, people, funded_projects...)"})
    translations = fields.List(fields.Nested(ArticleRefSchema), required=True)


class ListItemSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(CONTENT_TYPES))
    language = fields.String(required=True, validate=validate.OneOf(LANGS))
    title = fields.String(required=True)
    summary = fields.String(required=True)
    url = fields.String(required=True)
    translations = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class PageLinksSchema(Schema):
    self = fields.String(required=True)
    next = fields.String(required=True, allow_none=True)
    prev = fields.String(required=True, allow_none=True)


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    items = fields.List(fields.Nested(ListItemSchema), required=True)
    links = fields.Nested(PageLinksSchema, required=True)


class TermSchema(Schema):
    code = fields.String(required=True)
    de = fields.String(required=True)
    en = fields.String(required=True)


class VocabulariesSchema(Schema):
    vocabularies = fields.Dict(keys=fields.String(),
                               values=fields.List(fields.Nested(TermSchema)), required=True)


class RevisionSchema(Schema):
    version = fields.Integer(required=True)
    created = fields.String(required=True, metadata={"format": "date-time"})
    author = fields.String(required=True, allow_none=True)
    comment = fields.String(required=True, allow_none=True)
    fields_ = fields.List(fields.String(), required=True, data_key="fields",
                          metadata={"description": "content fields changed from the revision "
                                                   "before"})


class WorkflowEventSchema(Schema):
    transition = fields.String(required=True)
    from_state = fields.String(required=True)
    to_state = fields.String(required=True)
    at = fields.String(required=True, metadata={"format": "date-time"})
    by = fields.String(required=True, allow_none=True)
    comment = fields.String(required=True, allow_none=True)


class HistorySchema(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)
    revisions = fields.List(fields.Nested(RevisionSchema), required=True)
    events = fields.List(fields.Nested(WorkflowEventSchema), required=True)


class TransitionBodySchema(Schema):
    comment = fields.String(validate=validate.Length(max=2000),
                            metadata={"description": "why (required to reject)"})
    confirm = fields.Boolean(metadata={"description": "archive although others refer to it"})


class SearchHitSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True)
    language = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    snippet = fields.String(required=True, metadata={"description": "safe HTML with <mark>"})
    url = fields.String(required=True)
    score = fields.Float(required=True)
    translations = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class FacetValueSchema(Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    selected = fields.Boolean(required=True)


class SearchResponseSchema(Schema):
    query = fields.String(required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    results = fields.List(fields.Nested(SearchHitSchema), required=True)
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)),
                         required=True)
    suggestion = fields.String(required=True, allow_none=True)
