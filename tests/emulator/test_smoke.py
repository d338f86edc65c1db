"""The emulator's core loop over real HTTP: create, read, list, patch, delete."""

from __future__ import annotations

import httpx


def test_tool_crud_round_trip(api: httpx.Client) -> None:
    created = api.post("/tool", json={"type": "function", "function": {"name": "lookup"}})
    assert created.status_code == 201
    tool = created.json()
    assert api.get(f"/tool/{tool['id']}").json() == tool
    assert [t["id"] for t in api.get("/tool").json()] == [tool["id"]]
    patched = api.patch(f"/tool/{tool['id']}", json={"function": {"name": "find"}})
    assert patched.status_code == 200
    assert patched.json()["function"] == {"name": "find"}
    deleted = api.delete(f"/tool/{tool['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["id"] == tool["id"]
    assert api.get(f"/tool/{tool['id']}").status_code == 404
