"""The lease's lock objects and the post-create check, against the emulator over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.cli import ORG_DIR, SECRETS
from vapictl.api.client import VapiClient
from vapictl.engine.apply import apply_plan
from vapictl.engine.lease import LEASE_PREFIX, Lease, LeaseHeldError, Lock, hold_lease
from vapictl.engine.live import read_live_state
from vapictl.engine.plan import build_plan
from vapictl.manifest.load import load_manifests


def _client(emulator: Any) -> VapiClient:
    return VapiClient(emulator.url, emulator.api_key)


def _lock_tools(api: httpx.Client) -> list[dict[str, Any]]:
    tools = api.get("/tool", params={"limit": 1000}).json()
    return [t for t in tools if t.get("function", {}).get("name", "").startswith(LEASE_PREFIX)]


def test_one_holder_at_a_time_and_release_frees_the_lease(emulator: Any, api: httpx.Client) -> None:
    notes: list[str] = []
    with _client(emulator) as client, hold_lease(client, timeout=0, note=notes.append):
        (held,) = _lock_tools(api)
        description = json.loads(held["function"]["description"])
        assert set(description["owner"]) == {"user", "host", "pid", "pidns", "ci"}
        assert description["ttlSeconds"] > 0
        with _client(emulator) as rival_client, pytest.raises(LeaseHeldError) as refused:
            Lease(rival_client, note=notes.append).acquire(timeout=0)
        assert "holds the lease on this org" in str(refused.value)
        assert len(_lock_tools(api)) == 1  # the loser removed its own lock
    assert _lock_tools(api) == []
    with _client(emulator) as client, hold_lease(client, timeout=0, note=notes.append):
        pass  # free again


def test_a_lock_is_renewed_on_the_server_clock(emulator: Any, api: httpx.Client) -> None:
    with _client(emulator) as client:
        lease = Lease(client, note=print)
        lease.acquire()
        try:
            before = _lock_tools(api)[0]["updatedAt"]
            lease._renew()
            assert _lock_tools(api)[0]["updatedAt"] > before
        finally:
            lease.release()


def test_lock_lapses_after_its_ttl_from_its_last_renewal() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    item = {
        "id": "x",
        "createdAt": "2026-01-01T00:00:00.000Z",
        "updatedAt": "2026-01-01T00:00:00.000Z",
        "function": {"description": json.dumps({"ttlSeconds": 30, "owner": {"host": "far"}})},
    }
    lock = Lock.from_item(item)
    assert lock is not None and lock.created_at == start
    assert not lock.lapsed(start + timedelta(seconds=29))
    assert lock.lapsed(start + timedelta(seconds=30))
    assert (
        lock.describe(start + timedelta(seconds=29))
        == "?@far (pid ?), since 2026-01-01T00:00:00.000Z (29 s ago)"
    )
    garbled = Lock.from_item({**item, "function": {"description": "not json"}})
    assert garbled is not None and garbled.ttl > 0 and garbled.owner == {}


@pytest.mark.parametrize("twin", ["lookup-order", "hang-up"])
def test_a_twin_created_meanwhile_by_another_run_is_healed(
    emulator: Any, api: httpx.Client, twin: str
) -> None:
    """The race a lease cannot stop (a run that takes none): this run's later twin is
    deleted and the earlier one used, by name or, with no name, by content."""
    manifest = load_manifests([ORG_DIR], environ=SECRETS)
    bodies = {
        "lookup-order": {"type": "function", "function": {"name": "lookup_order"}},
        "hang-up": {"type": "endCall"},
    }
    notes: list[str] = []
    with _client(emulator) as client:
        plan = build_plan(manifest, read_live_state(client))
        with hold_lease(client, timeout=0, note=notes.append) as lease:
            rival = api.post("/tool", json=bodies[twin]).json()
            heal = lease.post_create_check(client)
            report = apply_plan(plan, client, manifest, after_create=heal)

    assert report.ok
    created = next(r for r in report.results if r.action.address == f"tool/{twin}")
    assert created.id == rival["id"]
    same = [t for t in api.get("/tool").json() if t["type"] == rival["type"]]
    if twin == "lookup-order":
        same = [t for t in same if t["function"]["name"] == "lookup_order"]
    assert [t["id"] for t in same] == [rival["id"]]
    support = next(a for a in api.get("/assistant").json() if a["name"] == "support")
    assert rival["id"] in support["model"]["toolIds"]
    assert any(f"tool/{twin}: another apply created it at the same time" in n for n in notes)
