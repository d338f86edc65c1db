"""VapiClient over httpx.MockTransport: requests, errors, retries, ambiguity."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from tests.api._fakes import API_KEY, BASE_URL, FakeClock, make_client, scripted
from vapictl import __version__
from vapictl.api import VapiClient
from vapictl.errors import ApiError, AuthError, NotFoundError, UsageError


def ok(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def nest_error(status: int, message: object, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"statusCode": status, "error": "Error", "message": message}, headers=headers
    )


# -- the happy path -------------------------------------------------------------


def test_requests_carry_auth_user_agent_and_json_body() -> None:
    handler, seen = scripted(ok({"id": "a1", "name": "support"}, 201))
    client = make_client(handler)
    created = client.create("/assistant", {"name": "support"}, resource="assistant/support")
    assert created == {"id": "a1", "name": "support"}
    request = seen[0]
    assert request.method == "POST"
    assert str(request.url) == f"{BASE_URL}/assistant"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"] == f"vapictl/{__version__}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"name": "support"}
    assert (client.request_count, client.mutation_count) == (1, 1)


def test_item_operations_use_item_paths() -> None:
    handler, seen = scripted(ok({"id": "x"}), ok({"id": "x", "name": "n"}), ok({"id": "x"}))
    client = make_client(handler)
    assert client.get("/tool", "x") == {"id": "x"}
    assert client.update("/tool", "x", {"name": "n"}) == {"id": "x", "name": "n"}
    assert client.delete("/tool", "x") == {"id": "x"}
    assert [(r.method, r.url.path) for r in seen] == [
        ("GET", "/tool/x"),
        ("PATCH", "/tool/x"),
        ("DELETE", "/tool/x"),
    ]
    assert (client.request_count, client.mutation_count) == (3, 2)


def test_get_org_returns_first_element_of_the_array() -> None:
    handler, _ = scripted(ok([{"id": "org1", "name": "Acme"}]), ok([]))
    client = make_client(handler)
    assert client.get_org() == {"id": "org1", "name": "Acme"}
    assert client.get_org() is None


def test_update_org_patches_org_by_id() -> None:
    handler, seen = scripted(ok({"id": "org1", "name": "New"}))
    client = make_client(handler)
    assert client.update_org("org1", {"name": "New"}) == {"id": "org1", "name": "New"}
    assert (seen[0].method, seen[0].url.path) == ("PATCH", "/org/org1")


def test_base_url_trailing_slash_and_path_prefix_are_kept() -> None:
    handler, seen = scripted(ok([]))
    client = VapiClient(
        "https://proxy.example.test/vapi/", API_KEY, transport=httpx.MockTransport(handler)
    )
    client.list_all("/squad")
    assert seen[0].url.path == "/vapi/squad"


@pytest.mark.parametrize("url", ["api.vapi.ai", "ftp://api.vapi.ai", "https://"])
def test_a_malformed_base_url_is_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError, match="base URL"):
        VapiClient(url, API_KEY)


def test_repr_never_shows_the_key() -> None:
    with VapiClient(BASE_URL, API_KEY) as client:
        assert API_KEY not in repr(client)


# -- errors a person can act on ---------------------------------------------------


def test_rejected_key_says_so_without_echoing_it() -> None:
    handler, seen = scripted(
        nest_error(401, f"Invalid Key {API_KEY}. Hot tip, you may be using the public key.")
    )
    client = make_client(handler)
    with pytest.raises(AuthError) as caught:
        client.list_all("/assistant")
    message = str(caught.value)
    assert message.startswith(
        "The Vapi API rejected the API key (HTTP 401). Check VAPI_API_KEY or --api-key."
    )
    assert API_KEY not in message
    assert all(API_KEY not in m for m in caught.value.api_messages)
    assert "Hot tip" in message
    assert len(seen) == 1  # a rejected key is never retried


def test_bad_request_lists_the_api_messages_and_the_resource() -> None:
    handler, _ = scripted(
        nest_error(
            400,
            [
                "name must be shorter than or equal to 40 characters",
                "property foo should not exist",
            ],
        )
    )
    client = make_client(handler)
    with pytest.raises(ApiError) as caught:
        client.create("/assistant", {"name": "x" * 41, "foo": 1}, resource="assistant/support")
    error = caught.value
    assert str(error) == (
        "POST /assistant for assistant/support was rejected (HTTP 400): "
        "name must be shorter than or equal to 40 characters; property foo should not exist"
    )
    assert error.status == 400
    assert error.api_messages == [
        "name must be shorter than or equal to 40 characters",
        "property foo should not exist",
    ]
    assert (error.method, error.path, error.resource) == ("POST", "/assistant", "assistant/support")
    assert not error.ambiguous


def test_error_messages_never_contain_the_request_body() -> None:
    handler, _ = scripted(nest_error(400, "bad"))
    client = make_client(handler)
    with pytest.raises(ApiError) as caught:
        client.update("/credential", "c1", {"token": "super-secret-token-value"})
    assert "super-secret-token-value" not in str(caught.value)


def test_not_found_is_its_own_error() -> None:
    handler, _ = scripted(nest_error(404, "Not Found"))
    client = make_client(handler)
    with pytest.raises(NotFoundError, match=r"GET /assistant/nope was not found \(HTTP 404\)"):
        client.get("/assistant", "nope")


def test_unreachable_host_names_the_url() -> None:
    clock = FakeClock()
    handler, seen = scripted(*[httpx.ConnectError("[Errno 111] Connection refused")] * 3)
    client = make_client(handler, clock, max_retries=2)
    with pytest.raises(ApiError) as caught:
        client.list_all("/assistant")
    assert str(caught.value).startswith(
        f"Could not reach the Vapi API at {BASE_URL}: [Errno 111] Connection refused"
    )
    assert "Check --base-url / VAPI_BASE_URL and your network." in str(caught.value)
    assert caught.value.status is None
    assert len(seen) == 3


def test_non_json_success_body_is_an_error() -> None:
    handler, _ = scripted(httpx.Response(200, text="<html>proxy</html>"))
    client = make_client(handler)
    with pytest.raises(ApiError, match="not JSON"):
        client.get("/tool", "t1")


def test_list_that_is_not_an_array_is_an_error() -> None:
    handler, _ = scripted(ok({"items": []}))
    client = make_client(handler)
    with pytest.raises(ApiError, match="not a list"):
        client.list_all("/tool")


@pytest.mark.parametrize("wrapper", ["results", "data"])
def test_paginated_and_data_lists_are_unwrapped(wrapper: str) -> None:
    # /structured-output answers {results, metadata}; /eval/simulation may answer {data}.
    handler, _ = scripted(ok({wrapper: [{"id": "a"}], "metadata": {"totalItems": 1}}))
    client = make_client(handler)
    assert client.list_all("/structured-output") == [{"id": "a"}]


# -- retries ------------------------------------------------------------------


def test_429_is_retried_after_retry_after_seconds() -> None:
    clock = FakeClock()
    handler, seen = scripted(nest_error(429, "Too Many Requests", **{"Retry-After": "3"}), ok([]))
    client = make_client(handler, clock)
    assert client.list_all("/tool") == []
    assert len(seen) == 2
    assert clock.sleeps == [3.0]


def test_retry_after_http_date_and_ms_forms_are_honoured() -> None:
    clock = FakeClock()
    wall = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(datetime(2026, 1, 1, 12, 0, 7, tzinfo=UTC), usegmt=True)
    handler, _ = scripted(
        nest_error(429, "slow", **{"Retry-After": later}),
        nest_error(503, "busy", **{"retry-after-ms": "250"}),
        ok([]),
    )
    client = VapiClient(
        BASE_URL,
        API_KEY,
        transport=httpx.MockTransport(handler),
        clock=clock,
        sleep=clock.sleep,
        wall_clock=wall.timestamp,
    )
    client.list_all("/tool")
    assert clock.sleeps == [7.0, 0.25]


def test_a_zero_retry_after_still_waits_a_little() -> None:
    clock = FakeClock()
    handler, _ = scripted(nest_error(429, "slow", **{"Retry-After": "0"}), ok([]))
    make_client(handler, clock).list_all("/tool")
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] < 0.5


def test_backoff_is_exponential_capped_and_jittered() -> None:
    clock = FakeClock()
    handler, seen = scripted(*[nest_error(500, "boom")] * 7)
    client = make_client(handler, clock, max_retries=6, backoff_base=0.5, backoff_max=5.0)
    with pytest.raises(ApiError) as caught:
        client.get("/tool", "t1")
    assert caught.value.status == 500
    assert "after 7 attempts" in str(caught.value)
    assert len(seen) == 7
    ceilings = [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert len(clock.sleeps) == 6
    assert all(0 <= s <= c for s, c in zip(clock.sleeps, ceilings, strict=True))
    # full jitter: not the same delay every time
    assert len(set(clock.sleeps)) > 1


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_retried_for_idempotent_methods(method: str, status: int) -> None:
    handler, seen = scripted(nest_error(status, "flaky"), ok({"id": "t1"}))
    client = make_client(handler)
    if method == "GET":
        result = client.get("/tool", "t1")
    elif method == "PATCH":
        result = client.update("/tool", "t1", {"name": "n"})
    else:
        result = client.delete("/tool", "t1")  # type: ignore[assignment]
    assert result == {"id": "t1"}
    assert [r.method for r in seen] == [method, method]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_is_not_retried_after_5xx_and_is_ambiguous(status: int) -> None:
    handler, seen = scripted(nest_error(status, "oops"), ok({"id": "dup"}, 201))
    client = make_client(handler)
    with pytest.raises(ApiError) as caught:
        client.create("/assistant", {"name": "support"}, resource="assistant/support")
    assert caught.value.ambiguous
    assert caught.value.status == status
    assert "POST /assistant for assistant/support failed" in str(caught.value)
    assert len(seen) == 1


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset"),
    ],
)
def test_post_is_not_retried_after_a_failure_once_sent(error: Exception) -> None:
    handler, seen = scripted(error, ok({"id": "dup"}, 201))
    client = make_client(handler)
    with pytest.raises(ApiError) as caught:
        client.create("/tool", {"type": "function"}, resource="tool/lookup")
    assert caught.value.ambiguous
    assert caught.value.status is None
    assert "may have been carried out" in str(caught.value)
    assert len(seen) == 1


def test_post_is_retried_on_429() -> None:
    handler, seen = scripted(nest_error(429, "slow", **{"Retry-After": "1"}), ok({"id": "a"}, 201))
    client = make_client(handler)
    assert client.create("/assistant", {"name": "a"}) == {"id": "a"}
    assert len(seen) == 2
    assert client.mutation_count == 2


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow")])
def test_post_is_retried_when_the_request_was_never_sent(error: Exception) -> None:
    handler, seen = scripted(error, ok({"id": "a"}, 201))
    client = make_client(handler)
    assert client.create("/assistant", {"name": "a"}) == {"id": "a"}
    assert len(seen) == 2


def test_get_is_retried_after_a_read_timeout() -> None:
    handler, seen = scripted(httpx.ReadTimeout("timed out"), ok({"id": "t"}))
    assert make_client(handler).get("/tool", "t") == {"id": "t"}
    assert len(seen) == 2


def test_delete_404_after_an_ambiguous_attempt_counts_as_done() -> None:
    handler, seen = scripted(nest_error(502, "gateway"), nest_error(404, "Not Found"))
    client = make_client(handler)
    assert client.delete("/tool", "t1", resource="tool/lookup") is None
    assert len(seen) == 2


def test_delete_404_after_a_dropped_connection_counts_as_done() -> None:
    handler, _ = scripted(httpx.ReadTimeout("timed out"), nest_error(404, "Not Found"))
    assert make_client(handler).delete("/tool", "t1") is None


def test_delete_404_on_the_first_attempt_is_not_found() -> None:
    handler, _ = scripted(nest_error(404, "Not Found"))
    with pytest.raises(NotFoundError):
        make_client(handler).delete("/tool", "t1")


def test_patch_exhausting_retries_on_5xx_is_reported_as_maybe_applied() -> None:
    handler, _ = scripted(*[nest_error(503, "down")] * 3)
    client = make_client(handler, max_retries=2)
    with pytest.raises(ApiError) as caught:
        client.update("/tool", "t1", {"name": "n"}, resource="tool/lookup")
    assert caught.value.status == 503
    assert caught.value.ambiguous
    assert str(caught.value).startswith(
        "PATCH /tool/t1 for tool/lookup failed (HTTP 503) after 3 attempts: down"
    )


def test_429_exhausting_retries_raises_the_last_error() -> None:
    handler, seen = scripted(*[nest_error(429, "Too Many Requests")] * 3)
    client = make_client(handler, max_retries=2)
    with pytest.raises(ApiError) as caught:
        client.create("/assistant", {"name": "a"})
    assert caught.value.status == 429
    assert not caught.value.ambiguous
    assert len(seen) == 3


def test_other_4xx_are_not_retried() -> None:
    handler, seen = scripted(nest_error(409, "assistant_pinned"))
    with pytest.raises(ApiError, match="HTTP 409"):
        make_client(handler).delete("/assistant", "a1")
    assert len(seen) == 1


def test_a_429_pauses_every_thread_until_retry_after() -> None:
    clock = FakeClock()
    other_thread_sleeps: list[float] = []
    paused = threading.Event()
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            return nest_error(429, "slow", **{"Retry-After": "5"})
        return ok({"id": request.url.path})

    client = make_client(handler, clock)

    def sleeping(seconds: float) -> None:
        # The first sleep happens inside the gate after the 429: run another
        # request from another thread right now; it must wait too.
        if not paused.is_set():
            paused.set()
            before = len(calls)
            worker = threading.Thread(target=lambda: client.get("/tool", "other"))
            worker.start()
            worker.join()
            other_thread_sleeps.extend(clock.sleeps)
            assert len(calls) == before + 1
        clock.sleep(seconds)

    client._sleep = sleeping  # type: ignore[method-assign]
    client._gate._sleep = sleeping
    assert client.get("/tool", "first") == {"id": "/tool/first"}
    assert other_thread_sleeps == [5.0]


# -- logging ------------------------------------------------------------------


def test_debug_log_has_one_line_per_attempt_and_no_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler, _ = scripted(nest_error(503, "busy"), ok({"id": "t1"}))
    client = make_client(handler)
    with caplog.at_level(logging.DEBUG, logger="vapictl.http"):
        client.update("/tool", "t1", {"token": "body-secret-value"})
    lines = [r.getMessage() for r in caplog.records if r.name == "vapictl.http"]
    assert len(lines) == 2
    assert lines[0].startswith("PATCH /tool/t1 -> 503 in ")
    assert lines[0].endswith("(attempt 1)")
    assert lines[1].startswith("PATCH /tool/t1 -> 200 in ")
    for line in lines:
        assert API_KEY not in line and "Bearer" not in line and "body-secret-value" not in line


def test_a_closed_port_is_reported_as_unreachable_with_its_url() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    client = VapiClient(url, API_KEY, max_retries=1, backoff_base=0.0)
    with pytest.raises(ApiError) as caught:
        client.list_all("/assistant")
    assert str(caught.value).startswith(f"Could not reach the Vapi API at {url}: ")
    assert client.request_count == 2


def test_a_read_that_keeps_timing_out_is_not_ambiguous() -> None:
    handler, seen = scripted(*[httpx.ReadTimeout("timed out")] * 2)
    client = make_client(handler, max_retries=1)
    with pytest.raises(ApiError) as caught:
        client.get("/tool", "t1")
    assert not caught.value.ambiguous
    assert str(caught.value) == (
        f"GET /tool/t1 to {BASE_URL} failed after 2 attempts: timed out (ReadTimeout)."
    )
    assert len(seen) == 2


def test_a_malformed_url_is_not_retried() -> None:
    handler, seen = scripted(httpx.UnsupportedProtocol("Request URL has an unsupported protocol"))
    with pytest.raises(ApiError, match="Could not reach the Vapi API"):
        make_client(handler).list_all("/tool")
    assert len(seen) == 1


def test_an_error_page_that_is_not_json_falls_back_to_the_reason_phrase() -> None:
    handler, _ = scripted(httpx.Response(418, text="<html>teapot</html>"))
    with pytest.raises(ApiError) as caught:
        make_client(handler).get("/tool", "t1")
    assert str(caught.value) == "GET /tool/t1 was rejected (HTTP 418): I'm a teapot"
    assert caught.value.api_messages == []


def test_get_org_is_none_when_the_endpoint_is_missing() -> None:
    handler, _ = scripted(nest_error(404, "Cannot GET /org"))
    assert make_client(handler).get_org() is None


def test_a_decoded_response_is_freed_without_the_cyclic_collector() -> None:
    """A response and its stream refer to each other; the CLI keeps what a read leaves
    out of the collector's sight (gc_pause.py), so each page's body must be freed by
    reference counting once decoded, or every page of a large org would stay."""
    import gc
    import weakref

    sent: list[weakref.ref[httpx.Response]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = ok({"id": "a1", "prompt": "x" * 100_000})
        sent.append(weakref.ref(response))
        return response

    client = make_client(handler)
    gc.disable()
    try:
        assert client.get("/assistant", "a1")["id"] == "a1"
        assert len(sent) == 1 and sent[0]() is None
    finally:
        gc.enable()
