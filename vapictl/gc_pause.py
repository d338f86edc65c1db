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

_freeze = False


def freeze_what_survives(freeze: bool = True) -> None:
    """For a process that ends with its command (the CLI, not a library user): what a
    pause leaves alive (manifests, the live org, a plan) stays to the end, so it is
    moved out of the collector's sight (`gc.freeze`) instead of being scanned when the
    collector resumes and again as it ages: 0.44 s of a 10,000-resource plan's CPU.
    Objects are still freed by reference counting; only cycles among them would stay."""
    global _freeze
    _freeze = freeze


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
            if _freeze:
                gc.freeze()
            gc.enable()
