"""Sets of resources attached through a sub-resource (a knowledge base's files,
CONFIG-KINDS §3.9), and values read back after a create (its search tool's id).

The desired state holds the set as `Ref`s under the attachments field. A plan
compares the set of ids with what GET {id} lists (engine/live.py reads it) and
shows it like a list field; apply re-reads the current set and attaches what is
missing and detaches what is extra, so a re-run converges whatever happened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vapictl.engine.diff import Change
from vapictl.engine.refs import UNKNOWN, Ref, slot
from vapictl.errors import NotFoundError
from vapictl.model import SPECS, Kind

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient


def attached_ids(kind: Kind, live: Mapping[str, Any]) -> list[str]:
    """The ids the live resource has attached (its GET {id} `files[].fileId`)."""
    attachments = SPECS[kind].attachments
    if attachments is None or not isinstance(items := live.get(attachments.live_field), list):
        return []
    field = attachments.item_field
    return [str(i[field]) for i in items if isinstance(i, Mapping) and i.get(field)]


def attachment_change(
    kind: Kind,
    payload: Mapping[str, Any],
    live: Mapping[str, Any],
    known_ids: Mapping[str, str],
) -> Change | None:
    """The attachments as a list change (keys; live ids not managed here by id), or None."""
    attachments = SPECS[kind].attachments
    if attachments is None or attachments.field not in payload:
        return None
    wanted = payload[attachments.field] or []
    wanted_ids = [_id_of(item, known_ids) for item in wanted]
    current = attached_ids(kind, live)
    if UNKNOWN not in wanted_ids and sorted(wanted_ids) == sorted(current):
        return None
    prefix = f"{attachments.target.value}/"
    key_of = {v: k.removeprefix(prefix) for k, v in known_ids.items() if k.startswith(prefix)}
    key_of = {**_live_names(kind, live), **key_of}
    before = sorted(key_of.get(i, i) for i in current)
    after = sorted(
        _shown(item, wanted_id) for item, wanted_id in zip(wanted, wanted_ids, strict=True)
    )
    return Change(attachments.live_field, before, after)


def _live_names(kind: Kind, live: Mapping[str, Any]) -> dict[str, str]:
    """Attached id -> the name the attachment shows (a file's `fileName`), for plans."""
    attachments = SPECS[kind].attachments
    items = live.get(attachments.live_field) if attachments else None
    if attachments is None or not isinstance(items, list):
        return {}
    name, field = attachments.name_field, attachments.item_field
    return {
        str(i.get(field)): str(i[name]) for i in items if isinstance(i, Mapping) and i.get(name)
    }


def _id_of(item: Any, known_ids: Mapping[str, str]) -> str:
    return known_ids.get(item.slot, UNKNOWN) if isinstance(item, Ref) else str(item)


def _shown(item: Any, item_id: str) -> str:
    if not isinstance(item, Ref):
        return item_id
    return f"{item.key} (new)" if item_id == UNKNOWN else item.key


def split_attachments(
    kind: Kind, body: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str] | None]:
    """(the request body without the attachments, the attachment ids or None)."""
    attachments = SPECS[kind].attachments
    if attachments is None or attachments.field not in body:
        return dict(body), None
    rest = {k: v for k, v in body.items() if k != attachments.field}
    return rest, [str(i) for i in body[attachments.field] or []]


def sync_attachments(
    client: VapiClient, kind: Kind, item_id: str, wanted: list[str], *, address: str
) -> None:
    """Attach what is missing, detach what is extra, by the set as it is now."""
    spec = SPECS[kind]
    assert spec.attachments is not None
    base = f"{spec.api_path}/{item_id}/{spec.attachments.path}"
    current = attached_ids(kind, client.get(spec.api_path, item_id))
    for file_id in [i for i in dict.fromkeys(wanted) if i not in current]:
        client.create(base, {spec.attachments.item_field: file_id}, resource=address)
    for file_id in [i for i in current if i not in wanted]:
        with contextlib.suppress(NotFoundError):  # already detached: the goal holds
            client.delete(base, file_id, resource=address)


def outputs_of(kind: Kind, address: str, item: Mapping[str, Any]) -> dict[str, str]:
    """known-ids slot -> value for each output the kind gives references (`toolId`)."""
    return {
        slot(address, output): str(item[output])
        for output in SPECS[kind].outputs
        if item.get(output)
    }
