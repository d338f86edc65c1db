"""Injected faults for tests and benchmarks: 5xx (half committed), 429, latency, access log."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import api_client
from vapictl.emulator.faults import Faults, retry_after_header
from vapictl.emulator.server import EmulatorServer

Factory = Callable[..., EmulatorServer]


def test_fault_rate_one_fails_everything_and_commits_about_half_the_mutations(
    emulator_factory: Factory,
) -> None:
    server = emulator_factory(seed=7)
    with api_client(server) as api:
        assert api.get("/tool").status_code == 200  # seeded cleanly, then faults on
        server.faults.fault_rate = 1.0
        statuses = [api.post("/tool", json={"type": "endCall"}).status_code for _ in range(200)]
        assert set(statuses) <= {500, 502, 503} and len(set(statuses)) > 1
        server.faults.fault_rate = 0.0
        committed = len(api.get("/tool", params={"limit": 1000}).json())
    assert 70 <= committed <= 130  # binomial(200, 0.5): far outside 5 sigma otherwise


def test_fault_body_is_nestjs_shaped(emulator_factory: Factory) -> None:
    server = emulator_factory(fault_rate=1.0, seed=1)
    with api_client(server) as api:
        response = api.get("/assistant")
    assert response.status_code >= 500
    assert response.json()["statusCode"] == response.status_code


def test_seeded_faults_are_reproducible() -> None:
    first, second = Faults(fault_rate=0.3, seed=42), Faults(fault_rate=0.3, seed=42)
    assert [first.pick_fault() for _ in range(50)] == [second.pick_fault() for _ in range(50)]


def test_rate_limit_answers_429_with_retry_after(emulator_factory: Factory) -> None:
    server = emulator_factory(rate_limit=5)
    with api_client(server) as api:
        responses = [api.get("/tool") for _ in range(12)]
    limited = [r for r in responses if r.status_code == 429]
    assert [r.status_code for r in responses[:5]] == [200] * 5  # a one-second burst
    assert limited
    assert limited[0].json() == {"statusCode": 429, "message": "Too Many Requests"}
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert server.stats.by_status[429] == len(limited)


def test_retry_after_is_whole_seconds_at_least_one() -> None:
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(1.2) == "2"


def test_latency_does_not_serialise_concurrent_requests(emulator_factory: Factory) -> None:
    server = emulator_factory(latency_ms=300)
    with api_client(server) as api, ThreadPoolExecutor(max_workers=8) as pool:
        started = server.request_count
        responses = list(pool.map(lambda _: api.get("/tool"), range(8)))
    assert all(r.status_code == 200 for r in responses)
    assert all(r.elapsed.total_seconds() >= 0.3 for r in responses)
    assert server.request_count - started == 8
    assert server.stats.max_in_flight > 1  # the sleeps overlapped


def test_access_log_has_one_json_line_per_request(
    emulator_factory: Factory, tmp_path: Path
) -> None:
    log = tmp_path / "logs" / "access.jsonl"
    server = emulator_factory(access_log=log)
    with api_client(server) as api:
        api.post("/tool", json={"type": "endCall"})
        api.get("/nope")
        httpx.get(api.base_url.join("/tool"))
    server.stop()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("POST", "/tool", 201),
        ("GET", "/nope", 404),
        ("GET", "/tool", 401),
    ]
    assert all(isinstance(e["duration_ms"], float | int) and e["duration_ms"] >= 0 for e in lines)


def test_request_counter_counts_by_method(emulator: EmulatorServer) -> None:
    with api_client(emulator) as api:
        api.get("/tool")
        api.post("/tool", json={"type": "endCall"})
        api.get("/org")
    assert emulator.request_count == 3
    assert emulator.stats.by_method == {"GET": 2, "POST": 1}
