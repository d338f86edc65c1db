"""Provider credentials declared under `credentials` (DESIGN.md §5).

Their secrets are never read back: the live name ends in a fingerprint of the
secrets (desired.py), so a changed secret shows as a different name. Rotating
is what it is for server secrets: create the new credential, point the
referrers at it (their `credentialId` is then "known after apply"), delete the
old one last. A credential made outside vapictl has no fingerprint: its secrets
are taken as they are (export, then plan, shows no change) until it is renamed or
recreated. OAuth credentials come from dashboard flows: referenced, never created.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vapictl.engine.desired import DesiredResource
from vapictl.errors import Diagnostic, ManifestError
from vapictl.model import Kind
from vapictl.model.identity import base_name
from vapictl.model.registry import OAUTH_CREDENTIAL_PROVIDERS

ROTATED = "secret rotated"


def rotations(
    desired: list[DesiredResource], matched: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Unmatch provider credentials whose secrets changed; return address -> old live one."""
    rotated: dict[str, dict[str, Any]] = {}
    for resource in desired:
        if resource.kind is not Kind.CREDENTIAL or resource.owner is not None:
            continue
        live = matched.get(resource.address)
        live_name = live.get("name") if live is not None else None
        if not isinstance(live_name, str) or live_name == resource.payload.get("name"):
            continue
        if base_name(live_name) == live_name:
            # Made outside vapictl (adopted, e.g. by export): no fingerprint to compare,
            # so its secrets are taken as they are and the name is left alone.
            resource.payload["name"] = live_name
            continue
        rotated[resource.address] = matched.pop(resource.address)
    return rotated


def check_creatable(desired: list[DesiredResource], matched: Mapping[str, Any]) -> None:
    problems = [
        Diagnostic(
            f"{d.address}: {d.payload.get('provider')} credentials are made by the dashboard's "
            "OAuth flow, not by vapictl; connect it in the dashboard first (or pin its `id:`)",
            d.source.location if d.source else None,
            path=d.address,
        )
        for d in desired
        if d.kind is Kind.CREDENTIAL
        and d.owner is None
        and d.address not in matched
        and d.payload.get("provider") in OAUTH_CREDENTIAL_PROVIDERS
    ]
    if problems:
        raise ManifestError(diagnostics=problems)
