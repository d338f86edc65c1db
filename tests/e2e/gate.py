"""Hold chosen requests at the emulator until the test lets them go.

Tests of timing (progress that streams, signals mid-apply) use this instead of
clocks: a request that is held is provably in flight, and a line that arrives
while a request is held provably did not wait for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from vapictl.emulator.server import EmulatorServer

HOLD_LIMIT_SECONDS = 180.0  # a held request is let go after this, so no test hangs forever

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RequestGate:
    """`gate = RequestGate(server, hold=lambda method, path, n: ...)`: requests for which
    `hold(method, path, n)` is true (n counts matching method+path so far, from 1) wait
    until `release()`. Every request's arrival is recorded in `arrivals`."""

    def __init__(self, server: EmulatorServer, hold: Callable[[str, str, int], bool]) -> None:
        self._hold = hold
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], int] = {}
        self.arrivals: list[tuple[str, str]] = []
        self.held = 0
        httpd = server._httpd  # the test reaches inside: production code needs no hook
        assert httpd is not None, "start the server first"
        inner: WsgiApp = httpd.get_app()  # type: ignore[assignment]

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            method = str(environ["REQUEST_METHOD"])
            path = "/" + str(environ.get("PATH_INFO", "")).strip("/").split("/")[0]
            with self._lock:
                key = (method, path)
                self._seen[key] = self._seen.get(key, 0) + 1
                self.arrivals.append(key)
                hold = self._hold(method, path, self._seen[key])
                if hold:
                    self.held += 1
            if hold:
                self._released.wait(HOLD_LIMIT_SECONDS)
            return inner(environ, start_response)

        httpd.set_app(app)

    def release(self) -> None:
        self._released.set()

    def wait_held(self, count: int, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.held < count:
            assert time.monotonic() < deadline, f"only {self.held} of {count} requests held"
            time.sleep(0.01)

    @property
    def mutations(self) -> int:
        with self._lock:
            return sum(1 for method, _ in self.arrivals if method != "GET")


def timed_lines(stream: Any) -> Iterator[tuple[float, str]]:
    """(arrival time, line) for each line of a pipe, as it arrives."""
    for raw in iter(stream.readline, b""):
        yield time.monotonic(), raw.decode("utf-8", "replace").rstrip("\n")
