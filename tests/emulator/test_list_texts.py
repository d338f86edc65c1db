"""Lists send the stored JSON text as it is (issue 17): the bytes must be exactly what
decoding, rendering and re-encoding each document gave, secrets left out as before."""

from __future__ import annotations

import json

import httpx

from vapictl.emulator.resources import Resources
from vapictl.emulator.server import EmulatorServer
from vapictl.emulator.storage import ListQuery


def _rendered_list(emulator: EmulatorServer, kind: str) -> list[dict[str, object]]:
    """The list as the emulator rendered it before: each document decoded and rendered."""
    resources = Resources(emulator.store)
    return [
        resources.render(kind, doc, "list")
        for doc in emulator.store.list(kind, ListQuery(limit=1000))
    ]


def _compact(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def test_listed_bytes_equal_the_rendered_documents(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    api.post("/tool", json={"type": "function", "function": {"name": "t", "description": "é ☃"}})
    api.post("/assistant", json={"name": "a", "model": {"temperature": 0.1, "maxTokens": 10}})
    api.post(
        "/phone-number",
        json={
            "provider": "twilio",
            "number": "+14155551234",
            "twilioAccountSid": "AC1",
            "twilioAuthToken": "tok-123",
        },
    )
    api.post("/phone-number", json={"provider": "vapi", "name": "line", "sipUri": "sip:l@x.ai"})
    api.post("/credential", json={"provider": "twilio", "accountSid": "AC1", "authToken": "t-4"})
    for path, kind in (
        ("/tool", "tool"),
        ("/assistant", "assistant"),
        ("/phone-number", "phone-number"),
        ("/credential", "credential"),
    ):
        response = api.get(path, params={"limit": "1000"})
        assert response.status_code == 200
        assert response.content == _compact(_rendered_list(emulator, kind)), path
    listed = api.get("/phone-number").json()
    assert {p.get("twilioAuthToken") for p in listed} == {None}  # the secret stays hidden
    assert "tok-123" not in api.get("/phone-number").text
    assert "t-4" not in api.get("/credential").text


def test_a_paginated_list_keeps_its_envelope(emulator: EmulatorServer, api: httpx.Client) -> None:
    for index in range(3):
        created = api.post(
            "/structured-output", json={"name": f"s{index}", "schema": {"type": "string"}}
        )
        assert created.status_code == 201, created.text
    response = api.get("/structured-output", params={"limit": "2", "page": "2"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["results", "metadata"]
    assert len(body["results"]) == 1
    assert body["metadata"] == {
        "itemsPerPage": 2,
        "totalItems": 3,
        "currentPage": 2,
        "totalPages": 2,
        "hasNextPage": False,
        "sortOrder": "DESC",
    }
    assert response.content == _compact(body)
