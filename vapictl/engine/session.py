"""Load the manifests while the live org is read: the start plan, apply and drift share."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from vapictl.engine.live import LiveState, read_live_state
from vapictl.manifest.types import Manifest

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient


def load_while_reading(
    load: Callable[[], Manifest], client: VapiClient
) -> tuple[Manifest, LiveState]:
    """Load the manifests while the live org is read.

    The read mostly waits on the network and the load is CPU work, so overlapping
    them makes a plan cost about the longer of the two instead of their sum. If the
    manifests are invalid, their errors win and the read's outcome is dropped.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vapictl-read") as pool:
        reading = pool.submit(read_live_state, client)
        manifest = load()
        return manifest, reading.result()
