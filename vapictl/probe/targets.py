"""What to probe: one request per resolved (URL, event), built from the routing.

The routes (`vapictl.routes`) say which URL receives each event on every path a
call can take. Here each route becomes a `Probe`: the URL, the headers Vapi
would send (the server's `headers`, and `X-Vapi-Secret` from the secret's
variable), the message, its deadline, and what the probe stands for (which
numbers, assistants and tools depend on that URL answering).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.manifest.types import Manifest
from vapictl.model import SECRET_HEADER, Kind, live_name
from vapictl.probe import messages
from vapictl.routes.graph import Level
from vapictl.routes.resolve import Event, Route

ASSISTANT_REQUEST_DEADLINE = 7.5  # seconds Vapi waits for an assistant-request reply
DEFAULT_SERVER_TIMEOUT = 20.0  # server.timeoutSeconds when unset (API-REFERENCE §4)

_LEVEL_KIND = {
    Level.TOOL: Kind.TOOL,
    Level.ASSISTANT: Kind.ASSISTANT,
    Level.PHONE_NUMBER: Kind.PHONE_NUMBER,
}


@dataclass(frozen=True)
class Endpoint:
    """A server URL as Vapi would call it."""

    url: str
    headers: tuple[tuple[str, str], ...] = ()
    secret: str | None = None  # the X-Vapi-Secret value, when known
    secret_declared: bool = False  # a secret is configured (its value may be unknown: live)
    timeout: float = DEFAULT_SERVER_TIMEOUT

    def request_headers(self, *, signed: bool) -> dict[str, str]:
        out = {"Content-Type": "application/json", messages.PROBE_HEADER: "1"}
        out.update(
            (name, value)
            for name, value in self.headers
            if signed or name.lower() not in {SECRET_HEADER.lower(), "authorization"}
        )
        if signed and self.secret:
            out[SECRET_HEADER] = self.secret
        return out


@dataclass(frozen=True)
class StandsFor:
    phone_numbers: tuple[str, ...] = ()
    assistants: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {
            "phoneNumbers": list(self.phone_numbers),
            "assistants": list(self.assistants),
            "tools": list(self.tools),
        }


@dataclass(frozen=True)
class Probe:
    event: str  # the Vapi message type sent
    endpoint: Endpoint
    body: dict[str, Any] = field(compare=False)
    deadline: float  # seconds the reply may take
    stands_for: StandsFor
    tool_call_id: str | None = None
    # What happens when this probe fails: "would hang up" / "would fall back".
    consequence: str = ""


@dataclass
class Bodies:
    """Resource bodies by the keys the routes show: manifest keys, else live names."""

    org: Mapping[str, Any] | None
    by_kind: dict[Kind, dict[str, Mapping[str, Any]]]
    # assistant / squad references an assistant-request reply may name: ids and keys
    assistant_refs: frozenset[str] = frozenset()
    squad_refs: frozenset[str] = frozenset()
    live_read: bool = False

    def find(self, kind: Kind, key: str | None) -> Mapping[str, Any] | None:
        if key is None:
            return None
        return self.by_kind.get(kind, {}).get(key)


def bodies_from(manifest: Manifest | None, live: LiveState | None) -> Bodies:
    """Manifest bodies win over live ones; live fills in what the manifests leave open."""
    by_kind: dict[Kind, dict[str, Mapping[str, Any]]] = {}
    refs: dict[Kind, set[str]] = {Kind.ASSISTANT: set(), Kind.SQUAD: set()}
    kinds = (Kind.TOOL, Kind.ASSISTANT, Kind.SQUAD, Kind.PHONE_NUMBER)
    if live is not None:
        for kind in kinds:
            for item in live.of(kind):
                by_kind.setdefault(kind, {})[live_name(kind, item)] = item
                if kind in refs and "id" in item:
                    refs[kind].add(str(item["id"]))
    org: Mapping[str, Any] | None = live.org if live is not None else None
    if manifest is not None:
        for kind in kinds:
            for key, resource in manifest.resources.get(kind, {}).items():
                by_kind.setdefault(kind, {})[key] = resource.body
                if kind in refs:
                    refs[kind].add(key)
                    if resource.pinned_id:
                        refs[kind].add(resource.pinned_id)
        if manifest.org is not None:
            org = manifest.org.body
    return Bodies(
        org,
        by_kind,
        frozenset(refs[Kind.ASSISTANT]),
        frozenset(refs[Kind.SQUAD]),
        live_read=live is not None,
    )


def _server_of(body: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if body is None:
        return None
    server = body.get("server")
    if isinstance(server, Mapping):
        return server
    if isinstance(body.get("serverUrl"), str):  # seed-era spelling
        return {"url": body["serverUrl"], "secret": body.get("serverUrlSecret")}
    return None


def _squad_override(bodies: Bodies, route: Route) -> Mapping[str, Any] | None:
    """The squad-level server override that set an assistant-level URL, if any."""
    squad = bodies.find(Kind.SQUAD, route.squad)
    if squad is None:
        return None
    candidates: list[Any] = [squad.get("membersOverrides")]
    members = squad.get("members")
    if isinstance(members, list):
        candidates += [m.get("assistantOverrides") for m in members if isinstance(m, Mapping)]
    for overrides in candidates:
        server = _server_of(overrides if isinstance(overrides, Mapping) else None)
        if server is not None and server.get("url") == route.url:
            return server
    return None


def endpoint_for(bodies: Bodies, route: Route) -> Endpoint | None:
    """The server object that won the route's precedence, as an Endpoint."""
    if route.url is None or route.level is None:
        return None
    server: Mapping[str, Any] | None
    if route.level is Level.ORG:
        server = _server_of(bodies.org)
    else:
        kind = _LEVEL_KIND[route.level]
        key = {
            Kind.TOOL: route.tool,
            Kind.ASSISTANT: route.assistant,
            Kind.PHONE_NUMBER: route.phone_number,
        }[kind]
        server = _server_of(bodies.find(kind, key))
        if (server is None or server.get("url") != route.url) and kind is Kind.ASSISTANT:
            server = _squad_override(bodies, route)
    server = server or {}
    headers = server.get("headers")
    header_pairs = tuple(
        (str(k), str(v)) for k, v in (headers.items() if isinstance(headers, Mapping) else ())
    )
    secret = server.get("secret")
    timeout = server.get("timeoutSeconds")
    return Endpoint(
        url=route.url,
        headers=header_pairs,
        secret=secret if isinstance(secret, str) and secret else None,
        secret_declared=bool(secret or server.get("credentialId")),
        timeout=float(timeout) if isinstance(timeout, int | float) else DEFAULT_SERVER_TIMEOUT,
    )


