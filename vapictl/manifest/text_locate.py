"""Where a field of an entry was written, found in the file's text (block style only).

The fast path keeps no locations (plain_load.py), but `validate` and `plan` print
routing warnings at the field they concern ("server.url has no secret"), often one
per resource. Re-reading every file with the located loader for that costs more than
the whole fast load; following the keys down the entry's lines costs microseconds.

Only the usual layout is followed: nested block mappings with plain keys, one per
line. Anything else (a flow mapping, a sequence index, an empty value, a quoted key)
returns None and the caller asks the located loader (lazy_locations.py).
tests/manifest/test_text_locate.py checks every answer against the located loader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _next_content(text: str, start: int) -> int | None:
    """Offset of the first character of the first line at or after `start` with
    something other than spaces or a comment; None at the end of the text."""
    while start < len(text):
        end = _line_end(text, start)
        line = text[start:end]
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            return start + len(line) - len(content)
        start = end + 1
    return None


def _value_start(text: str, after_colon: int, key_column: int) -> int | None:
    """Where the value of a key (its `:` ending just before `after_colon`) starts."""
    end = _line_end(text, after_colon)
    rest = text[after_colon:end]
    inline = rest.lstrip(" ")
    if inline and not inline.startswith("#"):
        if not rest.startswith(" "):
            return None  # `key:value` is not a key at all
        return after_colon + len(rest) - len(inline)
    start = _next_content(text, end + 1)
    if start is None:
        return None
    column = start - (text.rfind("\n", 0, start) + 1)
    return start if column > key_column else None  # not deeper: an empty value


@functools.lru_cache(maxsize=64)
def _dedent(column: int) -> re.Pattern[str]:
    """A line less indented than `column` (what ends a block mapping at `column`)."""
    return re.compile(rf"\n {{0,{column - 1}}}[^ \n#]") if column else re.compile(r"(?!)")


def _find_key(text: str, first: int, column: int, key: str) -> int | None:
    """Offset just after `key:` among the keys of the block mapping whose first key
    starts at `first` (at `column`), or None. str.find and a regex: no line loop."""
    line_start = first - column
    ended = _dedent(column).search(text, line_start)
    end = ended.start() if ended is not None else len(text)
    needle = "\n" + " " * column + key + ":"
    at = text.find(needle, max(line_start - 1, 0), end)
    if line_start == 0 and text.startswith(needle[1:]):
        at = -1  # the first line has no newline before it
        return _after(text, column + len(key) + 1)
    while at != -1:
        after = _after(text, at + len(needle))
        if after is not None:
            return after
        at = text.find(needle, at + 1, end)
    return None


def _after(text: str, offset: int) -> int | None:
    """`offset` if a key's colon ends just before it (a space or the line's end follows)."""
    return offset if text[offset : offset + 1] in ("", " ", "\n") else None


def locate_field(
    text: str, key_offset: int, key_column: int, key: str, parts: Sequence[str]
) -> tuple[int, int] | None:
    """(line offset from the entry's key line, 1-based column) of the value at `parts`
    below the entry whose key `key` starts at `key_offset` (0-based `key_column`)."""
    after_colon = key_offset + len(key) + 1
    value = _value_start(text, after_colon, key_column)
    for part in parts:
        if value is None or text[value] in "[{\"'|>-":
            return None  # not a block mapping
        column = value - (text.rfind("\n", 0, value) + 1)
        after_colon = _find_key(text, value, column, part)  # type: ignore[assignment]
        if after_colon is None:
            return None
        value = _value_start(text, after_colon, column)
    if value is None:
        return None
    line_start = text.rfind("\n", 0, value) + 1
    return text.count("\n", key_offset, value), value - line_start + 1
