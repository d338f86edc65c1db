"""Knowledge bases v2: the search tool Vapi provisions for each base, and attached files.

Creating a base provisions a `knowledgeBase` tool (listed by GET /tool, PATCHable, never
POSTable); deleting the base deletes the tool and the attachments. Only GET {id} shows
`files` and `toolId` (KnowledgeBaseV2WithFiles); the list and writes do not
(CONFIG-KINDS §3.9). An attached file reads `indexing` once, then `ready`.
"""

from __future__ import annotations

import re
from typing import Any

from vapictl.emulator.http import HttpError, bad_request, not_found
from vapictl.emulator.quirks.base import Hooks, View
from vapictl.emulator.storage import Document, ListQuery, Store
from vapictl.emulator.validation import core

KNOWLEDGE_BASE = "v2/knowledge-base"
ATTACHMENT = "v2/knowledge-base/file"
_ATTACH_KEYS = frozenset({"fileId"})


def _search_tool(base: Document) -> Document:
    slug = re.sub(r"[^a-zA-Z0-9_-]+", "_", str(base.get("name") or "kb")).strip("_") or "kb"
    return {
        "type": "knowledgeBase",
        "knowledgeBaseId": base["id"],
        "function": {
            "name": f"search_{slug}"[:64],
            "description": f"Search the knowledge base {base.get('name')!r}.",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string", "description": "What to look up."}},
                "required": ["query"],
            },
            "strict": False,
        },
        "isDeleted": False,
    }


def _create(store: Store, fields: Document) -> Document:
    with store.transaction():
        base = store.insert(KNOWLEDGE_BASE, fields)
        tool = store.insert("tool", _search_tool(base))
        return store.replace(KNOWLEDGE_BASE, {**base, "toolId": tool["id"]})


def _attachments(store: Store, base_id: str) -> list[Document]:
    query = ListQuery(limit=-1, equals=(("knowledgeBaseV2Id", base_id),))
    return store.list(ATTACHMENT, query)


def _render_attachment(doc: Document) -> Document:
    return {k: v for k, v in doc.items() if k != "orgId"}


def _render(store: Store, doc: Document, view: View) -> Document:
    out = {k: v for k, v in doc.items() if k != "toolId"}
    if view == "item":
        out["files"] = [_render_attachment(a) for a in _attachments(store, doc["id"])]
        out["toolId"] = doc.get("toolId")
    return out


def _after_delete(store: Store, base: Document) -> None:
    if base.get("toolId"):
        store.delete("tool", str(base["toolId"]))
    for attachment in _attachments(store, base["id"]):
        store.delete(ATTACHMENT, attachment["id"])


HOOKS = Hooks(create=_create, render=_render, after_delete=_after_delete)


def _load_base(store: Store, base_id: str) -> Document:
    base = store.get(KNOWLEDGE_BASE, base_id)
    if base is None:
        raise not_found("Knowledge base not found")
    return base


def list_files(store: Store, base_id: str) -> list[Document]:
    _load_base(store, base_id)
    return [_render_attachment(a) for a in _attachments(store, base_id)]


def attach(store: Store, base_id: str, body: dict[str, Any]) -> Document:
    """POST {id}/file `{fileId}`: attach and ingest."""
    errors: list[str] = []
    core.unknown_keys(body, _ATTACH_KEYS, "", errors)
    core.required(body, ("fileId",), "", errors)
    core.string(body, "fileId", "", errors)
    if errors:
        raise bad_request(errors)
    _load_base(store, base_id)
    file = store.get("file", body["fileId"])
    if file is None:
        raise not_found("File not found")
    if any(a["fileId"] == file["id"] for a in _attachments(store, base_id)):
        raise bad_request(["File is already attached to this knowledge base"])
    attachment = store.insert(
        ATTACHMENT,
        {
            "knowledgeBaseV2Id": base_id,
            "fileId": file["id"],
            "fileName": file.get("name") or file.get("originalName"),
            "mimetype": file.get("mimetype"),
            "bytes": file.get("bytes"),
            "status": "indexing",
        },
    )
    # Indexing is instant here: the next read sees `ready`.
    store.replace(ATTACHMENT, {**attachment, "status": "ready"})
    return _render_attachment(attachment)


def _find(store: Store, base_id: str, file_id: str) -> Document:
    _load_base(store, base_id)
    for attachment in _attachments(store, base_id):
        if attachment["fileId"] == file_id:
            return attachment
    raise HttpError(404, "File is not attached to this knowledge base")


def detach(store: Store, base_id: str, file_id: str) -> Document:
    attachment = _find(store, base_id, file_id)
    store.delete(ATTACHMENT, attachment["id"])
    return _render_attachment(attachment)


def retry(store: Store, base_id: str, file_id: str) -> Document:
    attachment = _find(store, base_id, file_id)
    return _render_attachment({**attachment, "status": "indexing"})
