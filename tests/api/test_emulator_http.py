"""The real client over real HTTP against the emulator (tests/conftest.py `emulator`)."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_API_KEY
from vapictl.api import VapiClient
from vapictl.emulator.server import EmulatorServer
from vapictl.errors import ApiError, AuthError, NotFoundError


def test_lists_more_than_1000_items_in_pages(emulator: EmulatorServer) -> None:
    for n in range(1500):
        emulator.store.insert("tool", {"type": "function", "function": {"name": f"fn_{n}"}})
    with VapiClient(emulator.url, TEST_API_KEY) as client:
        tools = client.list_all("/tool")
        assert client.request_count == 2
    assert len({tool["id"] for tool in tools}) == len(tools) == 1500
    assert {tool["function"]["name"] for tool in tools} == {f"fn_{n}" for n in range(1500)}


def test_a_wrong_key_is_rejected_without_being_echoed(emulator: EmulatorServer) -> None:
    wrong_key = "wrong-key-0123456789"
    with VapiClient(emulator.url, wrong_key) as client, pytest.raises(AuthError) as caught:
        client.list_all("/assistant")
    assert caught.value.status == 401
    assert str(caught.value).startswith("The Vapi API rejected the API key (HTTP 401).")
    assert wrong_key not in str(caught.value)


def test_crud_round_trip_and_validation_messages(emulator: EmulatorServer) -> None:
    with VapiClient(emulator.url, TEST_API_KEY) as client:
        created = client.create("/assistant", {"name": "support"}, resource="assistant/support")
        updated = client.update("/assistant", created["id"], {"firstMessage": "Hi"})
        assert updated["firstMessage"] == "Hi"
        assert client.get("/assistant", created["id"])["name"] == "support"
        with pytest.raises(ApiError) as caught:
            client.create("/assistant", {"name": "x", "bogus": 1}, resource="assistant/x")
        assert caught.value.status == 400
        assert str(caught.value).startswith(
            "POST /assistant for assistant/x was rejected (HTTP 400)"
        )
        assert "property bogus should not exist" in caught.value.api_messages
        assert client.delete("/assistant", created["id"])["id"] == created["id"]
        with pytest.raises(NotFoundError):
            client.get("/assistant", created["id"])
        org = client.get_org()
        assert org is not None and "id" in org


def test_server_side_429s_are_absorbed_with_retry_after(emulator: EmulatorServer) -> None:
    # A burst of 5, then 429 with Retry-After: 30 lists would have to take over 5 s
    # for the bucket to keep up, so refusals happen even on a loaded machine.
    emulator.faults.rate_limit = 5.0
    with VapiClient(emulator.url, TEST_API_KEY, parallelism=4) as client:
        results = client.map_concurrent(lambda _: client.list_all("/squad"), range(30))
        assert results == [[]] * 30
        assert client.request_count > 30  # some attempts were refused and retried
    assert emulator.stats.by_status[429] == client.request_count - 30
