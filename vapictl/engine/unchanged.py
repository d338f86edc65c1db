"""The plan's commonest answer, found without copying: a live resource that already
satisfies its desired body.

`unchanged(kind, payload, known_ids, live)` is True exactly when
`diff(comparable(kind, payload, known_ids), live)` is empty, but walks the payload in
place, filling references as it meets them, instead of first copying it (comparable)
and then walking the copy (diff): at 10,000 resources those two passes were most of
the plan's own CPU. On any difference the plan computes the changes the usual way.
tests/engine/test_unchanged.py keeps the two in agreement on generated bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from vapictl.engine.comparable import hidden_fields
from vapictl.engine.diff import ABSENT, scalar_equal
from vapictl.engine.refs import SCALARS, UNKNOWN, Ref, SecretRef
from vapictl.model import SERVER_ASSIGNED_FIELDS, Kind


def unchanged(
    kind: Kind, payload: Mapping[str, Any], known_ids: Mapping[str, str], live: Mapping[str, Any]
) -> bool:
    return _no_changes(payload, live, known_ids, _top_level_skipped(kind))


@cache
def _top_level_skipped(kind: Kind) -> frozenset[str]:
    return hidden_fields(kind) | SERVER_ASSIGNED_FIELDS


def _no_changes(
    want: Mapping[str, Any], have: Mapping[str, Any], known: Mapping[str, str], skip: Any
) -> bool:
    """`diff(want, have)` is empty, placeholders filled as comparable fills them (a
    secret is never read back: its key is left out). `skip`: top-level keys not compared.
    Exact types first: isinstance against the ABCs is several times slower."""
    for key, value in want.items():
        if key in skip:
            continue
        kind = type(value)
        if kind is str:
            if value == have.get(key, ABSENT):
                continue
            return False
        if kind is SecretRef:
            continue
        got = have.get(key, ABSENT)
        if kind in SCALARS:  # a number, a bool or null: no ABC to ask about
            if scalar_equal(value, got):
                continue
            return False
        if kind is Ref:
            value = known.get(value.slot, UNKNOWN)
        elif kind is dict or _is_mapping(value):
            # diff recurses into a mapping with something readable in it when the live
            # one is a mapping or absent; otherwise it must match whole, which an empty
            # mapping does only against a mapping.
            if got is ABSENT:
                if not (_has_readable(value) and _no_changes(value, {}, known, ())):
                    return False
            elif not (
                (type(got) is dict or isinstance(got, Mapping))
                and _no_changes(value, got, known, ())
            ):
                return False
            continue
        elif kind is not list and isinstance(value, SecretRef):
            continue
        if not _matches(value, got, known):
            return False
    return True


def _is_mapping(value: Any) -> bool:
    return type(value) is not list and isinstance(value, Mapping)


def _has_readable(mapping: Mapping[str, Any]) -> bool:
    """Is anything left of the mapping once its secrets are left out?"""
    return any(not isinstance(value, SecretRef) for value in mapping.values())


def _matches(want: Any, have: Any, known: Mapping[str, str]) -> bool:
    """`diff.matches(filled want, have)`. Loops rather than all() over generators, and
    strings settled in place: most leaves are strings, most containers small."""
    kind = type(want)
    if kind is str:
        return bool(want == have)
    if kind is dict:
        return _mapping_matches(want, have, known)
    if kind is list:
        if not isinstance(have, list | tuple) or len(want) != len(have):
            return False
        for item, live_item in zip(want, have, strict=True):
            if type(item) is str:
                if item == live_item:
                    continue
                return False
            if not _matches(item, live_item, known):
                return False
        return True
    if kind in SCALARS:
        return scalar_equal(want, have)
    if isinstance(want, Ref):
        return bool(known.get(want.slot, UNKNOWN) == have)
    if isinstance(want, SecretRef):
        return False  # kept in a list as an unreadable value, equal to nothing
    if isinstance(want, Mapping):
        return _mapping_matches(want, have, known)
    if isinstance(want, tuple | list):
        if not isinstance(have, list | tuple) or len(want) != len(have):
            return False
        return all(_matches(w, h, known) for w, h in zip(want, have, strict=True))
    return scalar_equal(want, have)


def _mapping_matches(want: Mapping[str, Any], have: Any, known: Mapping[str, str]) -> bool:
    """A mapping's entries all match the live one's (secrets left out), under matches'
    rule: the live value must be a mapping too."""
    if not (type(have) is dict or isinstance(have, Mapping)):
        return False
    for key, value in want.items():
        kind = type(value)
        if kind is str:
            if value == have.get(key, ABSENT):
                continue
            return False
        if kind is SecretRef or (kind not in SCALARS and isinstance(value, SecretRef)):
            continue
        if not _matches(value, have.get(key, ABSENT), known):
            return False
    return True
