"""How a changed value reads in plans and drift reports (issue 14).

- A multi-line string (a prompt) changed into another: a unified line diff,
  `@@` hunk headers, CONTEXT_LINES lines of context, `-` before and `+` after,
  so a one-line edit of a 40-line prompt shows that line and its neighbours,
  never the distant ones.
- A long single-line string: the region that changed, REGION_CONTEXT characters
  either side, on both sides of the `->`, instead of the first 160 characters.
- Anything else: `show()` of both values, `old -> new`.

JSON output never comes through here: it keeps the full before/after values.
"""

from __future__ import annotations

import difflib
import json
from enum import StrEnum
from typing import Any, NamedTuple

from vapictl.render.terminal import escape_controls
from vapictl.render.values import MAX_SHOWN, show

CONTEXT_LINES = 3  # as `diff -u` and git
REGION_CONTEXT = 30  # characters kept either side of a long line's change


class LineKind(StrEnum):
    HUNK = "hunk"  # @@ -3,7 +3,7 @@
    CONTEXT = "context"
    REMOVED = "removed"
    ADDED = "added"
    NOTE = "note"  # \ No newline at end of file


# The marker written before each line's text, as in `diff -u`.
MARKERS = {
    LineKind.HUNK: "",
    LineKind.CONTEXT: " ",
    LineKind.REMOVED: "-",
    LineKind.ADDED: "+",
    LineKind.NOTE: "",
}


class DiffLine(NamedTuple):
    kind: LineKind
    text: str  # without the marker or the line break; control characters escaped


def is_multiline_change(before: Any, after: Any) -> bool:
    """Two strings, at least one of several lines: shown as a line diff."""
    return isinstance(before, str) and isinstance(after, str) and ("\n" in before or "\n" in after)


def line_diff(before: str, after: str, context: int = CONTEXT_LINES) -> list[DiffLine]:
    """The unified diff of two texts, line by line (empty when they are equal)."""
    old, new = _lines(before), _lines(after)
    # Note a missing final newline only when it is what differs: texts from the
    # API rarely end in one, so marking it on both sides would be noise.
    note_eol = before.endswith("\n") != after.endswith("\n")
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        lines.append(
            DiffLine(
                LineKind.HUNK,
                f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@",
            )
        )
        for tag, old_start, old_end, new_start, new_end in group:
            if tag == "equal":
                lines.extend(_shown(LineKind.CONTEXT, old[old_start:old_end], note_eol))
                continue
            lines.extend(_shown(LineKind.REMOVED, old[old_start:old_end], note_eol))
            lines.extend(_shown(LineKind.ADDED, new[new_start:new_end], note_eol))
    return lines


def _lines(text: str) -> list[str]:
    """Lines with their "\\n" kept (unlike str.splitlines, only "\\n" splits)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _shown(kind: LineKind, lines: list[str], note_eol: bool) -> list[DiffLine]:
    shown: list[DiffLine] = []
    for line in lines:
        shown.append(DiffLine(kind, escape_controls(line.removesuffix("\n"))))
        if note_eol and not line.endswith("\n"):
            shown.append(DiffLine(LineKind.NOTE, "\\ No newline at end of file"))
    return shown


def _range(start: int, stop: int) -> str:
    """A hunk's line range as `diff -u` writes it (difflib's _format_range_unified)."""
    length = stop - start
    beginning = start + 1
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def shown_pair(before: Any, after: Any, limit: int = MAX_SHOWN) -> tuple[str, str]:
    """`show()` of both values; of two long strings, only the region that changed."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return show(before, limit), show(after, limit)
    if len(before) <= limit and len(after) <= limit:
        return show(before, limit), show(after, limit)
    prefix = _common_prefix(before, after)
    suffix = _common_prefix(before[prefix:][::-1], after[prefix:][::-1])
    start = max(0, prefix - REGION_CONTEXT)
    # Cut at a word boundary when one is near, keeping at least a few characters of context.
    space = before.find(" ", start, max(start, prefix - REGION_CONTEXT // 3))
    if start > 0 and space != -1:
        start = space + 1
    return (
        _region(before, start, len(before) - suffix, limit),
        _region(after, start, len(after) - suffix, limit),
    )


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _region(text: str, start: int, changed_end: int, limit: int) -> str:
    """`…"part"…`: the ellipses stand for the text left out, outside the quotes."""
    end = min(len(text), changed_end + REGION_CONTEXT)
    space = text.rfind(" ", changed_end + REGION_CONTEXT // 3, end)
    if end < len(text) and space != -1:
        end = space
    part = text[start:end]
    cut = ""
    if len(part) > limit:  # a long change: its beginning says enough
        cut = f" (+{len(part) - limit} chars)"
        part = part[:limit]
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) or cut else ""
    return f"{before}{json.dumps(part, ensure_ascii=False)}{after}{cut}"
