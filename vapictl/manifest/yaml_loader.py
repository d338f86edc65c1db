"""A location-stamping YAML loader (octoDNS `yaml.py::ContextLoader`, STYLE.md §15).

Every mapping becomes a `LocatedDict` and every sequence a `LocatedList` that
remember where each key and value was written, so that any later check can
cite `file:line:col`. Duplicate keys are reported (PyYAML silently keeps the
last one). libyaml's C parser is used when available: manifests of large orgs
run to megabytes. `!file PATH` reads a string from a file (manifest/file_tag.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vapictl.errors import Diagnostic, Location
from vapictl.manifest.file_tag import (
    FILE_TAG,
    FileTagError,
    FileText,
    TextFile,
    resolve_file_tag,
)
from vapictl.manifest.located import MAX_DEPTH, LocatedDict, LocatedList
from vapictl.manifest.yaml_build import Builder, NeedsFullConstructor, ShapeError

# The C parser is ~10x faster; the constructor (where we stamp) stays Python.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _location(file: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


class _StampingLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Builds Located containers; keys stay the strings written (YAML 1.1 would turn
    the phone-hook key `on:` into True)."""

    file_name: str = ""
    file_root: Path  # `!file` paths must stay below this directory
    diagnostics: list[Diagnostic]

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = LocatedDict(_location(self.file_name, node))
        yield data
        self._fill_mapping(data, node)

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        data = LocatedList(_location(self.file_name, node))
        yield data
        for item in node.value:
            data.append(self.construct_object(item, deep=True))
            data.item_locations.append(_location(self.file_name, item))

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python refuses int() of more than 4300 digits
            raise yaml.constructor.ConstructorError(
                None, None, "number too large", node.start_mark
            ) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # Keep dates as written: the API wants strings, and JSON has no datetime.
        return self.construct_scalar(node)

    def construct_file_tag(self, node: yaml.Node) -> str:
        """`!file PATH` -> the file's text as a FileText; problems become diagnostics."""
        location = _location(self.file_name, node)
        if not isinstance(node, yaml.ScalarNode):
            message = f"{FILE_TAG} takes a file path, e.g. {FILE_TAG} prompts/support.md"
            self.diagnostics.append(Diagnostic(message, location, code="file-tag"))
            return ""
        written = str(node.value)
        try:
            text, path = resolve_file_tag(written, Path(self.file_name), self.file_root)
        except FileTagError as exc:
            shown = f"{FILE_TAG} {written}" if written.strip() else FILE_TAG
            self.diagnostics.append(Diagnostic(f"{shown}: {exc}", location, code="file-tag"))
            return ""
        return FileText(text, TextFile(written, str(path), location))

    def _fill_mapping(self, data: LocatedDict, node: yaml.MappingNode) -> None:
        first_seen: dict[str, Location] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if isinstance(key_node, yaml.ScalarNode):
                key = str(key_node.value)
                here = _location(self.file_name, key_node)
                if key in first_seen:
                    self.diagnostics.append(
                        Diagnostic(
                            f"duplicate key '{key}' (first defined at line "
                            f"{first_seen[key].line}); YAML would silently keep only the last one",
                            here,
                            code="duplicate-key",
                        )
                    )
                else:
                    first_seen[key] = here
        self.flatten_mapping(node)  # resolves `<<: *anchor` merge keys
        for key_node, value_node in node.value:
            key_location = _location(self.file_name, key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    Diagnostic("expected a plain text key, found a complex key", key_location)
                )
                continue
            key = str(key_node.value)
            data[key] = self.construct_object(value_node, deep=True)
            data.key_locations[key] = key_location
            data.value_locations[key] = _location(self.file_name, value_node)


_StampingLoader.add_constructor("tag:yaml.org,2002:map", _StampingLoader.construct_yaml_map)
_StampingLoader.add_constructor("tag:yaml.org,2002:seq", _StampingLoader.construct_yaml_seq)
_StampingLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StampingLoader.construct_yaml_timestamp
)
_StampingLoader.add_constructor("tag:yaml.org,2002:int", _StampingLoader.construct_yaml_int)
_StampingLoader.add_constructor(FILE_TAG, _StampingLoader.construct_file_tag)

# Aliases share one object, but every later walk (merge, expansion, schema)
# visits each use: refuse documents whose aliases blow up (a "billion laughs").
MAX_ALIAS_EXPANSION = 20_000  # values added by aliases beyond what is written...
MAX_ALIAS_RATIO = 10  # ...and at this many times the written size


