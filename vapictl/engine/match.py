"""Find each desired resource's live twin (DESIGN.md §2).

In order: an `id:` pin; else the identity (a name, a number, a function name);
else, for resources with no name to go by (an unnamed assistant or squad, one of
several nameless tools of one type), their content: the live resource that already
looks exactly like the entry. Kinds are matched in dependency order, so an
assistant's tool references are known ids by the time its content is compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from vapictl.engine.comparable import comparable
from vapictl.engine.desired import DesiredResource
from vapictl.engine.diff import matches
from vapictl.engine.live import LiveState
from vapictl.errors import Diagnostic, ManifestError, VapictlError
from vapictl.model import (
    ORDERED_KINDS,
    SPECS,
    Kind,
    identity,
    is_weak,
    recorded,
    twin_key,
    upload_record,
)

# Dependency order, so references are known ids when content is compared.
_MATCH_ORDER = tuple(kind for kind in ORDERED_KINDS if kind is not Kind.ORG)


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


class _Matcher:
    def __init__(self, desired: list[DesiredResource], live: LiveState) -> None:
        # Credentials vapictl derives for server secrets are matched by plan.py.
        self.desired = [d for d in desired if d.owner is None]
        self.live = live
        self.matched: dict[str, dict[str, Any]] = {}
        self.problems: list[Diagnostic] = []
        self.ambiguous: list[str] = []
        # A live resource adopted by an `id:` pin is nobody else's twin.
        self.taken = {d.pinned_id for d in self.desired if d.pinned_id}

    def run(self) -> dict[str, dict[str, Any]]:
        """Match everything; problems and ambiguities are collected, not raised."""
        self.problems.extend(_shared_identities(self.desired))
        for resource in self.desired:
            if resource.kind is Kind.ORG:
                self._match_org(resource)
            elif resource.pinned_id:
                self._match_pin(resource)
        unpinned_of: dict[Kind, list[DesiredResource]] = defaultdict(list)
        for resource in self.desired:  # one pass, not one per kind
            if not resource.pinned_id:
                unpinned_of[resource.kind].append(resource)
        for kind in _MATCH_ORDER:
            unpinned = unpinned_of.get(kind, [])
            free = [i for i in self.live.of(kind) if i.get("id") not in self.taken]
            index = index_by_identity(kind, free)
            weak: dict[str | None, list[DesiredResource]] = defaultdict(list)
            for resource in unpinned:
                if is_weak(kind, resource.identity):
                    weak[resource.identity].append(resource)
                else:
                    self._match_identity(resource, index.get(str(resource.identity), []))
            for ident, group in weak.items():
                candidates = [i for i in free if identity(kind, i) == ident]
                self._match_content(kind, ident, group, candidates)
            if SPECS[kind].upload:
                self._match_upload(unpinned, free)
        return self.matched

    def _match_upload(self, unpinned: list[DesiredResource], free: list[dict[str, Any]]) -> None:
        """An upload renamed since (on the dashboard, or in the manifest) is still found
        by the content hash vapictl recorded in it, when exactly one such upload is left."""
        for resource in unpinned:
            if resource.address in self.matched:
                continue
            sha = upload_record(resource.payload)["sha256"]
            fits = [
                i
                for i in free
                if i.get("id") not in self.taken and recorded(i).get("sha256") == sha
            ]
            if len(fits) == 1:
                self._claim(resource, fits[0])

    def _claim(self, resource: DesiredResource, twin: dict[str, Any]) -> None:
        self.matched[resource.address] = twin
        self.taken.add(str(twin.get("id")))

    def _match_org(self, resource: DesiredResource) -> None:
        if self.live.org is None:
            raise VapictlError("The API key's org could not be read (GET /org returned nothing).")
        self.matched[resource.address] = self.live.org

    def _match_pin(self, resource: DesiredResource) -> None:
        twin = self.live.by_id(resource.kind).get(str(resource.pinned_id))
        if twin is None:
            self.problems.append(
                Diagnostic(
                    f"pinned id {resource.pinned_id} does not exist in the live org",
                    resource.source.location if resource.source else None,
                    path=f"{resource.address}.id",
                )
            )
        else:
            self.matched[resource.address] = twin

    def _match_identity(self, resource: DesiredResource, twins: list[dict[str, Any]]) -> None:
        if len(twins) > 1 and SPECS[resource.kind].upload:
            # Same name: a replace cut short leaves the old upload beside the new one.
            key = twin_key(resource.kind, resource.payload)
            twins = [t for t in twins if twin_key(resource.kind, t) == key] or twins
        if len(twins) > 1:
            ids = ", ".join(str(t.get("id")) for t in twins)
            self.ambiguous.append(
                f"{resource.address}: {len(twins)} live {resource.kind.value}s share the "
                f"identity {resource.identity!r} (ids {ids}); pin one with `id:` or delete "
                "the duplicate."
            )
        elif twins:
            self._claim(resource, twins[0])

    def _match_content(
        self,
        kind: Kind,
        ident: str | None,
        group: list[DesiredResource],
        candidates: list[dict[str, Any]],
    ) -> None:
        if ident is not None and len(group) == 1 and len(candidates) == 1:
            # The one nameless tool of its type on both sides: the same tool, even edited.
            self._claim(group[0], candidates[0])
            return
        known_ids = {a: str(i["id"]) for a, i in self.matched.items() if "id" in i}
        for resource in group:
            wanted = comparable(kind, resource.payload, known_ids, ignore_credentials=True)
            fits = [c for c in candidates if c.get("id") not in self.taken and matches(wanted, c)]
            if len(fits) > 1:
                ids = ", ".join(str(f.get("id")) for f in fits)
                self.ambiguous.append(
                    f"{resource.address}: has no name, and {len(fits)} live {kind.value}s look "
                    f"exactly like it (ids {ids}); pin one with `id:` or delete the duplicate."
                )
            elif fits:
                self._claim(resource, fits[0])
            # No fit: it does not exist yet (or was edited), so the plan creates it.


def match_resources(desired: list[DesiredResource], live: LiveState) -> dict[str, dict[str, Any]]:
    """address -> live object, for every desired resource (managed credentials excluded)
    found live. Raises when entries clash or a live twin is ambiguous (plan must not guess)."""
    matcher = _Matcher(desired, live)
    matched = matcher.run()
    if matcher.problems:
        raise ManifestError(diagnostics=matcher.problems)
    if matcher.ambiguous:
        raise AmbiguousLiveError("\n".join(matcher.ambiguous))
    return matched


def find_twins(desired: list[DesiredResource], live: LiveState) -> dict[str, dict[str, Any]]:
    """Like `match_resources`, but what is ambiguous is simply left unmatched (routes,
    which only show, never guess: plan reports the ambiguity as an error)."""
    return _Matcher([d for d in desired if d.kind is not Kind.ORG], live).run()


def _shared_identities(desired: list[DesiredResource]) -> list[Diagnostic]:
    """Two entries that would find the same live twin: vapictl cannot tell them apart.
    Entries with no name to go by collide only when their content is identical too."""
    first: dict[tuple[Kind, str], DesiredResource] = {}
    problems = []
    for resource in desired:
        if resource.pinned_id or resource.kind is Kind.ORG:
            continue
        key = twin_key(resource.kind, resource.payload)
        other = first.setdefault((resource.kind, key), resource)
        if other is not resource:
            problems.append(
                Diagnostic(
                    f"{other.address} and {resource.address} would both manage the same live "
                    f"resource (same identity {resource.identity!r}"
                    f"{' and same content' if is_weak(resource.kind, resource.identity) else ''}"
                    "); give them distinct names, or pin each to its resource with `id:`",
                    resource.source.location if resource.source else None,
                    path=resource.address,
                )
            )
    return problems
