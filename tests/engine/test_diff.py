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
