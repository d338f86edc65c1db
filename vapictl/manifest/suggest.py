""" "Did you mean ...?": the known word a misspelt one most likely stands for."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

DEFAULT_CUTOFF = 0.75


def closest(word: str, choices: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str | None:
    """Case-insensitive: a difflib match, or one edit away (a swap counts as one:
    difflib scores short transpositions like 'ulr' for 'url' too low)."""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    lowered = word.lower()
    if lowered in by_lower:
        return by_lower[lowered]
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    if matches:
        return by_lower[matches[0]]
    if len(lowered) >= 3:
        for candidate, original in by_lower.items():
            if _one_edit_apart(lowered, candidate):
                return original
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or adjacent swap apart."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        first, second = diffs[0], diffs[-1]
        return (
            len(diffs) == 2
            and second == first + 1
            and a[first] == b[second]
            and a[second] == b[first]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
