"""Ctrl-C and SIGTERM during apply: stop cleanly once, abort on the second signal.

The first SIGINT or SIGTERM halts the API client (no new request leaves, not even a
retry) and asks the scheduler to stop; requests already sent finish, within a bound,
and apply prints what was applied, failed, in flight and not attempted, then exits
128 + the signal number (130 for SIGINT, 143 for SIGTERM), as shells do. A second
signal exits at once, with no report.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient

HANDLED = (signal.SIGINT, signal.SIGTERM)


class StopOnSignal:
    """`with StopOnSignal(client) as stopper: apply_plan(..., stop=stopper.event)`."""

    def __init__(self, client: VapiClient) -> None:
        self.client = client
        self.event = threading.Event()
        self.signum: int | None = None
        self._previous: dict[int, object] = {}

    @property
    def signal_name(self) -> str | None:
        return signal.Signals(self.signum).name if self.signum is not None else None

    @property
    def exit_code(self) -> int:
        return 128 + (self.signum or signal.SIGINT)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():
            # The second signal: the user does not want to wait. Bypass Python's
            # buffered streams (the main thread may be inside a write).
            os.write(2, b"\nAborted: in-flight requests were abandoned.\n")
            os._exit(128 + signum)
        self.signum = signum
        self.client.halt()  # first, so that nothing more is sent from this instant
        self.event.set()

    def __enter__(self) -> StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for signum in HANDLED:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]
        self._previous.clear()


def exit_now(code: int, *, abandon_threads: bool) -> None:
    """Exit with `code` after a signal. When requests were still running after the
    grace period, do not wait for their threads (interpreter exit would join them)."""
    import sys

    import typer

    if abandon_threads:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)
