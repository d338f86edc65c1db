"""Test doubles shared by the API tests: a fake clock and a scripted transport."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import httpx

from vapictl.api import VapiClient

BASE_URL = "https://api.example.test"
API_KEY = "sk-test-0123456789abcdef"


class FakeClock:
    """Monotonic time that only moves when someone sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)


Responder = Callable[[httpx.Request], httpx.Response]


def scripted(*steps: httpx.Response | Exception) -> tuple[Responder, list[httpx.Request]]:
    """A handler answering each request with the next step (an exception is raised)."""
    seen: list[httpx.Request] = []
    queue: Iterator[httpx.Response | Exception] = iter(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = next(queue)
        if isinstance(step, Exception):
            raise step
        return step

    return handler, seen


def make_client(
    handler: Responder, clock: FakeClock | None = None, **options: object
) -> VapiClient:
    clock = clock or FakeClock()
    return VapiClient(
        BASE_URL,
        API_KEY,
        transport=httpx.MockTransport(handler),
        clock=clock,
        sleep=clock.sleep,
        **options,  # type: ignore[arg-type]
    )
