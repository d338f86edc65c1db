"""`Manifest.digest`: a sha256 of the resolved manifest that never contains a secret,
made when first asked (a saved plan, and the apply that checks one).

Each secret value enters only as `secrets.fingerprint(value, salt=address#path)`,
so the digest changes when a secret changes (a saved plan goes stale) but the
digest, and a plan file holding it, reveal nothing.

Texts read with `!file` (prompt files) are in `Resource.body` like any other
value, so editing a prompt file changes the digest and a saved plan made before
goes stale; moving an unchanged text into a file does not (the result is the same).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from vapictl.manifest.types import Resource, Settings
from vapictl.secrets import fingerprint


def manifest_digest(resources: Iterable[Resource], settings: Settings) -> str:
    """sha256 of `canonical_document(...)` as compact, key-sorted JSON, hashed piece by
    piece: the whole text of a 10,000-resource manifest at once added 13 MB to the
    load's peak memory. The bytes hashed are exactly that text: each piece is the
    entries of `_PIECE` resources in order, without the braces of their mapping."""
    by_address = {r.address: r for r in resources}
    addresses = sorted(by_address)
    digest = hashlib.sha256(b'{"resources":{')
    for start in range(0, len(addresses), _PIECE):
        piece = {
            address: _resolved(by_address[address]) for address in addresses[start : start + _PIECE]
        }
        if start:
            digest.update(b",")
        digest.update(_ENCODE(piece)[1:-1].encode("utf-8"))
    digest.update(b'},"settings":' + _json(_settings(settings)) + b"}")
    return digest.hexdigest()


_PIECE = 100  # resources encoded at once: one call instead of two per resource
_ENCODE = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
).encode


def canonical_document(resources: Iterable[Resource], settings: Settings) -> dict[str, Any]:
    """What the digest is of (tests/manifest/test_digest_pieces.py)."""
    return {
        "resources": {r.address: _resolved(r) for r in resources},
        "settings": _settings(settings),
    }


def _json(value: Any) -> bytes:
    return _ENCODE(value).encode("utf-8")


def _settings(settings: Settings) -> dict[str, Any]:
    return {
        "prune": settings.prune,
        "ignore": list(settings.ignore),
        "maxDeletes": settings.max_deletes,
    }


def _resolved(resource: Resource) -> dict[str, Any]:
    body = resource.body
    for path in resource.secret_paths:
        # Copy only the mappings on the way to the secret (not the whole body: that
        # deep copy was a third of the digest's cost); the resource stays untouched.
        body = dict(body)
        parent: Any = body
        *ancestors, leaf = path.split(".")
        for part in ancestors:
            child = parent.get(part) if isinstance(parent, dict) else None
            if isinstance(child, dict):
                child = dict(child)
                parent[part] = child
            parent = child
        if isinstance(parent, dict) and isinstance(parent.get(leaf), str):
            parent[leaf] = "fingerprint:" + fingerprint(
                parent[leaf], salt=f"{resource.address}#{path}"
            )
    resolved = {"body": body, "pinnedId": resource.pinned_id, "protect": resource.protect}
    if resource.upload is not None:
        # A file's content is part of what a saved plan was reviewed against.
        resolved["sha256"] = resource.upload.sha256
    return resolved
