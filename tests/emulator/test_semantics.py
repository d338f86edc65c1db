"""Behaviour the engine relies on: shallow PATCH, nulls, lists, immutables, secrets,
persistence and concurrency (API-REFERENCE §1, §3, §5)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx

from tests.conftest import api_client
from vapictl.emulator.server import EmulatorServer

TOOL = {"type": "function", "function": {"name": "t"}}


def _create_tools(api: httpx.Client, count: int) -> list[dict[str, object]]:
    return [
        api.post("/tool", json={"type": "function", "function": {"name": f"t{i}"}}).json()
        for i in range(count)
    ]


def test_patch_replaces_a_nested_object_whole(api: httpx.Client) -> None:
    body = {
        "name": "a",
        "firstMessage": "Hi",
        "model": {
            "provider": "openai",
            "model": "gpt-4o",
            "temperature": 0.2,
            "messages": [{"role": "system", "content": "x"}],
        },
    }
    created = api.post("/assistant", json=body).json()
    patched = api.patch(
        f"/assistant/{created['id']}",
        json={"model": {"provider": "openai", "model": "gpt-4o-mini"}},
    )
    assert patched.json()["model"] == {"provider": "openai", "model": "gpt-4o-mini"}
    assert patched.json()["firstMessage"] == "Hi"  # untouched top-level fields stay
    assert api.get(f"/assistant/{created['id']}").json() == patched.json()


def test_patch_bumps_updated_at_only(api: httpx.Client) -> None:
    created = api.post("/assistant", json={"name": "a"}).json()
    patched = api.patch(f"/assistant/{created['id']}", json={"name": "b"}).json()
    assert patched["createdAt"] == created["createdAt"]
    assert patched["updatedAt"] > created["updatedAt"]
    assert patched["id"] == created["id"] and patched["orgId"] == created["orgId"]


def test_null_is_stored_and_echoed(api: httpx.Client) -> None:
    created = api.post("/assistant", json={"name": "a", "voicemailMessage": "Leave one"}).json()
    patched = api.patch(f"/assistant/{created['id']}", json={"voicemailMessage": None})
    assert patched.status_code == 200
    assert "voicemailMessage" in patched.json() and patched.json()["voicemailMessage"] is None
    assert api.get(f"/assistant/{created['id']}").json()["voicemailMessage"] is None


def test_responses_add_only_server_assigned_fields(api: httpx.Client) -> None:
    org_id = api.get("/org").json()[0]["id"]
    created = api.post("/assistant", json={"name": "a"}).json()
    # The server-set fields live responses carry (API-REFERENCE §3), never sent by clients.
    assert set(created) == {
        "name",
        "id",
        "orgId",
        "createdAt",
        "updatedAt",
        "isServerUrlSecretSet",
        "isDeleted",
        "analyticsMetadata",
    }
    assert created["orgId"] == org_id
    assert created["createdAt"].endswith("Z") and len(created["createdAt"]) == len(
        "2026-01-01T00:00:00.000Z"
    )
    phone = api.post(
        "/phone-number", json={"provider": "vapi", "sipUri": "sip:a@sip.vapi.ai"}
    ).json()
    assert phone["status"] == "active"
    assert "number" not in phone


def test_delete_returns_the_deleted_object(api: httpx.Client) -> None:
    created = api.post("/tool", json=TOOL).json()
    deleted = api.delete(f"/tool/{created['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == created
    assert api.get(f"/tool/{created['id']}").status_code == 404


def test_list_defaults_to_100_newest_first(api: httpx.Client) -> None:
    created = _create_tools(api, 105)
    listed = api.get("/tool").json()
    assert len(listed) == 100
    assert [t["id"] for t in listed] == [t["id"] for t in reversed(created)][:100]
    assert len(api.get("/tool", params={"limit": 1000}).json()) == 105
    assert api.get("/tool", params={"limit": 0}).json() == []


def test_list_limit_bounds(api: httpx.Client) -> None:
    for bad, message in (
        (1001, "limit must not be greater than 1000"),
        (-1, "limit must not be less than 0"),
    ):
        response = api.get("/assistant", params={"limit": bad})
        assert response.status_code == 400
        assert response.json()["message"] == [message]
    assert api.get("/assistant", params={"limit": "many"}).status_code == 400
    assert api.get("/assistant", params={"page": 2}).json()["message"] == [
        "property page should not exist"
    ]


def test_created_at_filters_page_exactly(api: httpx.Client) -> None:
    created = _create_tools(
        api, 25
    )  # one millisecond apart at most: stamps still strictly increase
    stamps = [t["createdAt"] for t in created]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 10}
        if cursor:
            params["createdAtLt"] = cursor
        page = api.get("/tool", params=params).json()
        seen.extend(t["id"] for t in page)
        if len(page) < 10:
            break
        cursor = page[-1]["createdAt"]
    assert seen == [t["id"] for t in reversed(created)]
    middle = stamps[10]
    assert len(api.get("/tool", params={"createdAtGt": middle}).json()) == 14
    assert len(api.get("/tool", params={"createdAtGe": middle}).json()) == 15
    assert (
        len(api.get("/tool", params={"createdAtLe": middle, "createdAtGt": stamps[5]}).json()) == 5
    )
    assert api.get("/tool", params={"createdAtGt": "yesterday"}).status_code == 400


def test_updated_at_filters(api: httpx.Client) -> None:
    first, second = _create_tools(api, 2)
    updated = api.patch(f"/tool/{first['id']}", json={"messages": []}).json()
    recent = api.get("/tool", params={"updatedAtGt": second["updatedAt"]}).json()
    assert [t["id"] for t in recent] == [updated["id"]]
    # An offset timestamp is compared as the instant it names.
    as_offset = datetime.fromisoformat(second["updatedAt"]).astimezone().isoformat()
    assert [t["id"] for t in api.get("/tool", params={"updatedAtGt": as_offset}).json()] == [
        first["id"]
    ]


def test_v2_phone_numbers_are_paginated(api: httpx.Client) -> None:
    for i in range(5):
        api.post(
            "/phone-number",
            json={"provider": "vapi", "sipUri": f"sip:line{i}@sip.vapi.ai", "name": f"line {i}"},
        )
    page = api.get("/v2/phone-number", params={"limit": 2, "page": 3}).json()
    assert [p["name"] for p in page["results"]] == ["line 0"]
    assert page["metadata"] == {
        "itemsPerPage": 2,
        "totalItems": 5,
        "currentPage": 3,
        "totalPages": 3,
        "hasNextPage": False,
        "sortOrder": "DESC",
    }
    found = api.get("/v2/phone-number", params={"search": "LINE3"}).json()
    assert [p["sipUri"] for p in found["results"]] == ["sip:line3@sip.vapi.ai"]


def test_squad_patch_requires_members(api: httpx.Client) -> None:
    squad = api.post("/squad", json={"name": "s", "members": [{"assistantId": "a"}]}).json()
    response = api.patch(f"/squad/{squad['id']}", json={"name": "renamed"})
    assert response.status_code == 400
    assert response.json()["message"] == ["members should not be empty"]
    assert api.post("/squad", json={"name": "no members"}).status_code == 400
    ok = api.patch(f"/squad/{squad['id']}", json={"name": "renamed", "members": []})
    assert ok.status_code == 200 and ok.json()["members"] == []


def test_tool_type_cannot_be_changed_by_patch(api: httpx.Client) -> None:
    tool = api.post("/tool", json=TOOL).json()
    response = api.patch(f"/tool/{tool['id']}", json={"type": "endCall"})
    assert response.status_code == 400
    assert response.json()["message"] == [
        "type cannot be changed from function to endCall; delete the tool and create a new one"
    ]
    # Update*ToolDTO declares `type` with the stored value [OAS]; the official SDK sends it.
    same = api.patch(f"/tool/{tool['id']}", json={"type": "function", "function": {"name": "u"}})
    assert same.status_code == 200
    assert same.json()["type"] == "function"


def test_tool_patch_uses_the_stored_type_rules(api: httpx.Client) -> None:
    tool = api.post("/tool", json={"type": "endCall"}).json()
    response = api.patch(f"/tool/{tool['id']}", json={"function": {"name": "x"}})
    assert response.json()["message"] == ["property function should not exist"]


def test_phone_provider_and_area_code_cannot_be_patched(api: httpx.Client) -> None:
    phone = api.post(
        "/phone-number",
        json={"provider": "byo-phone-number", "credentialId": "c", "number": "+14155551234"},
    ).json()
    same = api.patch(
        f"/phone-number/{phone['id']}", json={"provider": "byo-phone-number", "name": "main"}
    )
    assert same.status_code == 200
    changed = api.patch(f"/phone-number/{phone['id']}", json={"provider": "twilio"})
    assert changed.status_code == 400
    assert "provider cannot be changed" in changed.json()["message"][0]
    vapi = api.post(
        "/phone-number", json={"provider": "vapi", "numberDesiredAreaCode": "212"}
    ).json()
    response = api.patch(f"/phone-number/{vapi['id']}", json={"numberDesiredAreaCode": "415"})
    assert response.json()["message"] == ["property numberDesiredAreaCode should not exist"]
    response = api.patch(f"/phone-number/{vapi['id']}", json={"number": "+14155550000"})
    assert response.json()["message"] == ["property number should not exist"]


def test_phone_patch_number_follows_the_stored_e164_flag(api: httpx.Client) -> None:
    loose = api.post(
        "/phone-number",
        json={
            "provider": "byo-phone-number",
            "credentialId": "c",
            "number": "1234",
            "numberE164CheckEnabled": False,
        },
    ).json()
    assert api.patch(f"/phone-number/{loose['id']}", json={"number": "5678"}).status_code == 200
    strict = api.post(
        "/phone-number", json={"provider": "byo-phone-number", "credentialId": "c"}
    ).json()
    assert api.patch(f"/phone-number/{strict['id']}", json={"number": "5678"}).status_code == 400


def test_free_vapi_numbers_are_assigned_and_capped_at_five(api: httpx.Client) -> None:
    numbers = []
    for _ in range(5):
        response = api.post(
            "/phone-number", json={"provider": "vapi", "numberDesiredAreaCode": "415"}
        )
        assert response.status_code == 201
        numbers.append(response.json()["number"])
    assert len(set(numbers)) == 5 and all(n.startswith("+1415555") for n in numbers)
    sixth = api.post("/phone-number", json={"provider": "vapi", "numberDesiredAreaCode": "415"})
    assert sixth.status_code == 400
    assert "5 free Vapi numbers" in sixth.json()["message"][0]
    # SIP-only vapi numbers are not free PSTN numbers and are not capped.
    assert (
        api.post(
            "/phone-number", json={"provider": "vapi", "sipUri": "sip:x@sip.vapi.ai"}
        ).status_code
        == 201
    )
    first = api.get("/phone-number").json()[-1]
    api.delete(f"/phone-number/{first['id']}")
    assert (
        api.post(
            "/phone-number", json={"provider": "vapi", "numberDesiredAreaCode": "415"}
        ).status_code
        == 201
    )


def test_write_only_secrets_are_never_returned(api: httpx.Client) -> None:
    phone = api.post(
        "/phone-number",
        json={
            "provider": "twilio",
            "number": "+14155551234",
            "twilioAccountSid": "AC1",
            "twilioAuthToken": "tok-123",
        },
    ).json()
    twilio_cred = api.post(
        "/credential", json={"provider": "twilio", "accountSid": "AC1", "authToken": "tok-456"}
    ).json()
    bearer = api.post(
        "/credential",
        json={
            "provider": "custom-credential",
            "name": "x-vapi-secret",
            "authenticationPlan": {
                "type": "bearer",
                "token": "tok-789",
                "headerName": "X-Vapi-Secret",
                "bearerPrefixEnabled": False,
            },
        },
    ).json()
    assert bearer["authenticationPlan"] == {
        "type": "bearer",
        "headerName": "X-Vapi-Secret",
        "bearerPrefixEnabled": False,
    }
    patched = api.patch(f"/credential/{bearer['id']}", json={"name": "renamed"}).json()
    responses = [
        phone,
        twilio_cred,
        bearer,
        patched,
        api.get(f"/phone-number/{phone['id']}").json(),
        api.get("/credential").json(),
        api.get("/phone-number").json(),
        api.delete(f"/credential/{twilio_cred['id']}").json(),
    ]
    for response in responses:
        assert "tok-" not in str(response)


def test_state_survives_a_restart(
    emulator_factory: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    db = tmp_path / "persist.sqlite3"
    first = emulator_factory(db_path=db)
    with api_client(first) as api:
        tool = api.post("/tool", json=TOOL).json()
        org = api.get("/org").json()
    first.stop()
    second = emulator_factory(db_path=db)
    with api_client(second) as api:
        assert api.get(f"/tool/{tool['id']}").json() == tool
        assert api.get("/org").json() == org
        later = api.post("/tool", json=TOOL).json()
        assert later["createdAt"] > tool["createdAt"]


def test_concurrent_creates_all_succeed_with_distinct_ids(api: httpx.Client) -> None:
    def create(i: int) -> str:
        response = api.post("/assistant", json={"name": f"a{i}"})  # httpx.Client is thread-safe
        assert response.status_code == 201
        return str(response.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(80)))
    assert len(set(ids)) == 80
    listed = api.get("/assistant", params={"limit": 1000}).json()
    assert {a["id"] for a in listed} == set(ids)
    stamps = [a["createdAt"] for a in listed]
    assert len(set(stamps)) == 80


def test_large_lists_page_through_with_created_at_lt(emulator: EmulatorServer) -> None:
    seeded = emulator.store.insert_many("tool", [{"type": "endCall"} for _ in range(2500)])
    seen: list[str] = []
    with api_client(emulator) as api:
        params: dict[str, str | int] = {"limit": 1000}
        while page := api.get("/tool", params=params).json():
            seen.extend(t["id"] for t in page)
            params["createdAtLt"] = page[-1]["createdAt"]
    assert seen == [t["id"] for t in reversed(seeded)]
