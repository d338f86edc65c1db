"""Kinds created by uploading a local file (files, CONFIG-KINDS §3.8).

The content is immutable in the API, so vapictl records the SHA-256 of what it
uploads in the upload's `metadata` (with the name it is about to PATCH) and a
later plan compares that with the local file: different content is a replace
that uploads first, re-points the referrers and deletes the old file last
(KindSpec.replace_creates_first). A file made outside vapictl has no recorded
hash; it is compared by size. Plans show the path, size and a hash prefix, never
the bytes; apply reads the file again and refuses if it changed since the plan.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vapictl.engine.desired import DesiredResource
from vapictl.engine.diff import ABSENT, Change
from vapictl.engine.live import LiveState
from vapictl.errors import StalePlanError
from vapictl.manifest.types import Manifest
from vapictl.model import SPECS, Kind, recorded, upload_record

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient
    from vapictl.engine.plan_model import Action

UPLOAD_FIELD = "file"  # the desired payload's description of the local content
INTERRUPTED_REPLACE = "older content left by an interrupted replace"
_SHOWN_HASH = 12  # hex digits of a SHA-256 shown in plans


def content_reason(kind: Kind, payload: Mapping[str, Any], live: Mapping[str, Any]) -> str:
    """Why the live upload's content differs from the local file ("" when it does not)."""
    local = payload.get(UPLOAD_FIELD)
    if not SPECS[kind].upload or not isinstance(local, Mapping):
        return ""
    live_sha = recorded(live).get("sha256")
    if isinstance(live_sha, str):
        if live_sha == local["sha256"]:
            return ""
        return (
            f"content changed (sha256 {live_sha[:_SHOWN_HASH]} -> "
            f"{str(local['sha256'])[:_SHOWN_HASH]})"
        )
    if live.get("bytes") == local["bytes"]:
        return ""  # made outside vapictl: no recorded hash, so the size is all there is
    return f"content changed ({live.get('bytes')} -> {local['bytes']} bytes)"


def leftover_uploads(
    desired: list[DesiredResource], matched: Mapping[str, Mapping[str, Any]], live: LiveState
) -> list[tuple[Kind, dict[str, Any]]]:
    """Older uploads vapictl made for an entry (its recorded name, another hash) that a
    replace cut short left behind, once the entry's current content is live: deleted, so
    that a re-run converges (their referrers were or are being re-pointed)."""
    taken = {str(item.get("id")) for item in matched.values()}
    found: list[tuple[Kind, dict[str, Any]]] = []
    for resource in desired:
        twin = matched.get(resource.address)
        if not SPECS[resource.kind].replace_creates_first or twin is None:
            continue
        mine = upload_record(resource.payload)
        if recorded(twin).get("sha256") != mine["sha256"]:
            continue  # the entry itself is being replaced: its delete comes with it
        for item in live.of(resource.kind):
            old = recorded(item)
            if (
                str(item.get("id")) not in taken
                and old.get("name") == mine["name"]
                and old.get("sha256") not in (None, mine["sha256"])
            ):
                found.append((resource.kind, item))
    return found


def content_changes(
    kind: Kind, payload: Mapping[str, Any], live: Mapping[str, Any] | None, changes: list[Change]
) -> list[Change]:
    """`changes` with the upload shown as one line (path, size, hash prefix): a create's
    per-field lines of it folded, a replace's content change added."""
    local = payload.get(UPLOAD_FIELD)
    if not SPECS[kind].upload or not isinstance(local, Mapping):
        return changes
    kept = [c for c in changes if c.path != UPLOAD_FIELD and not c.path.startswith("file.")]
    if live is None:
        return [Change(UPLOAD_FIELD, ABSENT, describe(local)), *kept]
    if content_reason(kind, payload, live):
        return [Change(UPLOAD_FIELD, _describe_live(live), describe(local)), *kept]
    return kept


def describe(local: Mapping[str, Any]) -> str:
    return f"{local['path']} ({local['bytes']} bytes, sha256 {str(local['sha256'])[:_SHOWN_HASH]})"


def _describe_live(live: Mapping[str, Any]) -> str:
    sha = recorded(live).get("sha256")
    name = live.get("originalName") or live.get("name")
    shown = f", sha256 {sha[:_SHOWN_HASH]}" if isinstance(sha, str) else ""
    return f"{name} ({live.get('bytes')} bytes{shown})"


def upload(client: VapiClient, manifest: Manifest, action: Action, body: Mapping[str, Any]) -> str:
    """POST the local file as multipart (purpose and the record in `metadata`); its id."""
    local = body[UPLOAD_FIELD]
    data = _read_again(manifest, action, local)
    fields = {
        k: str(v) for k, v in body.items() if k not in (UPLOAD_FIELD, "name") and v is not None
    }
    fields["metadata"] = json.dumps({"vapictl": upload_record(body)}, sort_keys=True)
    created = client.upload(
        SPECS[action.kind].api_path,
        fields,
        (str(local["filename"]), data),
        resource=action.address,
    )
    return str(created["id"])


def name_upload(client: VapiClient, action: Action, body: Mapping[str, Any], new_id: str) -> None:
    """The API names a file only by PATCH (CONFIG-KINDS §3.8)."""
    if isinstance(body.get("name"), str):
        client.update(
            SPECS[action.kind].api_path, new_id, {"name": body["name"]}, resource=action.address
        )


def _read_again(manifest: Manifest, action: Action, local: Mapping[str, Any]) -> bytes:
    resource = manifest.get(action.kind, action.name)
    source = resource.upload if resource is not None else None
    try:
        data = Path(source.file).read_bytes() if source is not None else None
    except OSError as exc:
        raise StalePlanError(
            f"{action.address}: cannot read {local['path']} ({exc.strerror})."
        ) from None
    if data is None or hashlib.sha256(data).hexdigest() != local["sha256"]:
        raise StalePlanError(
            f"{action.address}: {local['path']} is not the content the plan was made with."
        )
    return data
