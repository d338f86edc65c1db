"""Manifest keys: slugs of names, unique, independent of listing order."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vapictl.export.keys import assign_keys, slugify
from vapictl.model import Kind


def test_slugify_lowercases_and_collapses_separators() -> None:
    assert slugify("  Support Bot (EU) ") == "support-bot-eu"
    assert slugify("lookup_order") == "lookup-order"
    assert slugify("Café -- Ünïcode") == "cafe-unicode"
    assert slugify("!!!") == ""


def _item(item_id: str, created: str, **fields: object) -> dict[str, object]:
    return {"id": item_id, "createdAt": created, **fields}


def test_duplicate_slugs_get_suffixes_oldest_first_whatever_the_listing_order() -> None:
    items = [
        _item("b", "2026-01-02", name="Support"),
        _item("a", "2026-01-01", name="support"),
        _item("c", "2026-01-03", name="SUPPORT"),
    ]
    expected = {"a": "support", "b": "support-2", "c": "support-3"}
    for _ in range(5):
        random.shuffle(items)
        assert assign_keys(Kind.ASSISTANT, items) == expected


def test_a_generated_suffix_never_takes_a_real_name() -> None:
    items = [
        _item("a", "2026-01-01", name="foo"),
        _item("b", "2026-01-02", name="foo"),
        _item("c", "2026-01-03", name="foo-2"),
    ]
    assert assign_keys(Kind.SQUAD, items) == {"a": "foo", "b": "foo-3", "c": "foo-2"}


def test_unnamed_resources_fall_back_by_kind() -> None:
    tools = [
        _item("t1", "1", type="function", function={"name": "get_weather"}),
        _item("t2", "2", type="endCall"),
        _item("t3", "3", type="endCall"),
        _item("t4", "4", type="google.calendar.event.create"),
    ]
    assert assign_keys(Kind.TOOL, tools) == {
        "t1": "get-weather",
        "t2": "endcall-1",
        "t3": "endcall-2",
        "t4": "google-calendar-event-create-1",
    }
    phones = [
        _item("p1", "1", provider="twilio", number="+14155551234"),
        _item("p2", "2", provider="vapi", sipUri="sip:front-desk@sip.vapi.ai"),
        _item("p3", "3", provider="vapi"),
    ]
    assert assign_keys(Kind.PHONE_NUMBER, phones) == {
        "p1": "14155551234",
        "p2": "front-desk",
        "p3": "phonenumber-1",
    }


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["a", "A", "a-2", "a 2", "é", "!"]), st.text()),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_keys_are_unique_slugs_whatever_the_names_and_order(
    names: list[str | None], rng: random.Random
) -> None:
    items = [
        {"id": f"id-{i}", "createdAt": f"2026-01-01T00:00:{i:02d}Z", "name": name}
        for i, name in enumerate(names)
    ]
    keys = assign_keys(Kind.ASSISTANT, items)
    assert len(set(keys.values())) == len(items)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys.values())
    rng.shuffle(items)
    assert assign_keys(Kind.ASSISTANT, items) == keys
