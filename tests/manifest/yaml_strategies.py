"""Generated YAML-able documents, for the tests that keep two readers equal."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def documents(*extra_scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of plain scalars (plus `extra_scalars`)."""
    scalars = st.one_of(
        st.integers(),
        st.booleans(),
        st.none(),
        st.text(max_size=20),
        *extra_scalars,
        st.floats(allow_nan=False, allow_infinity=False),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
        ),
        max_leaves=20,
    )
