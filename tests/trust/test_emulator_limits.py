"""The emulator refuses oversized and unauthenticated bodies without reading them, and a
duplicate sipUri like the real API (issue 12, item 11)."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

import httpx

from vapictl.emulator.app import MAX_BODY_BYTES


def _raw_post(emulator: Any, headers: dict[str, str]) -> bytes:
    """Send only the head of a POST (its body never comes) and read the answer."""
    url = urlsplit(emulator.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        sock.sendall(f"POST /assistant HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):  # the server closes the connection after answering
            chunks.append(chunk)
        return b"".join(chunks)


def test_an_oversized_body_is_refused_with_413_without_being_read(emulator: Any) -> None:
    answer = _raw_post(
        emulator,
        {
            "Authorization": f"Bearer {emulator.api_key}",
            "Content-Type": "application/json",
            "Content-Length": str(200 * 1024 * 1024),
        },
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b'"statusCode":413' in answer and b"Connection: close" in answer


def test_a_body_is_not_read_before_the_key_is_checked(emulator: Any) -> None:
    answer = _raw_post(
        emulator,
        {
            "Authorization": "Bearer wrong",
            "Content-Type": "application/json",
            "Content-Length": "5000000",
        },
    )
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
    assert b"Invalid Key" in answer


def test_bodies_up_to_the_limit_are_accepted(emulator: Any, api: httpx.Client) -> None:
    prompt = "x" * (MAX_BODY_BYTES // 2)
    response = api.post(
        "/assistant",
        json={
            "name": "big",
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "messages": [{"role": "system", "content": prompt}],
            },
        },
    )
    assert response.status_code in (201, 400), response.text[:200]  # parsed, not refused
    assert response.status_code != 413
    # The connection is still usable afterwards (keep-alive).
    assert api.get("/assistant").status_code == 200


def test_a_duplicate_sip_uri_is_rejected(api: httpx.Client) -> None:
    body = {"provider": "vapi", "sipUri": "sip:support-line@sip.vapi.ai", "name": "one"}
    first = api.post("/phone-number", json=body)
    assert first.status_code == 201, first.text
    second = api.post("/phone-number", json={**body, "name": "two"})
    assert second.status_code == 400, second.text
    assert "sipUri" in second.text and "already in use" in second.text

    other = api.post(
        "/phone-number", json={"provider": "vapi", "sipUri": "sip:other@sip.vapi.ai"}
    ).json()
    moved = api.patch(f"/phone-number/{other['id']}", json={"sipUri": body["sipUri"]})
    assert moved.status_code == 400, moved.text
    same = api.patch(f"/phone-number/{first.json()['id']}", json={"sipUri": body["sipUri"]})
    assert same.status_code == 200, same.text
