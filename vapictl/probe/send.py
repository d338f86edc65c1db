"""Sending probes: bounded concurrency, a per-request timeout, and nothing but
the URLs the routing resolved to."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from vapictl.probe.judge import Answer
from vapictl.probe.targets import Probe

if TYPE_CHECKING:
    import httpx

# Wait a little past a deadline, so a late answer is reported as late, not as silent.
_GRACE = 1.0


def send(client: httpx.Client, probe: Probe, *, signed: bool = True) -> Answer:
    import httpx

    payload = json.dumps(probe.body, allow_nan=False).encode()
    started = time.monotonic()
    try:
        response = client.post(
            probe.endpoint.url,
            content=payload,
            headers=probe.endpoint.request_headers(signed=signed),
            timeout=probe.deadline + _GRACE,
        )
    except httpx.TimeoutException:
        elapsed = time.monotonic() - started
        return Answer(None, elapsed, error=f"no answer within {probe.deadline:g}s")
    except httpx.HTTPError as exc:
        elapsed = time.monotonic() - started
        return Answer(None, elapsed, error=f"request failed: {type(exc).__name__}")
    return Answer(response.status_code, time.monotonic() - started, response.content)


def send_all(probes: list[Probe], concurrency: int, *, signed: bool = True) -> list[Answer]:
    """Answers in the order of `probes`."""
    import httpx

    if not probes:
        return []
    # Redirects are not followed: Vapi posts to the configured URL only.
    with (
        httpx.Client(follow_redirects=False, trust_env=False) as client,
        ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(probes)))) as pool,
    ):
        return list(pool.map(lambda p: send(client, p, signed=signed), probes))
