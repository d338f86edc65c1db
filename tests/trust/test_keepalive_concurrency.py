"""The emulator's keep-alive loop under one shared httpx client and 64 threads (issue 12,
item 11: "[Errno 9] Bad file descriptor" while seeding 2,000 resources).

Finding: EBADF is the client's own socket being closed under a reading thread. It is
what `httpx.Client.close()` (leaving its `with` block) does to requests other threads
still have in flight; a server cannot close a client's file descriptor. 4 runs of 2,000
creates from 64 threads through the keep-alive loop gave no error at all; closing the
client mid-run gives `ReadError: [Errno 9] Bad file descriptor` on every run. So the
seeding script closed its client (or exited) before its threads were done; this test
keeps the loop honest with a bounded version of the seeding.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

CREATES = 600
THREADS = 64


def test_one_client_64_threads_through_the_keep_alive_loop_never_fails(emulator: Any) -> None:
    failures: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=THREADS, max_keepalive_connections=THREADS)
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.url, headers=headers, limits=limits, timeout=60) as client:

        def create(index: int) -> None:
            body = {"type": "function", "function": {"name": f"tool_{index}"}}
            try:
                response = client.post("/tool", json=body)
                if response.status_code != 201:
                    failures[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as error:
                failures[f"{type(error).__name__}: {error}"] += 1

        with ThreadPoolExecutor(THREADS) as pool:  # finishes every request before close()
            list(pool.map(create, range(CREATES)))
        assert not failures, dict(failures)
        listed = client.get("/tool", params={"limit": 1000}).json()
    assert len(listed) == CREATES
