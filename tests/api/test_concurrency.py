"""map_concurrent: order, bound on concurrency, first failure."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.api._fakes import make_client
from vapictl.api import VapiClient


def _client(parallelism: int) -> VapiClient:
    return make_client(lambda request: httpx.Response(200, json=[]), parallelism=parallelism)


def test_results_come_back_in_input_order() -> None:
    client = _client(4)

    def slow_for_small(n: int) -> int:
        time.sleep(0.002 * (10 - n))  # earlier items finish last
        return n * n

    assert client.map_concurrent(slow_for_small, range(10)) == [n * n for n in range(10)]


def test_never_more_than_parallelism_calls_at_once() -> None:
    client = _client(3)
    lock = threading.Lock()
    running = 0
    peak = 0

    def track(_: int) -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.005)
        with lock:
            running -= 1

    client.map_concurrent(track, range(24))
    assert peak == 3


def test_first_exception_is_raised_after_in_flight_calls_finish() -> None:
    client = _client(2)
    started: list[int] = []
    finished: list[int] = []
    lock = threading.Lock()
    release = threading.Event()

    def work(n: int) -> int:
        with lock:
            started.append(n)
        if n == 0:
            release.wait(5)
            time.sleep(0.02)
            with lock:
                finished.append(n)
            return n
        if n == 1:
            release.set()
            raise RuntimeError("boom on 1")
        with lock:
            finished.append(n)
        return n

    with pytest.raises(RuntimeError, match="boom on 1"):
        client.map_concurrent(work, range(50))
    assert 0 in finished  # the call in flight was allowed to finish
    assert sorted(started) == [0, 1]  # nothing new started after the failure


def test_nested_calls_do_not_deadlock() -> None:
    client = _client(2)
    result = client.map_concurrent(
        lambda n: sum(client.map_concurrent(lambda m: m, range(n))), range(6)
    )
    assert result == [0, 0, 1, 3, 6, 10]


def test_empty_and_serial_inputs() -> None:
    assert _client(4).map_concurrent(str, []) == []
    assert _client(1).map_concurrent(str, [1, 2]) == ["1", "2"]


def test_live_state_reader_lists_every_kind_concurrently() -> None:
    from vapictl.engine.live import read_live_state
    from vapictl.model import Kind

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/org":
            return httpx.Response(200, json=[{"id": "org1"}])
        if request.url.path.startswith("/v2/knowledge-base/"):  # a base, read by id
            return httpx.Response(200, json={"id": "kb", "files": [], "toolId": "t1"})
        return httpx.Response(200, json=[{"id": request.url.path.strip("/"), "createdAt": "x"}])

    state = read_live_state(make_client(handler))
    assert state.org == {"id": "org1"}
    assert state.of(Kind.TOOL) == [{"id": "tool", "createdAt": "x"}]
    # The list leaves out a base's files and tool: each base is read by id too.
    assert state.of(Kind.KNOWLEDGE_BASE) == [{"id": "kb", "files": [], "toolId": "t1"}]
