"""TokenBucket and PauseGate, driven by a fake clock (no real sleeping)."""

from __future__ import annotations

import itertools
import threading

import httpx
import pytest

from tests.api._fakes import FakeClock, make_client
from vapictl.api import PauseGate, TokenBucket


def test_bucket_allows_a_burst_then_spaces_exactly_at_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10.0, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(30):
        bucket.acquire()
        times.append(clock())
    assert times[:5] == [0.0] * 5  # half a second's worth of burst
    assert times[5:] == pytest.approx([0.1 * n for n in range(1, 26)])


def test_bucket_refills_while_idle_but_never_beyond_the_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(5.0, burst=2.0, clock=clock, sleep=clock.sleep)
    assert [bucket.reserve() for _ in range(2)] == [0.0, 0.0]
    clock.now = 100.0
    waits = [bucket.reserve() for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.0, 0.2, 0.4])


def test_concurrent_reservations_are_each_given_their_own_slot() -> None:
    clock = FakeClock()  # never advances here: every thread reserves at t=0
    bucket = TokenBucket(20.0, burst=1.0, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    lock = threading.Lock()

    def reserve_many() -> None:
        for _ in range(25):
            wait = bucket.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=reserve_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([n / 20.0 for n in range(200)])


def test_bucket_rejects_a_non_positive_rate() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0)


def test_gate_holds_back_until_the_latest_pause() -> None:
    clock = FakeClock()
    gate = PauseGate(clock=clock, sleep=clock.sleep)
    gate.wait()
    assert clock.sleeps == []
    gate.pause_for(2.0)
    gate.pause_for(0.5)  # a shorter pause never shortens a longer one
    gate.wait()
    assert clock.sleeps == [2.0]
    assert gate.remaining() == 0.0


def test_client_rate_limit_applies_to_every_attempt_including_retries() -> None:
    clock = FakeClock()
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock())
        if len(sent_at) == 3:
            return httpx.Response(503, json={"message": "busy"})
        return httpx.Response(200, json={"id": "x"})

    client = make_client(handler, clock, rate_limit=4.0, backoff_base=0.0)
    for n in range(11):
        client.get("/tool", str(n))
    assert client.request_count == 12
    # 2 at once (burst), then one every 0.25 s: 12 attempts end at 2.5 s
    assert sent_at[:2] == [0.0] * 2
    assert sent_at[-1] == pytest.approx(2.5)
    gaps = [b - a for a, b in itertools.pairwise(sent_at[2:])]
    assert gaps == pytest.approx([0.25] * 9)


def test_no_rate_limit_means_no_sleeping() -> None:
    clock = FakeClock()
    client = make_client(lambda request: httpx.Response(200, json={"id": "x"}), clock)
    for n in range(50):
        client.get("/tool", str(n))
    assert clock.sleeps == []
