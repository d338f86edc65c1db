"""Load the manifests while the live org is read: the start plan, apply and drift share."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from vapictl.engine.live import LISTED_KINDS, LiveState, read_live_state
from vapictl.gc_pause import collector_paused
from vapictl.manifest.types import Manifest
from vapictl.model import Kind, identity

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient


def load_while_reading(
    load: Callable[[], Manifest], client: VapiClient
) -> tuple[Manifest, LiveState]:
    """Load the manifests while the live org is read.

    The read mostly waits on the network and the load is CPU work, so overlapping
    them makes a plan cost about the longer of the two instead of their sum. If the
    manifests are invalid, their errors win and the read's outcome is dropped. Items
    read one by one (knowledge bases) are read only if the manifests declare them.
    """
    loaded: Future[Manifest | None] = Future()

    def want(kind: Kind, item: dict[str, Any]) -> bool:
        manifest = loaded.result()
        return manifest is None or declares(manifest, kind, item)

    with (
        collector_paused(),  # the live JSON is decoded beside the load (gc_pause.py)
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="vapictl-read") as pool,
    ):
        reading = pool.submit(read_live_state, client, LISTED_KINDS, want)
        try:
            manifest = load()
        except BaseException:
            loaded.set_result(None)  # the read must not wait for a manifest that never comes
            raise
        loaded.set_result(manifest)
        return manifest, reading.result()


def declares(manifest: Manifest, kind: Kind, item: dict[str, Any]) -> bool:
    """Does an entry of the manifests manage `item` (by pinned id or identity)?"""
    ident = identity(kind, item)
    return any(
        resource.pinned_id == item.get("id") or identity(kind, resource.body) == ident
        for resource in manifest.resources.get(kind, {}).values()
    )
