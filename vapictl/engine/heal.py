"""After a create: if another run created the same resource at the same time, keep one.

The lease (engine/lease.py) keeps applies apart, but it cannot stop a run that
takes no lease, or one whose lease lapsed while it stalled. So right after each
create, apply lists what was created since its lease began and, if a twin with
the same identity (or, with no name to go by, the same content) was created
before ours, deletes ours and uses the earlier one. Both runs apply the same
rule (earliest createdAt, then id), so exactly one copy is left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vapictl.errors import HaltedError, NotFoundError, VapictlError
from vapictl.model import SPECS, Kind, Paging, is_lease_object, twin_key

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient
    from vapictl.engine.plan_model import Action


def keep_earliest_twin(
    client: VapiClient, action: Action, new_id: str, since: str, note: Callable[[str], None]
) -> str:
    """The id to use for `action`'s resource: `new_id`, or an earlier twin's."""
    if action.kind is Kind.ORG:
        return new_id
    spec = SPECS[action.kind]
    path = spec.api_path
    bounded = spec.paging is Paging.CREATED_AT
    try:
        listed = client.list_all(
            path, {"createdAtGe": since} if bounded else None, paging=spec.paging
        )
        items = [
            item
            for item in listed
            if not is_lease_object(item) and (bounded or str(item.get("createdAt", "")) >= since)
        ]
    except HaltedError:
        return new_id  # a signal: the run is stopping, and sends nothing more
    except VapictlError as exc:
        note(f"Warning: could not check {action.address} for a twin made at the same time ({exc}).")
        return new_id
    mine = next((item for item in items if item.get("id") == new_id), None)
    if mine is None:
        return new_id  # not listed yet: nothing to compare with
    key = twin_key(action.kind, mine)
    twins = [item for item in items if twin_key(action.kind, item) == key]
    earliest = min(twins, key=_created_order)
    if earliest.get("id") == new_id:
        return new_id
    kept = str(earliest["id"])
    with contextlib.suppress(NotFoundError):  # already gone: the goal holds
        client.delete(path, new_id, resource=action.address)
    note(
        f"{action.address}: another apply created it at the same time (id {kept}); "
        f"kept that one and deleted the twin this run had created (id {new_id})."
    )
    return kept


def _created_order(item: dict[str, Any]) -> tuple[str, str]:
    # createdAt is ISO 8601 with milliseconds and Z (fixed width): string order is time order.
    return (str(item.get("createdAt", "")), str(item.get("id", "")))
