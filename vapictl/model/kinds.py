"""The vocabulary of the registry: what a kind and a reference are, as data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ORG = "org"
    CREDENTIAL = "credential"
    FILE = "file"
    KNOWLEDGE_BASE = "knowledgeBase"
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


class Paging(StrEnum):
    """Which list parameters a kind's list endpoint takes (API-REFERENCE §1, CONFIG-KINDS)."""

    CREATED_AT = "createdAt"  # `limit` and createdAt filters: step back past 1000
    LIMIT = "limit"  # `limit` only (/v2/knowledge-base): one page
    NONE = "none"  # no paging parameters at all (/file): one call


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
    # With `item_key`, the reference is an object item `{item_key: KEY}` of the list
    # `field` (`model.tools: [{knowledgeBase: faq}]`), beside the list's other items.
    item_key: str = ""
    output: str = "id"  # which of the target's values the API field takes (a base's toolId)

    def path(self) -> str:
        """The manifest path of the field, e.g. "members[].assistant"."""
        return f"{self.at}.{self.field}" if self.at else self.field


Identify = Callable[[Mapping[str, Any]], str | None]
IsDefault = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Attachments:
    """A set of other resources attached through a sub-resource, not a field (a
    knowledge base's files, CONFIG-KINDS §3.9). The desired body holds their ids under
    `field` (the manifest's `files: [KEY]`); POST `{api_path}/{id}/{path}`
    `{item_field: ID}` attaches, DELETE `{api_path}/{id}/{path}/{ID}` detaches; GET
    `{api_path}/{id}` lists them under `live_field` as objects holding `item_field`."""

    field: str
    live_field: str
    path: str
    item_field: str
    target: Kind
    name_field: str = ""  # an attachment's name, shown in plans when the target is unknown


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
    paging: Paging = Paging.CREATED_AT
    # Created by a multipart upload of a local file (`path:`); the content is immutable
    # and the name is set by a PATCH after the upload (CONFIG-KINDS §3.8).
    upload: bool = False
    # A replace creates the new resource first, re-points the referrers, and deletes the
    # old one in the delete phase (nothing refers to a deleted file meanwhile).
    replace_creates_first: bool = False
    attachments: Attachments | None = None
    # Values besides the id that references may take, read back with GET {id} after a
    # create (a knowledge base's provisioned search tool: `toolId`).
    outputs: tuple[str, ...] = ()
    # The list leaves out fields a plan needs (attachments, outputs): GET each item.
    read_items: bool = False
    # Tools the platform provisions for resources of this kind: (tool type, the tool's
    # field naming its owner); the tool's id is the kind's first output. They are never
    # managed, matched, pruned, exported or routed as tools.
    provisions_tool: tuple[str, str] | None = None

    @property
    def listed(self) -> bool:
        """Read with one list call (every kind but the org singleton)."""
        return self.kind is not Kind.ORG
