"""The plan's no-copy answer (engine/unchanged.py) agrees with the full comparison:
`unchanged(...)` is True exactly when `diff(comparable(...), live)` is empty, on
generated bodies with references, secrets, nulls, bools, nested objects and lists,
against live objects equal to them, slightly changed, or unrelated."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vapictl.engine.comparable import comparable
from vapictl.engine.diff import diff
from vapictl.engine.refs import UNKNOWN, Ref, SecretRef
from vapictl.engine.unchanged import unchanged
from vapictl.model import Kind

KEYS = st.sampled_from(["a", "b", "name", "id", "createdAt", "assistantIds", "value"])
KNOWN = {"tool/t1": "id-1", "tool/t2": "id-2"}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from([0.0, 1.0, 2.5]),
    st.sampled_from(["", "x", "y", "id-1", UNKNOWN]),
)
placeholders = st.one_of(
    st.sampled_from([Ref(Kind.TOOL, "t1"), Ref(Kind.TOOL, "t2"), Ref(Kind.TOOL, "t3")]),
    st.just(SecretRef("assistant/a", "server.secret", "d")),
)
values = st.recursive(
    st.one_of(scalars, placeholders),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=2).map(MappingProxyType),
        st.lists(inner, max_size=2).map(tuple),
    ),
    max_leaves=12,
)
bodies = st.dictionaries(KEYS, values, max_size=5)


def _as_live(value: Any) -> Any:
    """JSON data, as an API returns it (comparable's stand-in for a secret is not)."""
    if isinstance(value, dict):
        return {key: _as_live(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_live(item) for item in value]
    return value if value is None or isinstance(value, str | int | float) else "secret"


def _mutated(value: Any, data: st.DataObject) -> Any:
    """`value` (a live object) with one leaf or key changed, added or removed."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value)))
        changed = dict(value)
        if data.draw(st.booleans()):
            del changed[key]
        else:
            changed[key] = _mutated(changed[key], data)
        return changed
    if isinstance(value, list) and value and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(value) - 1))
        changed_list = list(value)
        changed_list[index] = _mutated(changed_list[index], data)
        return changed_list
    return data.draw(scalars)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(body=bodies, data=st.data(), kind=st.sampled_from([Kind.ASSISTANT, Kind.STRUCTURED_OUTPUT]))
def test_unchanged_agrees_with_the_full_comparison(
    body: dict[str, Any], data: st.DataObject, kind: Kind
) -> None:
    shown = _as_live(comparable(kind, body, KNOWN))
    live = data.draw(
        st.one_of(
            st.just(shown),
            st.just(shown).map(lambda v: _mutated(v, data)),
            st.dictionaries(
                KEYS, values.map(lambda v: _as_live(comparable(kind, {"v": v}, KNOWN)))
            ),
        )
    )
    if not isinstance(live, dict):
        live = {"a": live}
    extra = data.draw(st.dictionaries(st.sampled_from(["orgId", "extra"]), scalars, max_size=2))
    live = {**extra, **live}
    assert unchanged(kind, body, KNOWN, live) == (diff(comparable(kind, body, KNOWN), live) == [])


def test_a_body_equal_to_its_live_twin_is_unchanged() -> None:
    body = {
        "name": "a",
        "model": {"toolIds": [Ref(Kind.TOOL, "t1")], "messages": [{"role": "system"}]},
        "server": {"url": "https://h", "secret": SecretRef("assistant/a", "server.secret", "d")},
        "voicemailMessage": None,
    }
    live = {
        "id": "x",
        "name": "a",
        "model": {"toolIds": ["id-1"], "messages": [{"role": "system", "content": None}]},
        "server": {"url": "https://h"},
    }
    assert unchanged(Kind.ASSISTANT, body, KNOWN, live)
    assert not unchanged(Kind.ASSISTANT, body, KNOWN, {**live, "name": "b"})
    assert not unchanged(Kind.ASSISTANT, body, {}, live)  # the tool is not known yet


def test_equal_containers_still_tell_a_bool_from_a_number() -> None:
    """`==` takes True for 1 and False for 0.0, even inside containers: those must
    still be changes, as diff says (a shortcut through `==` must not lose them)."""
    for want, have in (
        ({"tier": 1}, {"tier": True}),
        ({"tier": True}, {"tier": 1}),
        ([0.0, "a"], [False, "a"]),
        ([{"on": False}], [{"on": 0}]),
    ):
        body = {"metadata": {"nested": want}}
        live = {"metadata": {"nested": have}}
        assert diff(comparable(Kind.ASSISTANT, body, {}), live) != []
        assert not unchanged(Kind.ASSISTANT, body, {}, live), want
    # A number equal in value is no change, whether int or float (as diff says).
    assert unchanged(Kind.ASSISTANT, {"m": {"t": [1]}}, {}, {"m": {"t": [1.0]}})
    assert unchanged(
        Kind.ASSISTANT, {"m": {"t": {"a": 1, "b": 2}}}, {}, {"m": {"t": {"b": 2, "a": 1}}}
    )
    # NaN equals nothing: always a change, as diff says.
    body, live = {"m": {"t": [float("nan")]}}, {"m": {"t": [float("nan")]}}
    assert not unchanged(Kind.ASSISTANT, body, {}, live)
