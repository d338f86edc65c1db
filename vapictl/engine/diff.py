"""Compare what the manifest declares with what the API returns.

Only declared fields count (DESIGN.md §4): a declared mapping must be a subset
of the live one, recursively, so server defaults and key order never make a
diff. Lists are compared whole (same length, same order), their items with the
same subset rule, so a server default added inside a list item is not noise.
Server-assigned fields are never compared. `null` is a value: declaring it
clears the field.
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
    if isinstance(desired, Mapping):
        return isinstance(live, Mapping) and all(
            matches(value, live.get(key, ABSENT)) for key, value in desired.items()
        )
    if isinstance(desired, list | tuple):
        return (
            isinstance(live, list | tuple)
            and len(desired) == len(live)
            and all(matches(d, v) for d, v in zip(desired, live, strict=True))
        )
    return _scalar_equal(desired, live)


def _scalar_equal(desired: Any, live: Any) -> bool:
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
        path = join_path(base, key)
        have = live.get(key, ABSENT)
        if isinstance(want, Mapping) and want and (isinstance(have, Mapping) or have is ABSENT):
            # Recurse into new mappings too, so a create lists its fields leaf by leaf.
            changes.extend(diff(want, have if isinstance(have, Mapping) else {}, path))
        elif not matches(want, have):
            changes.append(Change(path, have, want))
    return changes


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
