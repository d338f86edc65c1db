"""Every collection the emulator serves, as data: path, list shape, filters, PATCH quirks.

A collection's `kind` is its API path without the leading slash ("assistant",
"eval/simulation/personality", "v2/knowledge-base"); the store and the validators use
the same string, so `"/" + kind` is the path `vapictl.apischema.check_request` takes.
Facts from ../shared/vapi/CONFIG-KINDS.md §1-§3 and the spec's list parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ListShape = Literal["array", "paginated"]

# Query parameters every list takes (the date bounds come from the store's bounds table).
BOUND_PARAMS = frozenset(
    f"{field}{suffix}"
    for field in ("createdAt", "updatedAt")
    for suffix in ("Gt", "Lt", "Ge", "Le")
)
PAGE_PARAMS = frozenset({"page", "sortOrder", "sortBy"})


@dataclass(frozen=True)
class Collection:
    """One REST collection: `POST`/`GET {path}`, `GET`/`PATCH`/`DELETE {path}/{id}`."""

    kind: str
    label: str  # the noun of a 404: "<label> not found"
    list_shape: ListShape = "array"
    # Declared list filters beyond `limit` and the date bounds: "id", "name" and "purpose"
    # match a field exactly, "idAny" keeps any of several ids, "standaloneOnly" is a flag.
    filters: frozenset[str] = frozenset()
    paged: bool = False  # declares page/sortOrder/sortBy (some bare-array lists do too)
    limit: bool = True  # declares `limit`
    bounds: bool = True  # declares the createdAt*/updatedAt* bounds
    uuid_ids: bool = True  # `{id}` is declared `format: uuid` (NestJS ParseUUIDPipe)
    patch_query: frozenset[str] = frozenset()  # query parameters PATCH requires
    patchable: bool = True

    @property
    def path(self) -> str:
        return f"/{self.kind}"

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.kind.split("/"))

    def list_params(self) -> frozenset[str]:
        params = set(self.filters)
        if self.limit:
            params.add("limit")
        if self.bounds:
            params |= BOUND_PARAMS
        if self.paged or self.list_shape == "paginated":
            params |= PAGE_PARAMS
        return frozenset(params)


def _paginated(kind: str, label: str, *filters: str, **extra: object) -> Collection:
    return Collection(kind, label, "paginated", frozenset(filters), paged=True, **extra)  # type: ignore[arg-type]


def _simulation(kind: str, label: str, *filters: str) -> Collection:
    # Bare arrays that still declare page/sortOrder/sortBy (CONFIG-KINDS §2).
    return Collection(kind, label, "array", frozenset(filters), paged=True)


COLLECTIONS: tuple[Collection, ...] = (
    Collection("assistant", "Assistant"),
    Collection("tool", "Tool"),
    Collection("squad", "Squad", filters=frozenset({"idAny"})),
    Collection("phone-number", "PhoneNumber"),
    Collection("credential", "Credential"),
    _paginated(
        "structured-output",
        "Structured output",
        "id",
        "name",
        patch_query=frozenset({"schemaOverride"}),
    ),
    _paginated("observability/scorecard", "Scorecard", "id", uuid_ids=False),
    _simulation("eval/simulation/personality", "Personality"),
    _simulation("eval/simulation/scenario", "Scenario", "idAny", "name"),
    _simulation("eval/simulation", "Simulation", "idAny", "standaloneOnly"),
    _simulation("eval/simulation/suite", "Simulation suite", "name"),
    _paginated("eval", "Eval", "id"),
    # GET /file declares only `purpose`, as required; the official SDK documents it optional
    # ("when omitted, files of every purpose except composer attachments") [SDK files].
    Collection("file", "File", filters=frozenset({"purpose"}), limit=False, bounds=False),
    Collection("v2/knowledge-base", "Knowledge base", bounds=False),
)
BY_KIND: dict[str, Collection] = {c.kind: c for c in COLLECTIONS}
# Longest first, so `/eval/simulation/personality` wins over `/eval/simulation` and `/eval`.
BY_DEPTH: tuple[Collection, ...] = tuple(sorted(COLLECTIONS, key=lambda c: -len(c.parts)))

# Runtime endpoints under a collection's path (CONFIG-KINDS §6): not configuration, not
# served; they answer NestJS's 404 instead of being taken for an `{id}`.
RUNTIME_SEGMENTS = frozenset({"run", "concurrency", "generate", "preview"})
