"""The plan as data (STYLE.md §2): the engine builds it, renderers read it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from vapictl.engine.diff import Change
from vapictl.errors import Diagnostic
from vapictl.model import MANAGED_CREDENTIAL_PREFIX, SPECS, Kind

PLAN_FORMAT_VERSION = 1


class ActionType(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"


@dataclass(frozen=True)
class Action:
    action: ActionType
    kind: Kind
    name: str  # manifest key, or the live name for deletes
    address: str  # "kind/key": what references point at
    id: str | None  # live id (None for creates)
    changes: tuple[Change, ...] = ()
    body: dict[str, Any] = field(default_factory=dict)  # API body; Ref/SecretRef placeholders
    identity: str | None = None  # to find a create's result after an ambiguous failure
    live_fingerprint: str | None = None  # of the live object this action was planned against
    protect: bool = False
    reason: str = ""  # why a replace or delete happens

    @property
    def level(self) -> int:
        return SPECS[self.kind].level

    @property
    def managed_credential(self) -> bool:
        """A credential vapictl derives from a `server.secret`: its own bookkeeping."""
        return self.kind is Kind.CREDENTIAL and self.name.startswith(MANAGED_CREDENTIAL_PREFIX)


class DigestSource(Protocol):
    """What a plan was made from, by its digest: the Manifest (made only if asked)."""

    @property
    def digest(self) -> str: ...


@dataclass(frozen=True)
class FixedDigest:
    digest: str  # e.g. a rollback plan's "snapshot:<takenAt>"


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]
    digest_source: DigestSource = field(compare=False, repr=False)  # holds secrets
    known_ids: dict[str, str]  # address -> live id of every matched resource
    warnings: tuple[Diagnostic, ...] = ()
    prune: bool = False

    @property
    def manifest_digest(self) -> str:
        """Saved with the plan; apply compares it to say why a saved plan is stale."""
        return self.digest_source.digest

    @property
    def summary(self) -> dict[str, int]:
        counts = {action.value: 0 for action in ActionType}
        for action in self.actions:
            counts[action.action.value] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return bool(self.actions)


def live_fingerprint(live: Mapping[str, Any]) -> str:
    """A digest of a live object as read; any out-of-band edit changes it."""
    canonical = json.dumps(live, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
