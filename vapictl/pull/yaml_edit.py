"""Targeted edits of YAML text: replace exactly one value's span, or insert a missing key.

Why not ruamel.yaml's round trip: it re-emits the whole file and normalises what it
cannot represent (indentation of sequences, spacing in flow mappings, line width,
some comments), so a one-field pull would show up as a many-line diff; and it would be
a new dependency. Here PyYAML's composer (already a dependency) gives every node's
start and end marks, the new value is rendered in the style of the old one, and only
those bytes change. Every edit is verified by parsing the result again.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

PathPart = str | int

_ComposeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditError(Exception):
    """A value could not be written without touching more than it should."""


@dataclass(frozen=True)
class Found:
    node: yaml.Node
    in_flow: bool  # inside a flow collection: plain scalars may not hold , [ ] { }
    key_column: int  # where its key (or list dash) starts: a block scalar indents past it


@functools.lru_cache(maxsize=8)
def compose(text: str) -> yaml.Node | None:
    """The node graph of `text` (cached: each edit's check composes the text that the
    next edit of the same file starts from). Callers must not modify it."""
    try:
        return yaml.compose(text, Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"cannot parse: {exc}") from exc


def find(root: yaml.Node | None, path: Sequence[PathPart]) -> Found | None:
    """The node at `path` (mapping keys, sequence indexes), or None."""
    node, in_flow, key_column = root, False, 0
    for part in path:
        if node is None:
            return None
        in_flow = in_flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, yaml.MappingNode):
            key_column = next(
                (k.start_mark.column for k, _ in node.value if getattr(k, "value", None) == part),
                key_column,
            )
        node = _child(node, part)
    return None if node is None else Found(node, in_flow, key_column)


def _child(node: yaml.Node, part: PathPart) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value  # type: ignore[no-any-return]
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return node.value[part] if 0 <= part < len(node.value) else None
    return None


def deepest(root: yaml.Node | None, path: Sequence[PathPart]) -> tuple[int, yaml.Node | None]:
    """How many leading parts of `path` exist, and the node they lead to."""
    node = root
    for depth, part in enumerate(path):
        child = _child(node, part) if node is not None else None
        if child is None:
            return depth, node
        node = child
    return len(path), node


def mentions_variable(node: yaml.Node) -> bool:
    """Does any scalar at or below `node` use `${VAR}`?"""
    if isinstance(node, yaml.ScalarNode):
        return "${" in str(node.value)
    if isinstance(node, yaml.MappingNode):
        return any(mentions_variable(value) for _, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return any(mentions_variable(item) for item in node.value)
    return False


def content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: block nodes' end marks run on over trailing
    blank lines and comments, which belong to whatever follows."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        end = node.end_mark.index
        # keep the blank lines after the block: strip back to the last content line
        while end > node.start_mark.index and text[end - 1] == "\n":
            line_start = text.rfind("\n", 0, end - 1) + 1
            if text[line_start : end - 1].strip():
                break
            end = line_start
        return end
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            return int(node.end_mark.index)
        last = node.value[-1]
        return content_end(text, last[1] if isinstance(node, yaml.MappingNode) else last)
    return int(node.end_mark.index)


# --- rendering ---------------------------------------------------------------


def _round_trips(rendered: str, value: Any, in_flow: bool) -> bool:
    document = f"k: [{rendered}]" if in_flow else f"k: {rendered}"
    try:
        loaded = yaml.load(document, Loader=_ComposeLoader)
    except yaml.YAMLError:
        return False
    got = loaded.get("k") if isinstance(loaded, dict) else None
    if in_flow:
        got = got[0] if isinstance(got, list) and len(got) == 1 else object()
    return type(got) is type(value) and got == value


def _scalar_candidates(value: Any, style: str | None) -> list[str]:
    if value is None or isinstance(value, bool | int | float):
        return [json.dumps(value)]
    text = str(value)
    single = "'" + text.replace("'", "''") + "'"
    double = json.dumps(text, ensure_ascii=False)
    by_style = {None: text, "'": single, '"': double}
    preferred = by_style.get(style, text)
    return [preferred, text, single, double]


def render_scalar(value: Any, node: yaml.Node | None, in_flow: bool) -> str:
    """`value` as an inline scalar, in the old node's quoting style when it can hold it."""
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    for candidate in _scalar_candidates(value, style):
        if "\n" not in candidate and _round_trips(candidate, value, in_flow):
            return candidate
    return json.dumps(value, ensure_ascii=False)


