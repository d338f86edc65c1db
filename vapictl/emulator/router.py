"""Method + path -> handler, for every collection in the catalog plus the few others.

A handler takes the query parameters (multi-valued) and the parsed body and returns
`(status, body)`. Unmatched requests get NestJS's 404 "Cannot GET /foo".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from vapictl.emulator.catalog import BY_DEPTH, RUNTIME_SEGMENTS, Collection
from vapictl.emulator.http import bad_request
from vapictl.emulator.listing import Params
from vapictl.emulator.quirks import knowledge_base
from vapictl.emulator.resources import Resources
from vapictl.emulator.storage import ORG_KIND

Handler = Callable[[Params, Any], tuple[int, Any]]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def check_uuid(value: str) -> str:
    # NestJS ParseUUIDPipe: the spec declares `{id}` as format uuid (API-REFERENCE §1).
    if not _UUID.match(value):
        raise bad_request("Validation failed (uuid is expected)")
    return value


def match(res: Resources, method: str, parts: list[str]) -> Handler | None:
    if parts == ["v2", "phone-number"] and method == "GET":
        return lambda a, _b: (200, res.list_phone_numbers_v2(a))
    if parts and parts[0] == ORG_KIND:
        return _org(res, method, parts[1:])
    for collection in BY_DEPTH:
        depth = len(collection.parts)
        if tuple(parts[:depth]) != collection.parts:
            continue
        rest = parts[depth:]
        if rest and rest[0] in RUNTIME_SEGMENTS:
            return None
        if not rest:
            return _collection(res, collection, method)
        if len(rest) == 1:
            return _item(res, collection, method, rest[0])
        if collection.kind == knowledge_base.KNOWLEDGE_BASE and rest[1] == "file":
            return _attachments(res, method, rest[0], rest[2:])
    return None


def _collection(res: Resources, collection: Collection, method: str) -> Handler | None:
    kind = collection.kind
    if method == "GET":
        return lambda a, _b: (200, res.list_kind(kind, a))
    if method == "POST":
        return lambda _a, b: (201, res.create(kind, b))
    return None


def _item(res: Resources, collection: Collection, method: str, doc_id: str) -> Handler | None:
    kind = collection.kind

    def checked() -> str:
        return check_uuid(doc_id) if collection.uuid_ids else doc_id

    if method == "GET":
        return lambda _a, _b: (200, res.get(kind, checked()))
    if method == "PATCH" and collection.patchable:
        return lambda a, b: (200, res.update(kind, checked(), b, a))
    if method == "DELETE":
        return lambda _a, _b: (200, res.delete(kind, checked()))
    return None


def _attachments(res: Resources, method: str, base_id: str, rest: list[str]) -> Handler | None:
    """`/v2/knowledge-base/{id}/file[/{fileId}[/retry]]` (CONFIG-KINDS §3.9)."""
    store = res.store
    if not rest and method == "GET":
        return lambda _a, _b: (200, knowledge_base.list_files(store, check_uuid(base_id)))
    if not rest and method == "POST":
        return lambda _a, b: (201, knowledge_base.attach(store, check_uuid(base_id), b))
    if len(rest) == 1 and method == "DELETE":
        return lambda _a, _b: (
            200,
            knowledge_base.detach(store, check_uuid(base_id), check_uuid(rest[0])),
        )
    if len(rest) == 2 and rest[1] == "retry" and method == "POST":
        return lambda _a, _b: (
            201,
            knowledge_base.retry(store, check_uuid(base_id), check_uuid(rest[0])),
        )
    return None


def _org(res: Resources, method: str, rest: list[str]) -> Handler | None:
    if not rest and method == "GET":
        return lambda _a, _b: (200, res.list_orgs())
    if len(rest) == 1 and method == "GET":
        return lambda _a, _b: (200, res.get(ORG_KIND, check_uuid(rest[0])))
    if len(rest) == 1 and method == "PATCH":
        return lambda _a, b: (200, res.update(ORG_KIND, check_uuid(rest[0]), b))
    return None
