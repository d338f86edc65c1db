"""Files: uploaded as multipart/form-data; the server fills every field but `name`,
which only PATCH sets (CONFIG-KINDS §3.8)."""

from __future__ import annotations

import json
from typing import Any

from vapictl.emulator.multipart import Upload
from vapictl.emulator.quirks.base import Hooks, Params
from vapictl.emulator.storage import Document, ListQuery, Store

FILE = "file"
_BUCKET = "vapi-emulator"


def _metadata(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return {"value": raw}


def _create(store: Store, fields: Document) -> Document:
    upload = fields["file"]
    assert isinstance(upload, Upload)  # validation checked it
    doc: Document = {k: v for k, v in fields.items() if k not in ("file", "metadata")}
    doc.update(
        object="file",
        status="done",
        originalName=upload.filename,
        bytes=len(upload.content),
        mimetype=upload.mimetype,
        bucket=_BUCKET,
    )
    if "metadata" in fields:
        doc["metadata"] = _metadata(fields["metadata"])
    created = store.insert(FILE, doc)
    key = f"{created['id']}-{upload.filename}"
    url = f"https://storage.vapi.invalid/{_BUCKET}/{key}"
    return store.replace(FILE, {**created, "key": key, "path": url, "url": url})


def _hidden_by_default(store: Store, params: Params) -> tuple[str, ...]:
    """Without `purpose`, GET /file leaves out composer attachments [SDK files.list]."""
    if params.get("purpose"):
        return ()
    query = ListQuery(limit=-1, equals=(("purpose", "composer-attachment"),))
    return tuple(doc["id"] for doc in store.list(FILE, query))


HOOKS = Hooks(create=_create, list_excludes=_hidden_by_default)
