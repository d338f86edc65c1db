"""A file's `url` serves its content from the emulator itself (for `vapictl export`)."""

from __future__ import annotations

import httpx


def test_the_url_of_an_upload_serves_its_bytes_and_nothing_else(api: httpx.Client) -> None:
    created = api.post(
        "/file",
        files={"file": ("faq.md", b"# FAQ\r\nOpen 9-5.\n", "text/markdown")},
        data={"metadata": '{"vapictl": {"name": "faq"}}'},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert "_content" not in body  # the stored bytes never appear in a response
    assert body["url"].startswith(str(api.base_url).rstrip("/") + "/storage/")
    with httpx.Client() as anonymous:  # like a public storage URL: no key needed
        served = anonymous.get(body["url"])
    assert served.status_code == 200
    assert served.content == b"# FAQ\r\nOpen 9-5.\n"
    assert served.headers["content-type"].startswith("text/markdown")
    listed = api.get("/file").json()
    assert all("_content" not in item for item in listed)
    missing = httpx.get(body["url"].replace(body["id"], "00000000-0000-4000-8000-000000000000"))
    assert missing.status_code == 404
