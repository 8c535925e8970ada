"""The site archive's layout (docs/audit.md) and how rows become JSON and back.

    DIR/manifest.json            format, version, counts, head of the event chain
    DIR/users.json               people named anywhere (username, names, groups; no passwords)
    DIR/references.json          the library, as CSL-JSON (exact field values under "custom")
    DIR/board.json               board members
    DIR/reader-questions.json    readers' follow-up questions
    DIR/articles/<slug>/article.json         fields, working copy, revisions' metadata
    DIR/articles/<slug>/working-copy.md      the working copy as an article document
    DIR/articles/<slug>/revisions/<n>.md     each revision as an article document
    DIR/articles/<slug>/revisions/<n>.json   each revision's content, exactly as signed
    DIR/audit-log.jsonl          every history record and workflow event, oldest first

Rows are written field by field under their column names (`owner_id`, not `owner`), so
that ids survive: the workflow log's hashes cover article, revision, user and signature
ids, and a restore must give every row the id it had.
"""

import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import models

FORMAT = "medanswers-site-archive"
# 2: workflow events carry key_id and details and are HMAC-chained (reviews/events.py).
VERSION = 2
MANIFEST = "manifest.json"
USERS = "users.json"
REFERENCES = "references.json"
BOARD = "board.json"
QUESTIONS = "reader-questions.json"
AUDIT_LOG = "audit-log.jsonl"
ARTICLES = "articles"
# Key of our own exact values inside each CSL item's "custom" object (CSL-JSON 1.0.2).
CSL_CUSTOM_KEY = "medanswers"
# Models whose rows and history the archive carries. A model that gains history later
# must be added here (with its rows in exporting/importing) or to NOT_ARCHIVED; a test
# fails until it is.
ARCHIVED = frozenset(
    {
        "articles.article",
        "articles.section",
        "articles.claim",
        "articles.claimtext",
        "articles.citation",
        "articles.revision",
        "articles.readerquestion",
        "references.reference",
        "reviews.boardmember",
        "reviews.reviewassignment",
    }
)
# History of these models is not archived: API tokens and webhook endpoints (with their
# secrets) are credentials of one installation and are re-issued after a restore. The
# managed lists (specialties, readability terms, search synonyms) are site settings that
# migrations seed and admins edit; an article's specialty is kept as text in its rows and
# revisions, so a restore loses nothing an article says. The assignment rules are such a
# setting too (who is assigned at submission); the assignments they made are archived.
NOT_ARCHIVED = frozenset(
    {
        "api.apitoken",
        "webhooks.webhookendpoint",
        "articles.specialty",
        "articles.readabilityterm",
        "articles.searchsynonym",
        "reviews.assignmentrule",
    }
)
SLUG_DIRECTORY = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


def json_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value


def row_dict(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict:
    """Every concrete column of the row, by column name, as JSON values."""
    return {
        field.attname: json_value(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in exclude
    }


def is_user_field(field) -> bool:
    return field.is_relation and field.related_model is get_user_model()


def row_from_dict(model: type[models.Model], data: dict, *, user_ids: dict[int, int]):
    """An unsaved instance of `model` from row_dict's output; ids of users are translated
    to this database's (`user_ids`, archive id → local id)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname not in data:
            continue
        value = data[field.attname]
        if value is not None and is_user_field(field):
            value = user_ids[value]
        elif value is not None and not field.is_relation:
            value = field.to_python(value)
        values[field.attname] = value
    return model(**values)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data), encoding="utf-8")
