"""Find each desired resource's live twin (DESIGN.md §2): by `id:` pin, else by identity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from vapictl.engine.desired import DesiredResource
from vapictl.engine.live import LiveState
from vapictl.errors import Diagnostic, ManifestError, VapictlError
from vapictl.model import Kind, identity


class AmbiguousLiveError(VapictlError):
    """Two live resources share one identity; vapictl never guesses which to manage."""


def index_by_identity(
    kind: Kind, items: Iterable[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        ident = identity(kind, item)
        if ident is not None:
            index[ident].append(item)
    return index


def match_resources(desired: list[DesiredResource], live: LiveState) -> dict[str, dict[str, Any]]:
    """address -> live object, for every desired resource (credentials excluded) found live."""
    matched: dict[str, dict[str, Any]] = {}
    problems: list[Diagnostic] = []
    ambiguous: list[str] = []
    # A live resource adopted by an `id:` pin is nobody else's twin.
    pinned = {r.pinned_id for r in desired if r.pinned_id}
    indexes = {
        kind: index_by_identity(kind, [i for i in live.of(kind) if i.get("id") not in pinned])
        for kind in Kind
        if kind is not Kind.ORG
    }
    by_id = {kind: live.by_id(kind) for kind in Kind if kind is not Kind.ORG}
    problems.extend(_shared_identities(desired))
    for resource in desired:
        if resource.kind is Kind.CREDENTIAL:
            continue
        if resource.kind is Kind.ORG:
            if live.org is None:
                raise VapictlError(
                    "The API key's org could not be read (GET /org returned nothing)."
                )
            matched[resource.address] = live.org
            continue
        if resource.pinned_id:
            twin = by_id[resource.kind].get(resource.pinned_id)
            if twin is None:
                problems.append(
                    Diagnostic(
                        f"pinned id {resource.pinned_id} does not exist in the live org",
                        resource.source.location if resource.source else None,
                        path=f"{resource.address}.id",
                    )
                )
            else:
                matched[resource.address] = twin
            continue
        if resource.identity is None:
            # Without an identity every apply would create it again: refuse instead.
            problems.append(
                Diagnostic(
                    f"{resource.address} has nothing vapictl can find it by live (no name); "
                    "give it a name, or pin it to its live resource with `id:`",
                    resource.source.location if resource.source else None,
                    path=resource.address,
                )
            )
            continue
        twins = indexes[resource.kind].get(resource.identity, [])
        if len(twins) > 1:
            ids = ", ".join(str(t.get("id")) for t in twins)
            ambiguous.append(
                f"{resource.address}: {len(twins)} live {resource.kind.value}s share the identity "
                f"{resource.identity!r} (ids {ids}); pin one with `id:` or delete the duplicate."
            )
        elif twins:
            matched[resource.address] = twins[0]
    if problems:
        raise ManifestError(diagnostics=problems)
    if ambiguous:
        raise AmbiguousLiveError("\n".join(ambiguous))
    return matched


def _shared_identities(desired: list[DesiredResource]) -> list[Diagnostic]:
    """Two entries that would find the same live twin: vapictl cannot tell them apart."""
    first: dict[tuple[Kind, str], DesiredResource] = {}
    problems = []
    for resource in desired:
        if resource.pinned_id or resource.identity is None or resource.kind is Kind.ORG:
            continue
        other = first.setdefault((resource.kind, resource.identity), resource)
        if other is not resource:
            problems.append(
                Diagnostic(
                    f"{other.address} and {resource.address} have the same identity "
                    f"{resource.identity!r}, so both would manage one live resource; give them "
                    "distinct names, or pin each to its resource with `id:`",
                    resource.source.location if resource.source else None,
                    path=resource.address,
                )
            )
    return problems
