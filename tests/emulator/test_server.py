"""The HTTP layer: keep-alive connections stay in sync, whatever a request carried."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from vapictl.emulator.server import EmulatorServer


def test_bodies_of_rejected_requests_do_not_leak_into_the_next_request(api: httpx.Client) -> None:
    # 404 and 401 answer before the body is looked at; it must still be consumed.
    assert api.request("POST", "/nope", json={"a": 1}).status_code == 404
    unauthenticated = api.build_request(
        "POST", "/tool", json={"type": "endCall"}, headers={"Authorization": "x"}
    )
    assert api.send(unauthenticated).status_code == 401
    assert api.post("/tool", json={"type": "endCall"}).status_code == 201
    assert len(api.get("/tool").json()) == 1


def test_chunked_bodies_are_refused_with_411(api: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"type":'
        yield b'"endCall"}'

    assert api.post("/tool", content=chunks()).status_code == 411
    assert api.get("/tool").json() == []


def test_stopped_server_refuses_reused_connections(tmp_path: Path) -> None:
    server = EmulatorServer(tmp_path / "s.sqlite3", "k").start()
    client = httpx.Client(base_url=server.url, headers={"Authorization": "Bearer k"})
    assert client.get("/org").status_code == 200
    server.stop()
    with pytest.raises(httpx.TransportError):
        client.get("/org")
    client.close()
