"""The diff engine's rules (DESIGN.md §4): subset for mappings, whole for lists."""

from vapictl.engine.diff import ABSENT, Change, diff, matches, merge_for_patch, top_level_fields


def test_declared_mapping_is_compared_as_a_subset() -> None:
    live = {"server": {"url": "https://a", "timeoutSeconds": 20}, "name": "x", "extra": 1}
    assert diff({"server": {"url": "https://a"}}, live) == []


def test_changed_leaf_is_reported_with_its_dotted_path() -> None:
    live = {"server": {"url": "https://a", "timeoutSeconds": 20}}
    assert diff({"server": {"url": "https://b"}}, live) == [
        Change("server.url", "https://a", "https://b")
    ]


def test_missing_live_field_is_absent_before() -> None:
    (change,) = diff({"firstMessage": "hi"}, {})
    assert change.before is ABSENT and change.after == "hi"


def test_lists_compare_whole_and_in_order() -> None:
    assert diff({"endCallPhrases": ["bye", "ciao"]}, {"endCallPhrases": ["ciao", "bye"]})
    assert diff({"endCallPhrases": ["bye"]}, {"endCallPhrases": ["bye", "ciao"]})
    assert not diff({"endCallPhrases": ["bye"]}, {"endCallPhrases": ["bye"]})


def test_list_items_use_the_subset_rule_so_server_defaults_are_not_noise() -> None:
    live = {"messages": [{"role": "system", "content": "x", "id": "srv-default"}]}
    assert not diff({"messages": [{"role": "system", "content": "x"}]}, live)


def test_null_is_a_value_that_clears() -> None:
    assert diff({"voicemailMessage": None}, {"voicemailMessage": "leave one"}) == [
        Change("voicemailMessage", "leave one", None)
    ]
    assert not diff({"voicemailMessage": None}, {"voicemailMessage": None})


def test_server_assigned_fields_are_never_changes() -> None:
    assert not diff({"id": "x", "createdAt": "y", "orgId": "z"}, {"id": "other"})


def test_booleans_are_not_numbers() -> None:
    assert not matches(True, 1)
    assert matches(1, 1.0)
    assert not matches({"a": 1}, {"a": True})


def test_patch_sends_whole_top_level_value_keeping_undeclared_live_keys() -> None:
    # PATCH is shallow (API-REFERENCE §5): a partial `server` would drop live keys.
    live = {"url": "https://a", "headers": {"X-Team": "ops"}, "timeoutSeconds": 20}
    assert merge_for_patch(live, {"url": "https://b"}) == {
        "url": "https://b",
        "headers": {"X-Team": "ops"},
        "timeoutSeconds": 20,
    }


def test_top_level_fields_of_nested_changes() -> None:
    changes = [Change("server.url", 1, 2), Change("model.toolIds", [], ["a"]), Change("name", 1, 2)]
    assert top_level_fields(changes) == ["server", "model", "name"]


def test_declared_null_matches_an_absent_field() -> None:
    assert not diff({"name": None}, {})
    assert diff({"name": "x"}, {})


# Lists of mappings are reported item by item (issue 14).

SYSTEM = {"role": "system", "content": "You are support.\nBe polite."}


def test_a_changed_message_is_reported_at_its_content_not_the_whole_list() -> None:
    live = {"model": {"messages": [SYSTEM, {"role": "assistant", "content": "Hi"}]}}
    edited = {"role": "system", "content": "You are support.\nBe kind."}
    desired = {"model": {"messages": [edited, {"role": "assistant", "content": "Hi"}]}}
    assert diff(desired, live) == [
        Change("model.messages[0].content", SYSTEM["content"], edited["content"])
    ]
    assert top_level_fields(diff(desired, live)) == ["model"]  # PATCH still sends it whole


def test_messages_pair_by_position_and_extra_items_are_added_or_removed() -> None:
    hello = {"role": "assistant", "content": "Hello"}
    assert diff({"messages": [SYSTEM, hello]}, {"messages": [SYSTEM]}) == [
        Change("messages[1]", ABSENT, hello)
    ]
    assert diff({"messages": [SYSTEM]}, {"messages": [SYSTEM, hello]}) == [
        Change("messages[1]", hello, ABSENT)
    ]


def test_squad_members_pair_by_assistant_so_a_removal_does_not_shift_the_rest() -> None:
    live = {
        "members": [
            {"assistantId": "a0"},
            {"assistantId": "a1"},
            {"assistantId": "a2", "assistantOverrides": {"firstMessage": "A"}},
        ]
    }
    desired = {
        "members": [
            {"assistantId": "a1"},
            {"assistantId": "a2", "assistantOverrides": {"firstMessage": "B"}},
        ]
    }
    assert diff(desired, live) == [
        Change("members[1].assistantOverrides.firstMessage", "A", "B"),
        Change("members[0]", {"assistantId": "a0"}, ABSENT),
    ]


def test_inline_tools_pair_by_function_name() -> None:
    lookup = {"type": "function", "function": {"name": "lookup", "description": "old"}}
    book = {"type": "function", "function": {"name": "book"}}
    new_lookup = {"type": "function", "function": {"name": "lookup", "description": "new"}}
    assert diff({"tools": [book, new_lookup]}, {"tools": [lookup]}) == [
        Change("tools[1].function.description", "old", "new"),
        Change("tools[0]", ABSENT, book),
    ]


def test_reordered_keyed_items_are_compared_whole() -> None:
    a, b = {"assistantId": "a"}, {"assistantId": "b"}
    # the first member answers the call: the order is the change
    assert diff({"members": [b, a]}, {"members": [a, b]}) == [Change("members", [a, b], [b, a])]


def test_items_without_a_common_key_pair_by_position() -> None:
    assert diff({"members": [{"assistantId": "b"}]}, {"members": [{"assistantId": "a"}]}) == [
        Change("members[0].assistantId", "a", "b")
    ]


def test_lists_of_scalars_and_mixed_lists_still_compare_whole() -> None:
    assert diff({"toolIds": ["a", "b"]}, {"toolIds": ["a"]}) == [
        Change("toolIds", ["a"], ["a", "b"])
    ]
    assert diff({"x": [{"a": 1}, 2]}, {"x": [{"a": 2}, 2]}) == [
        Change("x", [{"a": 2}, 2], [{"a": 1}, 2])
    ]


def test_item_changes_exist_exactly_when_the_lists_do_not_match() -> None:
    import itertools

    items = [{"name": "a"}, {"name": "b", "v": 1}, {"name": "b", "v": 2}, {"role": "x"}]
    for size_desired, size_live in itertools.product(range(3), repeat=2):
        for want in itertools.permutations(items, size_desired):
            for have in itertools.permutations(items, size_live):
                changes = diff({"l": list(want)}, {"l": list(have)})
                assert bool(changes) == (not matches(list(want), list(have))), (want, have)
