"""Files: uploaded as multipart/form-data; the server fills every field but `name`,
which only PATCH sets (CONFIG-KINDS §3.8). The content is kept, and the file's `url`
serves it from the emulator itself (GET /storage/{id}/{filename}, no key needed, like
a public bucket URL), so that `vapictl export` can download it."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

from vapictl.emulator.http import REQUEST_BASE
from vapictl.emulator.multipart import Upload
from vapictl.emulator.quirks.base import Hooks, Params, View
from vapictl.emulator.storage import Document, ListQuery, Store

FILE = "file"
STORAGE_PREFIX = "/storage/"
_BUCKET = "vapi-emulator"
_CONTENT = "_content"  # the uploaded bytes (base64), never in a response


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
    doc[_CONTENT] = base64.b64encode(upload.content).decode("ascii")
    created = store.insert(FILE, doc)
    key = f"{created['id']}-{upload.filename}"
    return store.replace(FILE, {**created, "key": key})


def _render(store: Store, doc: Document, view: View) -> Document:
    out = {k: v for k, v in doc.items() if k != _CONTENT}
    if "key" in doc:
        url = (
            f"{REQUEST_BASE.get()}{STORAGE_PREFIX}{doc['id']}/{quote(str(doc.get('originalName')))}"
        )
        out.update(path=url, url=url)
    return out


def stored_content(store: Store, path: str) -> tuple[bytes, str] | None:
    """(bytes, mimetype) of the file a storage path names, or None."""
    file_id = path.removeprefix(STORAGE_PREFIX).split("/", 1)[0]
    doc = store.get(FILE, file_id) if path.startswith(STORAGE_PREFIX) else None
    if doc is None or _CONTENT not in doc:
        return None
    return base64.b64decode(doc[_CONTENT]), str(doc.get("mimetype") or "application/octet-stream")


def _hidden_by_default(store: Store, params: Params) -> tuple[str, ...]:
    """Without `purpose`, GET /file leaves out composer attachments [SDK files.list]."""
    if params.get("purpose"):
        return ()
    query = ListQuery(limit=-1, equals=(("purpose", "composer-attachment"),))
    return tuple(doc["id"] for doc in store.list(FILE, query))


HOOKS = Hooks(create=_create, list_excludes=_hidden_by_default, render=_render)
