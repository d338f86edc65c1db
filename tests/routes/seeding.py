"""Seed an emulator with a LiveState over its HTTP API, remapping ids as it goes."""

from __future__ import annotations

from typing import Any

import httpx

from vapictl.engine.live import LiveState
from vapictl.model import Kind

_READ_ONLY = ("id", "orgId", "createdAt", "updatedAt", "status")


def _create(api: httpx.Client, path: str, body: dict[str, Any]) -> str:
    response = api.post(path, json={k: v for k, v in body.items() if k not in _READ_ONLY})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def seed(api: httpx.Client, live: LiveState) -> None:
    """Create every resource of `live` (tools, assistants, squads, numbers) and set the org."""
    ids: dict[str, str] = {}
    for tool in live.of(Kind.TOOL):
        ids[tool["id"]] = _create(api, "/tool", tool)
    for assistant in live.of(Kind.ASSISTANT):
        body = dict(assistant)
        model = dict(body["model"])
        model["toolIds"] = [ids[t] for t in model.get("toolIds", [])]
        body["model"] = model
        ids[assistant["id"]] = _create(api, "/assistant", body)
    for squad in live.of(Kind.SQUAD):
        members = [{"assistantId": ids[m["assistantId"]]} for m in squad["members"]]
        ids[squad["id"]] = _create(api, "/squad", {**squad, "members": members})
    for phone in live.of(Kind.PHONE_NUMBER):
        body = dict(phone)
        for field in ("assistantId", "squadId"):
            if field in body:
                body[field] = ids[body[field]]
        _create(api, "/phone-number", body)
    assert live.org is not None
    org_id = api.get("/org").json()[0]["id"]
    response = api.patch(f"/org/{org_id}", json={"server": live.org["server"]})
    assert response.status_code == 200, response.text
