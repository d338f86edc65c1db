"""Injected trouble for tests and benchmarks: latency, 5xx faults, a rate limit, and an
access log (DESIGN.md §7). All settings can be changed on a running server."""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FAULT_STATUSES = (500, 502, 503)


@dataclass
class Faults:
    """Mutable knobs: e.g. `server.faults.fault_rate = 0.2` after seeding cleanly."""

    latency_ms: float = 0.0
    fault_rate: float = 0.0
    rate_limit: float | None = None  # requests per second; None = unlimited
    seed: int | None = None
    # A deterministic latency schedule, by server-side arrival: the first `spike_burst`
    # requests of every `spike_period` take `spike_ms` instead of `latency_ms`. Unlike
    # toggling `latency_ms` on a timer, which requests it hits does not depend on load.
    spike_ms: float = 0.0
    spike_burst: int = 0
    spike_period: int = 0
    spiked: int = field(default=0, init=False)  # requests that got `spike_ms` so far
    _arrivals: int = field(default=0, init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _tokens: float = field(default=0.0, init=False, repr=False)
    _last_refill: float = field(default=0.0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def request_latency_ms(self) -> float:
        """The latency of the request arriving now (counts arrivals for the schedule)."""
        if self.spike_period <= 0 or self.spike_burst <= 0:
            return self.latency_ms
        with self._lock:
            position = self._arrivals % self.spike_period
            self._arrivals += 1
            if position < self.spike_burst:
                self.spiked += 1
                return self.spike_ms
        return self.latency_ms

    def pick_fault(self) -> tuple[int, bool] | None:
        """None, or (5xx status, commit-first?) for this request. Half of the failing
        mutations are carried out before the error, like a timeout after the work."""
        if self.fault_rate <= 0:
            return None
        with self._lock:
            if self._rng.random() >= self.fault_rate:
                return None
            return self._rng.choice(FAULT_STATUSES), self._rng.random() < 0.5

    def take_token(self) -> float | None:
        """Token bucket (burst = one second of requests). None if the request may go on,
        else the seconds until a token is free."""
        rate = self.rate_limit
        if not rate or rate <= 0:
            return None
        with self._lock:
            now = time.monotonic()
            capacity = max(1.0, rate)
            if self._last_refill == 0.0:
                self._tokens = capacity
            else:
                self._tokens = min(capacity, self._tokens + (now - self._last_refill) * rate)
            self._last_refill = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return None
            return (1.0 - self._tokens) / rate


def retry_after_header(wait_seconds: float) -> str:
    """Whole seconds, at least 1: the HTTP-date-free form every client parses."""
    return str(max(1, math.ceil(wait_seconds)))


class RequestStats:
    """Counters tests and benchmarks read: total, by method, by status, and the most
    requests ever in flight at once (proof that latency does not serialise them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.total = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.by_method: Counter[str] = Counter()
        self.by_status: Counter[int] = Counter()

    def begin(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def record(self, method: str, status: int) -> None:
        """A request finished."""
        with self._lock:
            self.in_flight -= 1
            self.total += 1
            self.by_method[method] += 1
            self.by_status[status] += 1


class AccessLog:
    """One JSON line per request: method, path, status, duration_ms."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._file = path.open("a", encoding="utf-8")

    def write(self, method: str, path: str, status: int, duration_ms: float) -> None:
        line = json.dumps(
            {"method": method, "path": path, "status": status, "duration_ms": round(duration_ms, 3)}
        )
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()
