"""Server-URL precedence, applied once for every path a call can take.

One URL receives each event (API-REFERENCE §4; DESIGN.md §2):
- `assistant-request`: phoneNumber > org (only for a number with no assistant,
  squad or workflow);
- informational `server-messages`: assistant > phoneNumber > org;
- `tool-calls`: tool > assistant > phoneNumber > org.
A path without a number (an assistant no number reaches: web or API calls)
simply has no phoneNumber level. If no level sets a URL, nothing is sent.

Tools no assistant uses are not listed: `tool-calls` only come from an
assistant's call, so such a tool has no route (its URL is still linted).
A number answered by a workflow has no routes either: vapictl does not model
workflows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from vapictl.routes.graph import (
    AssistantNode,
    Level,
    PhoneNode,
    RoutingGraph,
    Server,
    SquadMember,
    SquadNode,
    merge_server,
)


class Event(StrEnum):
    ASSISTANT_REQUEST = "assistant-request"
    SERVER_MESSAGES = "server-messages"
    TOOL_CALLS = "tool-calls"


@dataclass(frozen=True)
class Route:
    """One event on one path, and the URL that receives it."""

    phone_number: str | None
    assistant: str | None
    tool: str | None
    event: Event
    url: str | None
    level: Level | None
    squad: str | None = None  # the squad the assistant was reached through
    # The first level whose server is unknown (not declared, live not read):
    # the route's URL cannot be told, so url and level are None.
    unknown_at: Level | None = None

    @property
    def identity(self) -> tuple[str | None, str | None, str | None, str | None, str]:
        """What a route is, apart from where it goes (for diffs)."""
        return (self.phone_number, self.squad, self.assistant, self.tool, self.event.value)

    def to_json(self) -> dict[str, str | None]:
        return {
            "phoneNumber": self.phone_number,
            "assistant": self.assistant,
            "tool": self.tool,
            "event": self.event.value,
            "url": self.url,
            "level": self.level.value if self.level else None,
        }


@dataclass(frozen=True)
class _Step:
    level: Level
    server: Server | None
    known: bool = True


def _resolve(steps: list[_Step]) -> tuple[str | None, Level | None, Level | None]:
    """(url, level, unknown_at): the first level with a URL wins."""
    for step in steps:
        if not step.known:
            return None, None, step.level
        if step.server is not None and step.server.url:
            return step.server.url, step.level, None
    return None, None, None


@dataclass(frozen=True)
class _Path:
    phone: PhoneNode | None
    squad: SquadNode | None
    assistant: AssistantNode | None
    assistant_server: Server | None  # after squad-member overrides


def _routes_of(graph: RoutingGraph, path: _Path) -> Iterator[Route]:
    org = _Step(Level.ORG, graph.org.server, graph.org.known)
    phone_steps = [_Step(Level.PHONE_NUMBER, path.phone.server)] if path.phone else []
    phone_key = path.phone.key if path.phone else None
    squad_key = path.squad.key if path.squad else None
    if path.assistant is None:
        url, level, unknown = _resolve([*phone_steps, org])
        yield Route(phone_key, None, None, Event.ASSISTANT_REQUEST, url, level, squad_key, unknown)
        return
    assistant = path.assistant
    assistant_step = _Step(Level.ASSISTANT, path.assistant_server, assistant.known)
    url, level, unknown = _resolve([assistant_step, *phone_steps, org])
    yield Route(
        phone_key, assistant.key, None, Event.SERVER_MESSAGES, url, level, squad_key, unknown
    )
    for tool_ref in assistant.tools:
        tool = graph.tools[tool_ref]
        if not tool.needs_server:
            continue  # Vapi answers it (a knowledge search): no tool-calls event is sent
        tool_step = _Step(Level.TOOL, tool.server, tool.known)
        url, level, unknown = _resolve([tool_step, assistant_step, *phone_steps, org])
        yield Route(
            phone_key, assistant.key, tool.key, Event.TOOL_CALLS, url, level, squad_key, unknown
        )


def _member_path(
    graph: RoutingGraph, phone: PhoneNode | None, squad: SquadNode, member: SquadMember
) -> _Path:
    assistant = graph.assistants[member.assistant]
    server = merge_server(assistant.server, member.server_override)
    return _Path(phone, squad, assistant, server)


def _phone_paths(graph: RoutingGraph, phone: PhoneNode) -> Iterator[_Path]:
    if phone.assistant is not None:
        assistant = graph.assistants[phone.assistant]
        yield _Path(phone, None, assistant, assistant.server)
    elif phone.squad is not None:
        squad = graph.squads[phone.squad]
        if not squad.known:
            # The members of an unknown squad are unknown: one route says so.
            yield _Path(phone, squad, _unknown_member(squad), None)
        for member in squad.members:
            yield _member_path(graph, phone, squad, member)
    elif phone.workflow is None:
        # No assistant, squad or workflow: inbound calls trigger assistant-request.
        yield _Path(phone, None, None, None)
    # A workflow answers the call: vapictl does not model workflows' routing.


def _unknown_member(squad: SquadNode) -> AssistantNode:
    return AssistantNode(f"?:{squad.ref}", f"{squad.key}.members[?]", None, known=False)


def _paths(graph: RoutingGraph) -> Iterator[_Path]:
    """Every path a call can take: through each number, then the rest without one."""
    reached: set[str] = set()
    reached_squads: set[str] = set()
    for phone in sorted(graph.phones.values(), key=lambda p: (p.key, p.ref)):
        for path in _phone_paths(graph, phone):
            if path.assistant is not None:
                reached.add(path.assistant.ref)
            if path.squad is not None:
                reached_squads.add(path.squad.ref)
            yield path
    # Squads no number reaches: their unreached members, with the squad's overrides.
    for squad in sorted(graph.squads.values(), key=lambda s: (s.key, s.ref)):
        if squad.ref in reached_squads:
            continue
        for member in squad.members:
            if member.assistant not in reached:
                reached.add(member.assistant)
                yield _member_path(graph, None, squad, member)
    for assistant in sorted(graph.assistants.values(), key=lambda a: (a.key, a.ref)):
        if assistant.ref not in reached and not assistant.inline and assistant.known:
            yield _Path(None, None, assistant, assistant.server)


def resolve_routes(graph: RoutingGraph) -> tuple[Route, ...]:
    """Every route of the graph, numbers first (sorted by key), then the rest."""
    return tuple(route for path in _paths(graph) for route in _routes_of(graph, path))