def _phone_message_view(key: str, body: Mapping[str, Any] | None) -> dict[str, Any]:
    body = body or {}
    view: dict[str, Any] = {"id": body.get("id", f"{messages.PROBE_ID_PREFIX}{key}")}
    for name in ("name", "number", "sipUri", "provider"):
        if isinstance(body.get(name), str):
            view[name] = body[name]
    view.setdefault("name", key)
    return view


def _assistant_message_view(key: str, body: Mapping[str, Any] | None) -> dict[str, Any]:
    body = body or {}
    view = {"id": body.get("id", f"{messages.PROBE_ID_PREFIX}{key}"), "name": key}
    if isinstance(body.get("name"), str):
        view["name"] = body["name"]
    return view


def subscribed_events(assistant: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The informational events an assistant's server receives (`serverMessages`)."""
    declared = assistant.get("serverMessages") if assistant is not None else None
    chosen = declared if isinstance(declared, list) else messages.DEFAULT_SERVER_MESSAGES
    return tuple(e for e in messages.INFORMATIONAL_EVENTS if e in chosen)


def _consequence(bodies: Bodies, phone_keys: Iterable[str]) -> str:
    parts = []
    for key in phone_keys:
        phone = bodies.find(Kind.PHONE_NUMBER, key) or {}
        outcome = "would fall back" if phone.get("fallbackDestination") else "would hang up"
        parts.append(f"inbound calls to {key} {outcome}")
    return "; ".join(parts)


def _merge(a: StandsFor, b: StandsFor) -> StandsFor:
    def union(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(x) | set(y)))

    return StandsFor(
        union(a.phone_numbers, b.phone_numbers),
        union(a.assistants, b.assistants),
        union(a.tools, b.tools),
    )


def build_probes(routes: Iterable[Route], bodies: Bodies) -> list[Probe]:
    """One probe per (URL, event) (per tool for tool-calls, per number for
    assistant-request), standing for every route that shares it."""
    grouped: dict[tuple[str, str, str], tuple[Route, StandsFor, Endpoint]] = {}
    for route, event, detail in _expand(routes, bodies):
        endpoint = endpoint_for(bodies, route)
        if endpoint is None:
            continue
        stands = StandsFor(
            (route.phone_number,) if route.phone_number else (),
            (route.assistant,) if route.assistant else (),
            (route.tool,) if route.tool else (),
        )
        group = (endpoint.url, event, detail)
        if group in grouped:
            first, seen, kept = grouped[group]
            grouped[group] = (first, _merge(seen, stands), kept)
        else:
            grouped[group] = (route, stands, endpoint)
    return [
        _probe(event, route, stands, endpoint, bodies)
        for (_, event, _), (route, stands, endpoint) in grouped.items()
    ]


def _expand(routes: Iterable[Route], bodies: Bodies) -> Iterator[tuple[Route, str, str]]:
    """Each route as the (event, detail) pairs it stands for."""
    for route in routes:
        if route.event is Event.ASSISTANT_REQUEST:
            yield route, "assistant-request", route.phone_number or ""
        elif route.event is Event.TOOL_CALLS:
            tool = bodies.find(Kind.TOOL, route.tool) or {}
            if tool.get("type", "function") == "function" and isinstance(
                tool.get("function"), Mapping
            ):
                yield route, "tool-calls", route.tool or ""
        else:
            for event in subscribed_events(bodies.find(Kind.ASSISTANT, route.assistant)):
                yield route, event, ""


def _probe(
    event: str, route: Route, stands: StandsFor, endpoint: Endpoint, bodies: Bodies
) -> Probe:
    call_id = messages.new_probe_id()
    phone = (
        _phone_message_view(route.phone_number, bodies.find(Kind.PHONE_NUMBER, route.phone_number))
        if route.phone_number
        else None
    )
    assistant = (
        _assistant_message_view(route.assistant, bodies.find(Kind.ASSISTANT, route.assistant))
        if route.assistant
        else None
    )
    if event == "assistant-request":
        return Probe(
            event,
            endpoint,
            messages.assistant_request(call_id, phone or {}),
            min(ASSISTANT_REQUEST_DEADLINE, endpoint.timeout),
            stands,
            consequence=_consequence(bodies, stands.phone_numbers),
        )
    if event == "tool-calls":
        tool = bodies.find(Kind.TOOL, route.tool) or {}
        tool_call_id = f"{messages.PROBE_ID_PREFIX}call-{call_id[-12:]}"
        body = messages.tool_calls(
            call_id,
            tool_call_id,
            tool.get("function") or {},
            {"url": endpoint.url},
            assistant,
            phone,
        )
        return Probe(event, endpoint, body, endpoint.timeout, stands, tool_call_id)
    body = messages.informational(event, call_id, assistant, phone)
    return Probe(event, endpoint, body, endpoint.timeout, stands)
