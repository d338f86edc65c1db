"""Platform objects a manifest may reference by name (Vapi's default personalities).

They are not declared, never pruned and never exported; a reference to one
resolves to the id the live org gives it. Both spellings work: the display name
(`Skeptical Sam`) and its slug (`skeptical-sam`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vapictl.engine.desired import DesiredResource
from vapictl.engine.live import LiveState
from vapictl.engine.refs import refs_in
from vapictl.errors import Diagnostic, ManifestError
from vapictl.model import SPECS, is_platform_default


def slug(name: str) -> str:
    return "-".join(name.lower().split())


def builtin_ids(live: LiveState) -> dict[str, str]:
    """address ("personality/skeptical-sam", "personality/Skeptical Sam") -> live id."""
    ids: dict[str, str] = {}
    for kind, spec in SPECS.items():
        if not spec.builtins:
            continue
        for item in live.of(kind):
            name, item_id = item.get("name"), item.get("id")
            if is_platform_default(kind, item) and isinstance(name, str) and item_id:
                for form in (name, slug(name)):
                    ids[f"{kind.value}/{form}"] = str(item_id)
    return ids


def check_resolvable(desired: Iterable[DesiredResource], known: Mapping[str, str]) -> None:
    """A reference to a built-in this org does not have is an error before any call."""
    declared = {d.address for d in desired}
    all_noted = [resource.refs for resource in desired]
    if None not in all_noted and all(
        address in declared or address in known
        for address in {ref.address for refs in all_noted if refs for ref in refs}
    ):
        return  # every Ref noted while the payloads were built resolves: no walk
    problems: list[Diagnostic] = []
    for resource in desired:
        noted = resource.refs
        if noted is not None and all(
            ref.address in declared or ref.address in known for ref in noted
        ):
            continue  # the Refs noted while the payload was built all resolve: no walk
        missing = [
            ref
            for ref in refs_in(resource.payload)
            if ref.address not in declared and ref.address not in known
        ]
        for ref in missing:
            problems.append(
                Diagnostic(
                    f"{resource.address}: no {SPECS[ref.kind].label} '{ref.key}' in the live "
                    "org (not declared, and not one of its built-ins)",
                    resource.source.location if resource.source else None,
                    path=resource.address,
                )
            )
    if problems:
        raise ManifestError(diagnostics=problems)