def _render_block_scalar(text: str, indent: int) -> str | None:
    """A literal block (`|`) holding `text`, or None when a literal cannot hold it."""
    if not text.strip() or text[0] in " \t" or any(c in text for c in "\r\t\x85\u2028\u2029"):
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = {0: "-", 1: ""}.get(trailing, "+")
    pad = " " * indent
    lines = [pad + line if line else "" for line in body.split("\n")]
    return f"|{chomp}\n" + "\n".join(lines) + "\n" + "\n" * max(0, trailing - 1)


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, as people write prompts."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and _render_block_scalar(value, 2) is not None else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def render_block(value: Any, indent: int) -> str:
    """A mapping or sequence in block style, first line unindented, the rest at `indent`."""
    dumped = yaml.dump(
        value,
        Dumper=_Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    ).rstrip("\n")
    pad = " " * indent
    lines = dumped.split("\n")
    return "\n".join((pad + line if i and line else line) for i, line in enumerate(lines))


def render_flow(value: Any) -> str:
    dumped = yaml.safe_dump(
        value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10_000
    )
    return dumped.strip().removesuffix("...").strip()


def _column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1)


def _block_indent(text: str, node: yaml.ScalarNode) -> int:
    """The indentation of a block scalar's first content line."""
    first_line = text.find("\n", node.start_mark.index) + 1
    line = text[first_line : text.find("\n", first_line)]
    return len(line) - len(line.lstrip(" ")) if line.strip() else node.start_mark.column + 2


@dataclass(frozen=True)
class Replacement:
    """New text for one span of a file, and what must read back at `path` afterwards."""

    start: int
    end: int
    text: str
    path: tuple[PathPart, ...]
    value: Any
    fallback: str  # a plainer rendering, tried when `text` does not read back


def plan_replace(text: str, path: Sequence[PathPart], value: Any) -> Replacement:
    """How to replace the value at `path` with `value`, touching only its span."""
    found = find(compose(text), path)
    if found is None:
        raise EditError("the value is not written at this path in the file")
    node = found.node
    start, end = node.start_mark.index, content_end(text, node)
    fallback = render_flow(value) if isinstance(value, dict | list) else json.dumps(value)
    if text[end - 1 : end] == "\n" and start < end:
        fallback += "\n"  # a block scalar's span includes its last line break
    return Replacement(start, end, _render(text, found, value), tuple(path), value, fallback)


def apply_replacements(text: str, replacements: Sequence[Replacement]) -> str:
    """All replacements at once (spans never overlap), checked with one parse of the
    result: a large file is parsed once per pull, not once per edited field."""
    ordered = sorted(replacements, key=lambda r: r.start, reverse=True)
    result = _splice(text, ordered, [r.text for r in ordered])
    failed = _not_read_back(result, ordered)
    if failed:  # the plainer rendering for those, then check again
        chosen = [r.fallback if r in failed else r.text for r in ordered]
        result = _splice(text, ordered, chosen)
        if _not_read_back(result, ordered):
            raise EditError("no rendering of the value reads back as the live value")
    return result


def _splice(text: str, ordered: Sequence[Replacement], renderings: Sequence[str]) -> str:
    for replacement, rendered in zip(ordered, renderings, strict=True):
        text = text[: replacement.start] + rendered + text[replacement.end :]
    return text


def _not_read_back(text: str, replacements: Sequence[Replacement]) -> list[Replacement]:
    try:
        _checked_compose(text)
    except EditError:
        return list(replacements)
    failed = []
    for replacement in replacements:
        try:
            verify(text, replacement.path, replacement.value)
        except EditError:
            failed.append(replacement)
    return failed


def replace_value(text: str, path: Sequence[PathPart], value: Any) -> str:
    """`text` with the value at `path` replaced by `value`; only its span changes."""
    return apply_replacements(text, [plan_replace(text, path, value)])


def _render(text: str, found: Found, value: Any) -> str:
    node, in_flow = found.node, found.in_flow
    if isinstance(value, dict | list):
        block = isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style
        if block and value:
            rendered = render_block(value, _column(text, node.start_mark.index))
            # the old span may end with a block scalar's line break: keep one
            return rendered + "\n" if text[content_end(text, node) - 1] == "\n" else rendered
        return render_flow(value)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and isinstance(value, str):
        block_text = _render_block_scalar(value, _block_indent(text, node))
        if block_text is not None:
            return block_text
        return render_scalar(value, None, in_flow) + "\n"
    if isinstance(value, str) and "\n" in value and not in_flow:
        block_text = _render_block_scalar(value, found.key_column + 2)
        if block_text is not None and isinstance(node, yaml.ScalarNode) and value[-2:] != "\n\n":
            # A plain or quoted scalar ends mid-line; a block must end the line.
            line_end = text.find("\n", node.end_mark.index)
            if line_end == -1 or not text[node.end_mark.index : line_end].strip():
                return block_text.rstrip("\n")
    return render_scalar(value, node, in_flow)


