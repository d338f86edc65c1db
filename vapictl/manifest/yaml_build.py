"""Build located containers straight from libyaml's node graph.

PyYAML's constructor is generic (a generator per container, a dispatch per node,
a recursive `construct_object` with its own bookkeeping) and it cost most of a
large manifest's load time. This builder walks the graph the C composer made
once, in one recursive function: it stamps locations, reports duplicate keys,
enforces the nesting limit and the alias-bomb limits, and refuses recursive
aliases, all in the same pass. Anything unusual (merge keys, explicit tags other
than `!file`, complex keys) goes back to the full constructor, so the result is
always what `_StampingLoader` would build (tests/manifest/test_yaml_build.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from vapictl.errors import Diagnostic, Location

if TYPE_CHECKING:
    from vapictl.manifest.located import LocatedDict, LocatedList

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_new_location = tuple.__new__  # Location(...) without the NamedTuple's Python-level __new__


class ShapeError(Exception):
    """The document is too deep, aliases itself, or expands aliases too much."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.location = location


class NeedsFullConstructor(Exception):
    """The document uses a YAML feature this builder leaves to PyYAML's constructor."""


class Builder:
    """One document's build. `loader` constructs the scalars this builder does not
    handle itself (ints, floats, `!file`) exactly as the full constructor does."""

    def __init__(
        self,
        loader: Any,
        file_name: str,
        diagnostics: list[Diagnostic],
        max_depth: int,
        dict_type: type[LocatedDict],
        list_type: type[LocatedList],
    ) -> None:
        self.loader = loader
        self.file_name = file_name
        self.diagnostics = diagnostics
        self.max_depth = max_depth
        self.dict_type = dict_type
        self.list_type = list_type
        self.built: dict[int, tuple[Any, int]] = {}  # node id -> (object, expanded size)
        self.in_progress: set[int] = set()
        self.written = 0  # containers and values as written
        self.aliased = 0  # values that aliases add on top
        self.biggest_alias: tuple[int, yaml.Node | None] = (0, None)

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        location: Location = _new_location(
            Location, (self.file_name, mark.line + 1, mark.column + 1)
        )
        return location

    def build(self, node: yaml.Node, depth: int = 1) -> tuple[Any, int]:
        """(object, expanded size): the size counts what every alias repeats."""
        key = id(node)
        done = self.built.get(key)
        if done is not None:
            self.aliased += done[1]
            if done[1] > self.biggest_alias[0]:
                self.biggest_alias = (done[1], node)
            return done
        if key in self.in_progress:
            raise ShapeError(
                "invalid YAML: a recursive alias (an anchor used inside itself)",
                self.location(node),
            )
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            result = (value, 1)
        else:
            if depth > self.max_depth:
                raise ShapeError(
                    f"invalid YAML: nested deeper than {self.max_depth} levels", self.location(node)
                )
            self.in_progress.add(key)
            if isinstance(node, yaml.MappingNode):
                result = self.mapping(node, depth)
            else:
                assert isinstance(node, yaml.SequenceNode)
                result = self.sequence(node, depth)
            self.in_progress.discard(key)
        self.built[key] = result
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _BOOLS[node.value.lower()]
        if tag == _TIMESTAMP:  # dates stay as written: the API wants strings
            return node.value
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, depth: int) -> tuple[Any, int]:
        if node.tag != _MAP:
            raise NeedsFullConstructor(node.tag)
        data = self.dict_type(self.location(node))
        key_locations = data.key_locations
        value_locations = data.value_locations
        size = 1
        self.written += 1 + len(node.value)
        firsts: dict[str, Location] = {}  # filled only for duplicated keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise NeedsFullConstructor("complex or merge key")
            key = str(key_node.value)
            here = self.location(key_node)
            if key in key_locations:
                first = firsts.setdefault(key, key_locations[key])
                self.diagnostics.append(
                    Diagnostic(
                        f"duplicate key '{key}' (first defined at line {first.line}); "
                        "YAML would silently keep only the last one",
                        here,
                        code="duplicate-key",
                    )
                )
            value, value_size = self.build(value_node, depth + 1)
            data[key] = value
            key_locations[key] = here  # like PyYAML: the last duplicate wins
            value_locations[key] = self.location(value_node)
            size += value_size
        return data, size

    def sequence(self, node: yaml.SequenceNode, depth: int) -> tuple[Any, int]:
        if node.tag != _SEQ:
            raise NeedsFullConstructor(node.tag)
        data = self.list_type(self.location(node))
        item_locations = data.item_locations
        size = 1
        self.written += 1 + len(node.value)
        for item in node.value:
            value, item_size = self.build(item, depth + 1)
            data.append(value)
            item_locations.append(self.location(item))
            size += item_size
        return data, size