def parse_yaml(
    text: str, file_name: str, file_root: Path | None = None, *, fast: bool = True
) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document; returns (data or None, diagnostics). Never raises.

    `file_root`: the directory `!file` paths must stay in (default: the file's own).
    `fast=False` uses PyYAML's constructor throughout (tests compare the two).
    """
    loader = _StampingLoader(text)
    loader.file_name = file_name
    loader.file_root = file_root if file_root is not None else Path(file_name).parent
    loader.diagnostics = []
    try:
        node = loader.get_single_node()
        if node is None:
            data, shape_problem = None, None
        elif fast:
            data, shape_problem = _build(loader, node)
        else:
            data = loader.construct_document(node)
            shape_problem = _check_shape(data, file_name)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, file_name)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(f"invalid YAML: {exc}", Location(file_name), code="yaml")]
    except RecursionError:
        message = f"invalid YAML: nested deeper than {MAX_DEPTH} levels"
        return None, [Diagnostic(message, Location(file_name), code="yaml")]
    finally:
        loader.dispose()
    if shape_problem is not None:
        return None, [shape_problem]
    return data, loader.diagnostics


def _build(loader: _StampingLoader, node: yaml.Node) -> tuple[Any, Diagnostic | None]:
    """(data, shape problem): the fast builder, else PyYAML's constructor for the
    features the builder leaves to it (merge keys, tagged containers, complex keys)."""
    builder = Builder(
        loader, loader.file_name, loader.diagnostics, MAX_DEPTH, LocatedDict, LocatedList
    )
    try:
        data, total = builder.build(node)
    except ShapeError as exc:
        return None, Diagnostic(str(exc), exc.location, code="yaml")
    except NeedsFullConstructor:
        loader.diagnostics.clear()
        data = loader.construct_document(node)
        return data, _check_shape(data, loader.file_name)
    written = builder.written
    if total - written > MAX_ALIAS_EXPANSION and total > MAX_ALIAS_RATIO * written:
        shared = builder.biggest_alias[1]
        location = builder.location(shared) if shared is not None else Location(loader.file_name)
        return None, Diagnostic(
            f"excessive aliasing: aliases expand {written} written values to {total}; "
            "refusing a possible alias bomb",
            location,
            code="yaml",
        )
    return data, None


def _check_shape(data: Any, file_name: str) -> Diagnostic | None:
    """Refuse over-deep nesting and alias bombs before anything walks the tree."""
    # Iterative post-order walk; sizes are memoised per shared object.
    expanded: dict[int, int] = {}
    written = 0
    deepest: Any = None
    biggest_shared: Any = None
    uses: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if not isinstance(node, (LocatedDict, LocatedList)):
            continue
        key = id(node)
        if done:
            children = node.values() if isinstance(node, LocatedDict) else node
            expanded[key] = 1 + sum(
                expanded.get(id(c), 1) if isinstance(c, (LocatedDict, LocatedList)) else 1
                for c in children
            )
            continue
        uses[key] = uses.get(key, 0) + 1
        if depth > MAX_DEPTH:
            deepest = node
            break
        if uses[key] > 1:
            if biggest_shared is None or expanded.get(key, 0) > expanded.get(id(biggest_shared), 0):
                biggest_shared = node
            continue
        written += 1 + len(node)
        stack.append((node, depth, True))
        children = node.values() if isinstance(node, LocatedDict) else node
        stack.extend((child, depth + 1, False) for child in children)
    if deepest is not None:
        return Diagnostic(
            f"invalid YAML: nested deeper than {MAX_DEPTH} levels", deepest.location, code="yaml"
        )
    total = expanded.get(id(data), 0)
    if total - written > MAX_ALIAS_EXPANSION and total > MAX_ALIAS_RATIO * written:
        location = biggest_shared.location if biggest_shared is not None else Location(file_name)
        return Diagnostic(
            f"excessive aliasing: aliases expand {written} written values to {total}; "
            "refusing a possible alias bomb",
            location,
            code="yaml",
        )
    return None


def load_yaml_file(path: Path, file_root: Path | None = None) -> tuple[Any, list[Diagnostic]]:
    """Read and parse a manifest file; unreadable files become diagnostics."""
    file_name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Diagnostic(f"not a UTF-8 text file ({exc.reason})", Location(file_name))]
    except OSError as exc:
        return None, [Diagnostic(f"cannot read file: {exc.strerror}", Location(file_name))]
    return parse_yaml(text, file_name, file_root)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, file_name: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    location = Location(file_name, mark.line + 1, mark.column + 1) if mark else Location(file_name)
    problem = exc.problem or "syntax error"
    context = ""
    if exc.context:
        context_line = f" at line {exc.context_mark.line + 1}" if exc.context_mark else ""
        context = f" ({exc.context}{context_line})"
    return Diagnostic(f"invalid YAML: {problem}{context}", location, code="yaml")