def insert_value(text: str, path: Sequence[PathPart], value: Any) -> str:
    """`text` with `path` (mapping keys only) added, creating the missing mappings.
    Existing lines are kept as they are; the new ones go after the deepest existing
    mapping's last entry."""
    if any(not isinstance(part, str) for part in path):
        raise EditError("cannot create a path through a list")
    root = compose(text)
    depth, node = deepest(root, path)
    if depth == len(path):
        return replace_value(text, path, value)
    nested: Any = value
    for part in reversed(path[depth + 1 :]):
        nested = {part: nested}
    key = str(path[depth])
    if node is None or (isinstance(node, yaml.ScalarNode) and depth == 0):
        result = _append_block(text, key, nested, 0)
    elif not isinstance(node, yaml.MappingNode):
        where = ".".join(str(p) for p in path[:depth])
        raise EditError(f"{where} is not a mapping in this file")
    elif node.flow_style:
        close = node.end_mark.index - 1
        entry = f"{render_scalar(key, None, True)}: {render_flow(nested)}"
        result = text[:close] + (", " if node.value else "") + entry + text[close:]
    elif not node.value:
        raise EditError("cannot add to an empty mapping")
    else:
        indent = node.value[0][0].start_mark.column
        after = content_end(text, node.value[-1][1])
        if text[after - 1 : after] != "\n":
            line_end = text.find("\n", after)
            after = len(text) if line_end == -1 else line_end + 1
        prefix = "" if text[:after].endswith("\n") or not text[:after] else "\n"
        result = text[:after] + prefix + _block_entry(key, nested, indent) + text[after:]
    verify(result, path, value)
    return result


def _block_entry(key: str, value: Any, indent: int) -> str:
    pad = " " * indent
    key_text = render_scalar(key, None, False)
    if isinstance(value, dict | list) and value:
        return f"{pad}{key_text}:\n{pad}  {render_block(value, indent + 2)}\n"
    if isinstance(value, str) and "\n" in value:
        block = _render_block_scalar(value, indent + 2)
        if block is not None:
            return f"{pad}{key_text}: {block}"
    if isinstance(value, dict | list):
        return f"{pad}{key_text}: {render_flow(value)}\n"
    inline = render_scalar(value, None, False)
    return f"{pad}{key_text}: {inline}\n"


def _append_block(text: str, key: str, value: Any, indent: int) -> str:
    separator = "" if not text or text.endswith("\n") else "\n"
    return text + separator + _block_entry(key, value, indent)


def verify(text: str, path: Sequence[PathPart], value: Any) -> None:
    """Parse the edited text again: the value must be there, exactly."""
    found = find(_checked_compose(text), path)
    if found is None:
        raise EditError("the edit did not land where expected")
    # Construct only the edited node: a whole large file would cost far more.
    got = yaml.load(yaml.serialize(found.node), Loader=_TolerantLoader)
    if not _same(got, value):
        raise EditError("the written value does not read back as the live value")


def _checked_compose(text: str) -> yaml.Node | None:
    try:
        return compose(text)
    except EditError as exc:
        raise EditError(f"the edit would break the file ({exc})") from exc


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and got.keys() == want.keys()
            and all(_same(got[k], v) for k, v in want.items())
        )
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(_same(g, w) for g, w in zip(got, want, strict=True))
        )
    return type(got) is type(want) and bool(got == want)


class _TolerantLoader(_ComposeLoader):  # type: ignore[valid-type,misc]
    """Safe loading that keeps unknown tags' (`!file`) scalars as strings and dates as text."""


def _construct_unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_TolerantLoader.add_multi_constructor("!", _construct_unknown)
_TolerantLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def plan_rename(text: str, path: Sequence[PathPart], new_key: str, value: Any) -> Replacement:
    """Replace the key at `path` and its value: `assistant: KEY` -> `assistantId: ID`."""
    parent = find(compose(text), path[:-1])
    if parent is None or not isinstance(parent.node, yaml.MappingNode):
        raise EditError("the value is not written at this path in the file")
    for key_node, value_node in parent.node.value:
        if getattr(key_node, "value", None) == path[-1]:
            in_flow = parent.in_flow or bool(parent.node.flow_style)
            rendered = (
                render_flow(value)
                if isinstance(value, dict | list)
                else render_scalar(value, None, in_flow)
            )
            end = content_end(text, value_node)
            tail = "\n" if text[end - 1 : end] == "\n" else ""
            entry = f"{new_key}: {rendered}{tail}"
            new_path = (*path[:-1], new_key)
            return Replacement(key_node.start_mark.index, end, entry, new_path, value, entry)
    raise EditError("the value is not written at this path in the file")


def rename_value(text: str, path: Sequence[PathPart], new_key: str, value: Any) -> str:
    return apply_replacements(text, [plan_rename(text, path, new_key, value)])


def load_value(text: str, path: Sequence[PathPart]) -> Any:
    """The value at `path` as written (variables not expanded, `!file` as its path)."""
    data = yaml.load(text, Loader=_TolerantLoader)
    for part in path:
        data = data[part]
    return data
