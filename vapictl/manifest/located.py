"""Containers that remember where their keys, values and items were written.

The located loader (yaml_loader.py) builds them; the checks look for them to cite
`file:line:col`. Kept apart from the loader so that a load on the fast path (plain
dicts and lists, plain_load.py) does not import PyYAML at all.
"""

from __future__ import annotations

from typing import Any

from vapictl.errors import Location

MAX_DEPTH = 64  # real manifests nest ~10 levels; deeper is a mistake or an attack


class LocatedDict(dict[str, Any]):
    """A mapping that knows where it, its keys and its values were written."""

    __slots__ = ("key_locations", "location", "value_locations")

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}
        self.value_locations: dict[str, Location] = {}


class LocatedList(list[Any]):
    """A sequence that knows where it and each of its items were written."""

    __slots__ = ("item_locations", "location")

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []
