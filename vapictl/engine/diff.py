"""Compare what the manifest declares with what the API returns.

Only declared fields count (DESIGN.md §4): a declared mapping must be a subset
of the live one, recursively, so server defaults and key order never make a
diff. Lists are compared whole (same length, same order), their items with the
same subset rule, so a server default added inside a list item is not noise.
Server-assigned fields are never compared. `null` is a value: declaring it
clears the field.

A list of mappings that differs is reported item by item (issue 14), so that a
one-line prompt edit reads `model.messages[0].content`, not the whole list
twice: items are paired by a natural key where every item has a distinct one
(`ITEM_KEYS`), else by position. This only makes the change list finer: PATCH
is shallow (API-REFERENCE §5), so the request still sends the whole top-level
field (`top_level_fields`, `merge_for_patch`). Written by hand rather than with
deepdiff, which knows neither the subset rule nor ABSENT and would have to be
undone path by path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vapictl.model import SERVER_ASSIGNED_FIELDS


class _Absent:
    """A live field that does not exist (shown as null in JSON, "(unset)" in text)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any
    sensitive: bool = False


def join_path(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def matches(desired: Any, live: Any) -> bool:
    """True when `desired` is satisfied by `live` under the subset rule."""
    kind = type(desired)
    if kind is str:  # the common leaf; a string never equals a bool or an absent field
        return bool(desired == live)
    if kind is dict or (kind is not list and isinstance(desired, Mapping)):
        if not isinstance(live, Mapping):
            return False
        return all(matches(value, live.get(key, ABSENT)) for key, value in desired.items())
    if kind is list or isinstance(desired, list | tuple):
        if not isinstance(live, list | tuple) or len(desired) != len(live):
            return False
        return all(matches(want, have) for want, have in zip(desired, live, strict=True))
    return scalar_equal(desired, live)


def scalar_equal(desired: Any, live: Any) -> bool:
    if desired is None and live is ABSENT:
        return True  # declaring null asks for "unset", which an absent field already is
    # bool is an int in Python; True must not equal 1 here.
    if isinstance(desired, bool) or isinstance(live, bool):
        return type(desired) is type(live) and desired == live
    return bool(desired == live)


def diff(desired: Mapping[str, Any], live: Mapping[str, Any], base: str = "") -> list[Change]:
    """Field-level changes that would make `live` satisfy `desired`."""
    changes: list[Change] = []
    for key, want in desired.items():
        if not base and key in SERVER_ASSIGNED_FIELDS:
            continue
        have = live.get(key, ABSENT)
        if type(want) is str and want == have:
            continue  # the common case, settled without building the path
        path = join_path(base, key)
        if isinstance(want, Mapping) and want and (isinstance(have, Mapping) or have is ABSENT):
            # Recurse into new mappings too, so a create lists its fields leaf by leaf.
            changes.extend(diff(want, have if isinstance(have, Mapping) else {}, path))
        elif not matches(want, have):
            changes.extend(_diff_items(want, have, path) or [Change(path, have, want)])
    return changes


# Natural keys of list items, tried in order (a path inside each item): squad
# members by assistant, inline tools by function name, named things by name.
# Messages have none on purpose: roles repeat, and their order is their meaning.
ITEM_KEYS: tuple[tuple[str, ...], ...] = (
    ("assistantId",),
    ("assistantName",),
    ("function", "name"),
    ("name",),
    ("structuredOutputId",),
)


def _diff_items(want: Any, have: Any, path: str) -> list[Change]:
    """Item-by-item changes of two differing lists of mappings; [] to compare them whole.

    Paired items are compared with `diff` (paths `messages[0].content`, by the
    declared index); a declared item with no live twin is `[i]: ABSENT -> item`,
    a live one with no declared twin `[j]: item -> ABSENT` (by its live index).
    Keyed items whose order changed are compared whole: the order is the change.
    """
    if not (isinstance(want, list) and isinstance(have, list) and want and have):
        return []
    if not all(isinstance(item, Mapping) for item in (*want, *have)):
        return []
    pairs = _pairs_by_key(want, have)
    if pairs is None:
        pairs = [(i, i) for i in range(min(len(want), len(have)))]
    elif [j for _, j in pairs] != sorted(j for _, j in pairs):
        return []
    changes: list[Change] = []
    for i, j in pairs:
        changes.extend(diff(want[i], have[j], join_path(path, i)))
    paired_want = {i for i, _ in pairs}
    paired_have = {j for _, j in pairs}
    changes.extend(
        Change(join_path(path, j), item, ABSENT)
        for j, item in enumerate(have)
        if j not in paired_have
    )
    changes.extend(
        Change(join_path(path, i), ABSENT, item)
        for i, item in enumerate(want)
        if i not in paired_want
    )
    return changes


def _pairs_by_key(
    want: list[Mapping[str, Any]], have: list[Mapping[str, Any]]
) -> list[tuple[int, int]] | None:
    """(declared index, live index) pairs by the first usable ITEM_KEYS entry, or None."""
    for key in ITEM_KEYS:
        wanted = [_key_of(item, key) for item in want]
        found = [_key_of(item, key) for item in have]
        if None in wanted or None in found:
            continue
        if len(set(wanted)) < len(wanted) or len(set(found)) < len(found):
            continue
        live_index = {value: j for j, value in enumerate(found)}
        pairs = [(i, live_index[value]) for i, value in enumerate(wanted) if value in live_index]
        if pairs:  # no common item: by position, `members[0].assistantId: a -> b` reads better
            return pairs
    return None


def _key_of(item: Mapping[str, Any], key: tuple[str, ...]) -> str | None:
    value: Any = item
    for part in key:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value if isinstance(value, str) and value else None


def top_level_fields(changes: Sequence[Change]) -> list[str]:
    """The top-level fields a PATCH must send for these changes (PATCH is shallow)."""
    seen: dict[str, None] = {}
    for change in changes:
        head = change.path.split(".", 1)[0].split("[", 1)[0]
        seen.setdefault(head, None)
    return list(seen)


def merge_for_patch(live_value: Any, desired_value: Any) -> Any:
    """The whole top-level value to send: desired over live, undeclared live keys kept.

    Vapi's PATCH replaces a sent top-level field whole (API-REFERENCE §5), so
    sending only the declared keys of `server` would silently drop the ones a
    dashboard user set and the manifest does not mention.
    """
    if isinstance(desired_value, Mapping) and isinstance(live_value, Mapping):
        merged = dict(live_value)
        for key, value in desired_value.items():
            merged[key] = merge_for_patch(live_value.get(key), value)
        return merged
    return desired_value
