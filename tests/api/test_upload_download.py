"""Multipart creates (POST /file) and downloads of a file's content."""

from __future__ import annotations

import httpx
import pytest

from tests.api._fakes import API_KEY, BASE_URL, make_client
from vapictl.errors import ApiError


def test_an_upload_is_multipart_with_the_file_and_its_fields() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"id": "f1"})

    client = make_client(handler)
    created = client.upload("/file", {"purpose": "assistant"}, ("faq.md", b"# FAQ\n"))
    assert created == {"id": "f1"}
    (request,) = seen
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="purpose"' in body and b"assistant" in body
    assert b'name="file"; filename="faq.md"' in body and b"# FAQ\n" in body


def test_a_download_from_the_api_host_carries_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        return httpx.Response(200, content=b"bytes")

    client = make_client(handler)
    assert client.download(f"{BASE_URL}/storage/f1/faq.md", 100) == b"bytes"


def test_a_download_larger_than_allowed_is_refused() -> None:
    client = make_client(lambda request: httpx.Response(200, content=b"x" * 50))
    with pytest.raises(ApiError, match="larger than 10 bytes"):
        client.download(f"{BASE_URL}/storage/f1/faq.md", 10)
