"""Point an API refusal at the manifest: "voice.speed must not be greater than 1.2"
becomes "... (at assistants.yaml:7:14, voice.speed)".

The real API can still refuse what the bundled schema let through (a newer rule, a
field allowed by settings.allowUnknownFields). Its class-validator messages name the
property path, which is enough to find where the manifest wrote it.
"""

from __future__ import annotations

import re

from vapictl.errors import ApiError
from vapictl.manifest.types import Resource

_SEGMENT = re.compile(r"(?:each value in )?([A-Za-z0-9_-]+)\.")
_LEAF = re.compile(
    r"(?:property (\S+) should not exist|nested property (\S+) |each value in (\S+) |(\S+) )"
)
# Body keys the engine derives from a differently named manifest key (engine/desired.py).
_MANIFEST_SPELLING = {"assistantId": "assistant", "squadId": "squad"}


def message_path(message: str) -> list[str | int]:
    """The property path a class-validator message is about ([] if it names none)."""
    parts: list[str | int] = []
    rest = message
    while True:
        leaf = _LEAF.match(rest)
        segment = _SEGMENT.match(rest)
        if segment is None or (leaf is not None and leaf.end() <= segment.end()):
            break
        name = segment.group(1)
        parts.append(int(name) if name.isdigit() else name)
        rest = rest[segment.end() :]
    leaf = _LEAF.match(rest)
    if leaf is None:
        return []
    name = next(group for group in leaf.groups() if group)
    return [*parts, int(name) if name.isdigit() else name]


def dotted(resource: Resource, parts: list[str | int]) -> str:
    """Body path -> the manifest's dotted field path ("members[0].assistant")."""
    text = ""
    for index, part in enumerate(parts):
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        if index == 0 and part not in resource.body:
            part = _MANIFEST_SPELLING.get(part, part)
        text += f".{part}" if text else part
    return text


def with_locations(exc: ApiError, resource: Resource | None) -> ApiError:
    """`exc` with the manifest location of every field its messages name."""
    if resource is None or not exc.api_messages:
        return exc
    places: list[str] = []
    for message in exc.api_messages:
        parts = message_path(message)
        field = dotted(resource, parts)
        if not parts or field.split(".")[0].split("[")[0] not in resource.body:
            continue  # not about a field of this entry ("Invalid Key", ...)
        location = resource.location_of(field)
        place = f"{location}, {field}"
        if place not in places:
            places.append(place)
    if not places:
        return exc
    return ApiError(
        f"{exc} (at {'; '.join(places)})",
        status=exc.status,
        api_messages=exc.api_messages,
        method=exc.method,
        path=exc.path,
        resource=exc.resource,
        ambiguous=exc.ambiguous,
    )
