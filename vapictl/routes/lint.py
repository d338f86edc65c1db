"""Routing lints: numbers that hang up or cannot route, tools nobody hears, weak URLs.

Warning codes are stable strings (README "vapictl routes"):
- `hangup-risk`: a number with no assistant, squad or workflow, and no
  `fallbackDestination`: if `assistant-request` fails, the call is hung up.
- `unroutable-inbound`: a number with no assistant, squad or workflow, and no
  server URL at its level or the org's: `assistant-request` cannot be sent.
- `tool-no-url`: a tool whose `tool-calls` reach no URL on some path.
- `url-no-secret`: a server URL sent without a secret (no `server.secret`, no
  `server.credentialId`, no `Authorization`/`X-Vapi-Secret` header).
- `insecure-url`: an `http://` server URL.
- `unknown-reference`: a reference to a resource that is neither declared nor
  (when read) live, so the URLs behind it cannot be told.
- `org-unknown`: routes fall through to the org, whose URL is unknown (no
  `org` in the manifests, live state not read).
Resources are named `phoneNumber/<key>`, `assistant/<key>`, `tool/<key>`,
`squad/<key>` or `org`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vapictl.routes.graph import Level, Origin, PhoneNode, RoutingGraph, Server
from vapictl.routes.resolve import Event, Route

HANGUP_RISK = "hangup-risk"
UNROUTABLE_INBOUND = "unroutable-inbound"
TOOL_NO_URL = "tool-no-url"
URL_NO_SECRET = "url-no-secret"
INSECURE_URL = "insecure-url"
UNKNOWN_REFERENCE = "unknown-reference"
ORG_UNKNOWN = "org-unknown"

# Lints about the configuration itself; the last two only say the view is partial.
CONFIG_CODES = (HANGUP_RISK, UNROUTABLE_INBOUND, TOOL_NO_URL, URL_NO_SECRET, INSECURE_URL)


@dataclass(frozen=True)
class RouteWarning:
    resource: str  # "phoneNumber/<key>", "tool/<key>", "assistant/<key>", "squad/<key>", "org"
    code: str
    message: str
    # where the manifests declare it (None for live-only resources), and the field
    origin: Origin | None = field(default=None, compare=False)
    field_path: str = field(default="", compare=False)

    def to_json(self) -> dict[str, str]:
        return {"resource": self.resource, "code": self.code, "message": self.message}


def _describe(route: Route) -> str:
    parts = [f"number {route.phone_number}" if route.phone_number else "no number"]
    if route.squad:
        parts.append(f"squad {route.squad}")
    if route.assistant:
        parts.append(f"assistant {route.assistant}")
    return " -> ".join(parts)


def _phone_lints(graph: RoutingGraph, phone: PhoneNode) -> Iterator[RouteWarning]:
    if phone.assistant or phone.squad or phone.workflow:
        return  # someone answers: assistant-request is never sent
    resource = f"phoneNumber/{phone.key}"
    if not phone.has_fallback:
        yield RouteWarning(
            resource,
            HANGUP_RISK,
            "no assistant, squad or fallbackDestination: inbound calls depend on "
            "assistant-request, and if it fails the call is hung up",
            phone.origin,
            "fallbackDestination",
        )
    phone_url = phone.server is not None and bool(phone.server.url)
    org_url = graph.org.server is not None and bool(graph.org.server.url)
    if not phone_url and graph.org.known and not org_url:
        yield RouteWarning(
            resource,
            UNROUTABLE_INBOUND,
            "no assistant or squad, and no server URL on the number or the org: "
            "assistant-request cannot be sent, so inbound calls cannot be routed"
            + (
                " (every call goes to the fallbackDestination)"
                if phone.has_fallback
                else " (and are hung up)"
            ),
            phone.origin,
            "server.url",
        )


def _tool_lints(graph: RoutingGraph, routes: Iterable[Route]) -> Iterator[RouteWarning]:
    silent: dict[str, list[Route]] = {}
    for route in routes:
        if route.event is Event.TOOL_CALLS and route.url is None and route.unknown_at is None:
            silent.setdefault(str(route.tool), []).append(route)
    origins = {tool.key: tool.origin for tool in graph.tools.values()}
    for key, where in silent.items():
        paths = "; ".join(_describe(route) for route in where)
        yield RouteWarning(
            f"tool/{key}",
            TOOL_NO_URL,
            "tool-calls reach no server URL (no tool, assistant, number or org URL) on: "
            f"{paths}; the tool can never answer there",
            origins.get(key),
            "server.url",
        )


def _servers(graph: RoutingGraph) -> Iterator[tuple[str, Server | None, Origin | None, str]]:
    """(resource, server, origin, field path of the server) for every declared server."""
    yield "org", graph.org.server, graph.org.origin, "server"
    for tool in graph.tools.values():
        yield f"tool/{tool.key}", tool.server, tool.origin, "server"
    for assistant in graph.assistants.values():
        yield f"assistant/{assistant.key}", assistant.server, assistant.origin, "server"
    for squad in graph.squads.values():
        for member in squad.members:
            if member.override_path:
                yield (
                    f"squad/{squad.key}",
                    member.server_override,
                    squad.origin,
                    member.override_path,
                )
    for phone in graph.phones.values():
        yield f"phoneNumber/{phone.key}", phone.server, phone.origin, "server"


def _url_lints(graph: RoutingGraph) -> Iterator[RouteWarning]:
    seen: set[tuple[str, str, str]] = set()
    for resource, server, origin, path in _servers(graph):
        if server is None or not server.url or (resource, path, server.url) in seen:
            continue
        seen.add((resource, path, server.url))
        if not server.has_secret:
            yield RouteWarning(
                resource,
                URL_NO_SECRET,
                f"server URL {server.url} has no secret: set server.secret so the "
                "receiver can tell Vapi's calls from anyone's",
                origin,
                f"{path}.url",
            )
        if server.url.lower().startswith("http://"):
            yield RouteWarning(
                resource,
                INSECURE_URL,
                f"server URL {server.url} is plain http://: call data and secrets travel "
                "unencrypted; use https://",
                origin,
                f"{path}.url",
            )


def _unknown_lints(graph: RoutingGraph, routes: Iterable[Route]) -> Iterator[RouteWarning]:
    where = (
        "neither declared in the manifests nor found in the live org"
        if graph.live_read
        else "not declared in the manifests; its server URL is unknown without live state "
        "(pass --api-key or --local)"
    )
    for phone in graph.phones.values():
        for kind, ref, node_path in (
            ("assistant", phone.assistant, "assistantId"),
            ("squad", phone.squad, "squadId"),
        ):
            nodes = graph.assistants if kind == "assistant" else graph.squads
            if ref is not None and not nodes[ref].known:
                yield RouteWarning(
                    f"phoneNumber/{phone.key}",
                    UNKNOWN_REFERENCE,
                    f"{kind} {nodes[ref].key!r} is {where}",
                    phone.origin,
                    node_path,
                )
    for squad in graph.squads.values():
        for index, member in enumerate(squad.members):
            if not graph.assistants[member.assistant].known:
                yield RouteWarning(
                    f"squad/{squad.key}",
                    UNKNOWN_REFERENCE,
                    f"assistant {graph.assistants[member.assistant].key!r} is {where}",
                    squad.origin,
                    f"members[{index}]",
                )
    for assistant in graph.assistants.values():
        for tool_ref in assistant.tools:
            if not graph.tools[tool_ref].known:
                yield RouteWarning(
                    f"assistant/{assistant.key}",
                    UNKNOWN_REFERENCE,
                    f"tool {graph.tools[tool_ref].key!r} is {where}",
                    assistant.origin,
                    "model",
                )
    if any(route.unknown_at is Level.ORG for route in routes):
        yield RouteWarning(
            "org",
            ORG_UNKNOWN,
            "the manifests declare no org, so routes that fall through to the org show no "
            "URL; pass --api-key or --local to read the org's server URL",
        )


def lint_graph(graph: RoutingGraph, routes: tuple[Route, ...]) -> tuple[RouteWarning, ...]:
    """Every routing warning of the graph, sorted by resource then code."""
    warnings: list[RouteWarning] = []
    for phone in graph.phones.values():
        warnings.extend(_phone_lints(graph, phone))
    warnings.extend(_tool_lints(graph, routes))
    warnings.extend(_url_lints(graph))
    warnings.extend(_unknown_lints(graph, routes))
    unique = list(dict.fromkeys(warnings))
    return tuple(sorted(unique, key=lambda w: (w.resource, w.code)))
