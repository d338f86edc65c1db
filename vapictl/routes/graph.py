"""The neutral routing graph: who calls whom, and which server each level declares.

Both the manifests (desired state) and the live org are built into this one
model (`build_manifest.py`, `build_live.py`); `resolve.py` then applies the
precedence once, whatever the source. Nodes are addressed by an internal
`ref` (unique per source) and shown by their `key` (manifest key, or the live
name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from vapictl.model import SECRET_HEADER, Kind

# Headers that authenticate a server call: an `Authorization` header overrides
# the credential, and X-Vapi-Secret is the secret header itself (API-REFERENCE §4).
_AUTH_HEADERS = frozenset({"authorization", SECRET_HEADER.lower()})


class Level(StrEnum):
    """Where a server URL came from, highest precedence first (API-REFERENCE §4)."""

    TOOL = "tool"
    ASSISTANT = "assistant"
    PHONE_NUMBER = "phoneNumber"
    ORG = "org"


@dataclass(frozen=True)
class Server:
    """The part of a `server` object routing cares about."""

    url: str | None
    has_secret: bool


@dataclass(frozen=True)
class Origin:
    """Where a node was declared in the manifests, to give warnings a file and line."""

    kind: Kind
    key: str  # manifest key of the resource holding the declaration
    path: str = ""  # field path inside that resource ("" for the resource itself)


@dataclass(frozen=True)
class ToolNode:
    ref: str
    key: str
    server: Server | None
    known: bool = True  # False: referenced but not declared nor read live
    origin: Origin | None = None
    needs_server: bool = True  # False: Vapi answers its calls itself (a knowledge search)


# Tool types whose calls Vapi answers itself: they send no tool-calls to a server.
SELF_ANSWERED_TOOL_TYPES = frozenset({"query", "knowledgeBase"})


def needs_server(tool: Any) -> bool:
    return not (isinstance(tool, dict) and tool.get("type") in SELF_ANSWERED_TOOL_TYPES)


@dataclass(frozen=True)
class AssistantNode:
    ref: str
    key: str
    server: Server | None
    tools: tuple[str, ...] = ()  # tool refs, in declaration order
    known: bool = True
    inline: bool = False  # an inline squad-member assistant, reachable only through its squad
    origin: Origin | None = None


@dataclass(frozen=True)
class SquadMember:
    assistant: str  # assistant ref
    # `assistantOverrides.server` then `membersOverrides.server` deep-merge into
    # the member's assistant (API-REFERENCE §3 Squad), so they act at assistant level.
    server_override: Server | None = None
    override_path: str = ""  # field path of the override in its squad, for warnings


@dataclass(frozen=True)
class SquadNode:
    ref: str
    key: str
    members: tuple[SquadMember, ...] = ()
    known: bool = True
    origin: Origin | None = None


@dataclass(frozen=True)
class PhoneNode:
    ref: str
    key: str
    server: Server | None
    assistant: str | None = None  # assistant ref
    squad: str | None = None  # squad ref
    workflow: str | None = None  # raw workflow id: vapictl does not model workflows
    has_fallback: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class OrgNode:
    server: Server | None
    known: bool = True  # False: the manifests declare no org and live state was not read
    origin: Origin | None = None


@dataclass(frozen=True)
class RoutingGraph:
    org: OrgNode
    tools: Mapping[str, ToolNode] = field(default_factory=dict)
    assistants: Mapping[str, AssistantNode] = field(default_factory=dict)
    squads: Mapping[str, SquadNode] = field(default_factory=dict)
    phones: Mapping[str, PhoneNode] = field(default_factory=dict)
    live_read: bool = False  # whether live state filled in what the manifests leave open

    @property
    def complete(self) -> bool:
        """True when every node's server is known (no live state is needed to route)."""
        return self.org.known and all(
            node.known
            for nodes in (self.tools, self.assistants, self.squads)
            for node in nodes.values()
        )


def server_from_body(body: Mapping[str, Any]) -> Server | None:
    """The server of a manifest or live body: `server`, else the seed-era `serverUrl`.

    A secret counts when it is declared (`server.secret`, manifest), referenced
    (`server.credentialId`, today's API, or `server.credential: KEY`), sent as an
    auth header, or flagged by the legacy `serverUrlSecret`/`isServerUrlSecretSet`
    (API-REFERENCE §4).
    """
    server = body.get("server")
    legacy_url = body.get("serverUrl")
    legacy_secret = bool(body.get("serverUrlSecret")) or body.get("isServerUrlSecretSet") is True
    if isinstance(server, Mapping):
        url = server.get("url")
        if not isinstance(url, str) or not url:
            url = legacy_url if isinstance(legacy_url, str) and legacy_url else None
        headers = server.get("headers")
        has_auth_header = isinstance(headers, Mapping) and any(
            str(name).lower() in _AUTH_HEADERS for name in headers
        )
        has_secret = (
            bool(server.get("secret"))
            or bool(server.get("credentialId"))
            or bool(server.get("credential"))  # a declared credential, by manifest key
            or has_auth_header
            or legacy_secret
        )
        return Server(url, has_secret)
    if isinstance(legacy_url, str) and legacy_url:
        return Server(legacy_url, legacy_secret)
    return None


def merge_server(base: Server | None, override: Server | None) -> Server | None:
    """Deep-merge an override's server into a base one (squad member overrides)."""
    if override is None:
        return base
    if base is None:
        return override
    return Server(override.url or base.url, override.has_secret or base.has_secret)
