"""Collecting diagnostics: paths, locations, and how a found value is described.

Every check reports through a `Report`, which keeps one error per field (the
first, most specific one) and knows which values are secrets or came from a
variable, so a message never shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from vapictl.errors import Diagnostic, Location
from vapictl.manifest.located import LocatedDict, LocatedList

PathParts = tuple[str | int, ...]


def format_path(parts: Iterable[str | int]) -> str:
    """("assistants", "a", "model", "tools", 0) -> "assistants.a.model.tools[0]"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def parse_path(path: str) -> PathParts:
    """`a.b[0].c` -> ("a", "b", 0, "c"): the inverse of `format_path`, for the dotted
    paths of plans and diffs."""
    parts: list[str | int] = []
    for piece in path.split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        parts.extend(int(index.rstrip("]")) for index in indexes if index.rstrip("]").isdigit())
    return tuple(parts)


def locate(tree: Any, parts: Sequence[str | int], *, key: bool = False) -> Location | None:
    """Where the value at `parts` was written (or its key, with key=True); the
    nearest recorded ancestor when the path goes deeper than the data."""
    node = tree
    found: Location | None = getattr(tree, "location", None)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            locations = node.key_locations if key and last else node.value_locations
            found = locations.get(part, found)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            if part < len(node.item_locations):
                found = node.item_locations[part]
            node = node[part]
        else:
            break
    return found


def describe(value: Any) -> str:
    """A short description of a found value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


class Report:
    """All diagnostics of one load; at most one error per field path."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._error_paths: set[str] = set()
        self.secret_paths: set[str] = set()  # formatted paths holding secrets
        self.variable_paths: dict[str, list[str]] = {}  # formatted path -> variable names

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "error":
            if diagnostic.path and self.has_error_at(diagnostic.path):
                return
            if diagnostic.path:
                self._error_paths.add(diagnostic.path)
        elif diagnostic in self.diagnostics:
            return
        self.diagnostics.append(diagnostic)

    def error(
        self, message: str, location: Location | None, path: str = "", code: str = ""
    ) -> None:
        self.add(Diagnostic(message, location, path, "error", code))

    def warning(
        self, message: str, location: Location | None, path: str = "", code: str = ""
    ) -> None:
        self.add(Diagnostic(message, location, path, "warning", code))

    def has_error_at(self, path: str) -> bool:
        """True if `path` or one of its ancestors already has an error."""
        probe = path
        while probe:
            if probe in self._error_paths:
                return True
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return False

    def found(self, path: str, value: Any) -> str:
        """How to name a found value in a message without leaking it."""
        if path in self.secret_paths:
            return "a secret value (not shown)"
        names = self.variable_paths.get(path)
        if names:
            refs = ", ".join(f"${{{name}}}" for name in names)
            return f"the value of {refs} (not shown)"
        return describe(value)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def sorted(self, file_order: Sequence[str]) -> list[Diagnostic]:
        rank = {name: index for index, name in enumerate(file_order)}

        def order(d: Diagnostic) -> tuple[int, int, int]:
            if d.location is None:
                return (-1, 0, 0)
            return (rank.get(d.location.file, len(rank)), d.location.line, d.location.column)

        return sorted(self.diagnostics, key=order)
