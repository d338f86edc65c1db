"""Where a kind's references sit in a body: one walker for every layer."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from vapictl.model.kinds import Kind, Reference
from vapictl.model.registry import SPECS

Steps = tuple[str | int, ...]  # keys and list indexes from a body down to one object


def container_steps(body: Any, at: str) -> list[tuple[Steps, Any]]:
    """(steps, object) for every object at `at` ("members[]": each member), in order.
    Level by level, not by recursive generators: the loader and the plan ask this for
    every reference of every entry."""
    found: list[tuple[Steps, Any]] = [((), body)]
    for name, many in _parts(at):
        deeper: list[tuple[Steps, Any]] = []
        for steps, node in found:
            if not isinstance(node, dict):
                continue
            child = node.get(name)
            if not many:
                deeper.append(((*steps, name), child))
            elif isinstance(child, list):
                deeper.extend(((*steps, name, index), item) for index, item in enumerate(child))
        found = deeper
    return [(steps, node) for steps, node in found if isinstance(node, dict)]


@cache
def _parts(at: str) -> tuple[tuple[str, bool], ...]:
    """ "hooks[].do[].server" -> (("hooks", True), ("do", True), ("server", False))."""
    return tuple(
        (head[:-2], True) if head.endswith("[]") else (head, False)
        for head in (at.split(".") if at else ())
    )


def containers(body: Any, at: str) -> list[tuple[str, dict[str, Any]]]:
    """(dotted path, object) for every object at `at` ("members[]": each member)."""
    if one_key(at):  # the entry itself or one key: most sites
        node = body if not at else body.get(at) if isinstance(body, dict) else None
        return [(at, node)] if isinstance(node, dict) else []
    return [(dotted(steps), container) for steps, container in container_steps(body, at)]


@cache
def one_key(at: str) -> bool:
    """Is `at` the entry itself ("") or one key of it ("model"), not a deeper path?"""
    return "." not in at and not at.endswith("[]")


def dotted(steps: Steps) -> str:
    """("members", 0, "assistant") -> "members[0].assistant"."""
    path = ""
    for step in steps:
        path = f"{path}[{step}]" if isinstance(step, int) else join(path, step)
    return path


def join(base: str, field: str) -> str:
    return f"{base}.{field}" if base else field


def reference_sites(kind: Kind, body: Any) -> Iterator[tuple[Reference, str, dict[str, Any]]]:
    """(reference, path of its container, container) for each place a reference may sit."""
    if not isinstance(body, dict):
        return
    for reference, at in site_keys(kind):
        if at is None:  # a deeper path: walked
            for path, container in containers(body, reference.at):
                yield reference, path, container
        elif not at:
            yield reference, at, body
        elif isinstance(node := body.get(at), dict):
            yield reference, at, node


@cache  # the registry never changes; asked for every entry of every load
def site_keys(kind: Kind) -> tuple[tuple[Reference, str | None], ...]:
    """The kind's references, each with its `at` when that is the entry or one key of it
    (found without a walk), else None."""
    return tuple((r, r.at if one_key(r.at) else None) for r in SPECS[kind].references)


def manifest_keys(reference: Reference, container: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path relative to the container, key) for every manifest key written there."""
    value = container.get(reference.field)
    if reference.item_key:
        return [
            (f"{reference.field}[{i}].{reference.item_key}", v[reference.item_key])
            for i, v in enumerate(value if isinstance(value, list) else [])
            if is_item_reference(reference, v)
        ]
    if reference.many:
        if not isinstance(value, list):
            return []
        return [(f"{reference.field}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str)]
    return [(reference.field, value)] if isinstance(value, str) else []


def is_item_reference(reference: Reference, item: Any) -> bool:
    """`{knowledgeBase: KEY}` for a reference with item_key "knowledgeBase"."""
    return (
        bool(reference.item_key)
        and isinstance(item, dict)
        and len(item) == 1
        and isinstance(item.get(reference.item_key), str)
    )


@cache  # the registry never changes; asked once per list of keys in every body
def item_references(kind: Kind, reference: Reference) -> tuple[Reference, ...]:
    """The item references sharing the list of a plain `many` reference."""
    return tuple(
        r
        for r in SPECS[kind].references
        if r.item_key and (r.at, r.field) == (reference.at, reference.field)
    )
