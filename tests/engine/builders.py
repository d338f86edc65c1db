"""Hand-built manifests and live states for engine unit tests."""

from __future__ import annotations

from typing import Any

from vapictl.engine.live import LiveState
from vapictl.errors import Location
from vapictl.manifest.types import Manifest, Resource, Settings
from vapictl.model import Kind

ORG_ID = "00000000-0000-4000-8000-0000000000aa"


def resource(
    kind: Kind,
    key: str,
    body: dict[str, Any],
    *,
    secrets: tuple[str, ...] = (),
    pinned_id: str | None = None,
    protect: bool = False,
) -> Resource:
    return Resource(
        kind=kind,
        key=key,
        body=body,
        location=Location("test.yaml", 1, 1),
        pinned_id=pinned_id,
        protect=protect,
        secret_paths=frozenset(secrets),
    )


def manifest(*resources: Resource, settings: Settings | None = None, digest: str = "d") -> Manifest:
    org = next((r for r in resources if r.kind is Kind.ORG), None)
    by_kind: dict[Kind, dict[str, Resource]] = {}
    for r in resources:
        if r.kind is not Kind.ORG:
            by_kind.setdefault(r.kind, {})[r.key] = r
    return Manifest(
        org=org,
        resources=by_kind,
        settings=settings or Settings(),
        sources=("test.yaml",),
        fixed_digest=digest,
    )


def live_item(kind: Kind, id_: str, **fields: Any) -> dict[str, Any]:
    item = {"id": id_, "orgId": ORG_ID, "createdAt": "2026-01-01T00:00:00.000Z", **fields}
    if kind is Kind.PHONE_NUMBER:
        item.setdefault("status", "active")
    return item


def live_state(org: dict[str, Any] | None = None, **items: list[dict[str, Any]]) -> LiveState:
    kinds = {
        "tools": Kind.TOOL,
        "assistants": Kind.ASSISTANT,
        "squads": Kind.SQUAD,
        "phoneNumbers": Kind.PHONE_NUMBER,
        "credentials": Kind.CREDENTIAL,
        "files": Kind.FILE,
        "knowledgeBases": Kind.KNOWLEDGE_BASE,
    }
    return LiveState(
        org=org or {"id": ORG_ID, "name": "Org"},
        items={kinds[name]: value for name, value in items.items()},
    )
