"""Pause the cyclic garbage collector while large acyclic data is built and compared.

Loading manifests, decoding the live org and planning build hundreds of thousands of
small dicts and lists and no reference cycles worth collecting. With the collector on,
each time the surviving objects grow by a quarter it walks all of them again: at
10,000 resources that was about a third of a plan's CPU (benchmarks/README.md).
Reference counting still frees everything as usual; the collector resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside; nested uses and other threads are fine (the switch
    is process-wide: only the outermost pause turns it back on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
