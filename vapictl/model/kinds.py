"""The vocabulary of the registry: what a kind and a reference are, as data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ORG = "org"
    CREDENTIAL = "credential"
    TOOL = "tool"
    STRUCTURED_OUTPUT = "structuredOutput"
    SCORECARD = "scorecard"
    ASSISTANT = "assistant"
    SQUAD = "squad"
    PHONE_NUMBER = "phoneNumber"
    PERSONALITY = "personality"
    SCENARIO = "scenario"
    SIMULATION = "simulation"
    SIMULATION_SUITE = "simulationSuite"
    EVAL = "eval"


class ListShape(StrEnum):
    """What a kind's list endpoint returns (CONFIG-KINDS.md §2)."""

    ARRAY = "array"  # a bare JSON array
    PAGINATED = "paginated"  # {results: [...], metadata: {...}}
    DATA = "data"  # {data: [...], total, ...} (seen on /eval/simulation with paging params)


@dataclass(frozen=True)
class Reference:
    """A place where one resource names another.

    The manifest writes `field: KEY` (or `field: [KEY, ...]` when `many`) inside
    each object at `at`; the API takes `api_field: ID` (or a list of ids) there.
    `at` is a dotted path from the entry, `[]` stepping into every list item:
    "" (the entry itself), "model", "members[]", "hooks[].do[].server".
    With `inline`, an object where a key would be is an inline definition the
    API accepts as is (it stays under `field`). With `tag`, the API tells the
    target kind apart by a sibling field (`targetType: assistant`). `required`:
    the entry must set it, by key (`field`) or raw id (`api_field`).
    """

    at: str
    field: str
    api_field: str
    target: Kind
    many: bool = False
    inline: bool = False
    tag: tuple[str, str] | None = None
    required: bool = False  # the API requires it on create (by key or raw id)

    def path(self) -> str:
        """The manifest path of the field, e.g. "members[].assistant"."""
        return f"{self.at}.{self.field}" if self.at else self.field


Identify = Callable[[Mapping[str, Any]], str | None]
IsDefault = Callable[[Mapping[str, Any]], bool]


def _never(item: Mapping[str, Any]) -> bool:
    return False


@dataclass(frozen=True)
class KindSpec:
    """Everything vapictl needs to know about one kind, in one place."""

    kind: Kind
    section: str  # manifest section ("" for kinds the manifest does not declare directly)
    label: str  # in messages and plans: "phone number"
    plural: str  # "phone numbers"
    api_path: str  # collection path; items at f"{api_path}/{id}"
    list_shape: ListShape
    level: int  # dependency level: creates/updates ascend, deletes descend
    identify: Identify  # the value that finds a resource's live twin (DESIGN.md §2)
    name_max: int | None = None  # the API's cap on `name`
    name_from_key: bool = False  # the manifest key is the name unless `name:` is set
    name_required: bool = False  # the API requires a name on create
    required: tuple[str, ...] = ()  # other fields the API requires on create
    references: tuple[Reference, ...] = ()
    # Dotted entry-relative paths whose values are secrets: they must come from a
    # variable, are masked everywhere and never read back.
    secret_paths: tuple[str, ...] = ()
    write_only: tuple[str, ...] = ()  # top-level fields the API never returns: not diffed
    server_managed: tuple[str, ...] = ()  # fields the server sets, beyond the common ones
    is_default: IsDefault = _never  # platform-provided objects: never pruned or exported
    builtins: tuple[str, ...] = ()  # names of platform objects a manifest may reference
    replace_fields: tuple[str, ...] = ()  # a change to one of these is a replace
    patch_always: tuple[str, ...] = ()  # fields every PATCH must carry when declared
    patch_query: Mapping[str, str] = field(default_factory=dict)  # required PATCH params
    has_server: bool = False  # has a `server` object (url, secret, credentialId)
    org_wide: str = ""  # why creating/deleting one affects the whole org (shown in plans)

    @property
    def listed(self) -> bool:
        """Read with one list call (every kind but the org singleton)."""
        return self.kind is not Kind.ORG
