"""Building plans from manifests and live state, without any HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.credentials import managed_credential_name, secret_digest
from vapictl.engine.match import AmbiguousLiveError
from vapictl.engine.plan import PlanOptions, build_plan
from vapictl.engine.plan_model import ActionType
from vapictl.engine.refs import UNKNOWN, Ref
from vapictl.manifest.types import Settings
from vapictl.model import Kind
from vapictl.secrets import MASK

TOOL = resource(
    Kind.TOOL,
    "lookup-order",
    {"type": "function", "function": {"name": "lookup_order"}, "server": {"url": "https://t"}},
)
ASSISTANT = resource(
    Kind.ASSISTANT,
    "support",
    {
        "name": "support",
        "model": {"provider": "openai", "model": "gpt-4o", "tools": ["lookup-order"]},
    },
)
NUMBER = resource(
    Kind.PHONE_NUMBER,
    "main",
    {
        "name": "main",
        "provider": "twilio",
        "number": "+14155551234",
        "twilioAccountSid": "AC1",
        "assistant": "support",
    },
)


def test_everything_new_is_created_in_dependency_order_with_refs() -> None:
    plan = build_plan(manifest(NUMBER, ASSISTANT, TOOL), live_state())
    assert [(a.action, a.address) for a in plan.actions] == [
        (ActionType.CREATE, "tool/lookup-order"),
        (ActionType.CREATE, "assistant/support"),
        (ActionType.CREATE, "phoneNumber/main"),
    ]
    assistant = plan.actions[1]
    assert assistant.body["model"]["toolIds"] == [Ref(Kind.TOOL, "lookup-order")]
    changes = {c.path: c.after for c in assistant.changes}
    assert changes["model.toolIds"] == [UNKNOWN]
    assert plan.summary == {"create": 3, "update": 0, "replace": 0, "delete": 0}


def test_identical_live_state_gives_an_empty_plan() -> None:
    live = live_state(
        tools=[
            live_item(
                Kind.TOOL,
                "t1",
                type="function",
                function={"name": "lookup_order"},
                server={"url": "https://t", "timeoutSeconds": 20},
            )
        ],
        assistants=[
            live_item(
                Kind.ASSISTANT,
                "a1",
                name="support",
                model={"provider": "openai", "model": "gpt-4o", "toolIds": ["t1"]},
            )
        ],
        phoneNumbers=[
            live_item(
                Kind.PHONE_NUMBER,
                "p1",
                name="main",
                provider="twilio",
                number="+14155551234",
                twilioAccountSid="AC1",
                assistantId="a1",
            )
        ],
    )
    plan = build_plan(manifest(NUMBER, ASSISTANT, TOOL), live)
    assert plan.actions == ()
    assert plan.known_ids == {
        "tool/lookup-order": "t1",
        "assistant/support": "a1",
        "phoneNumber/main": "p1",
    }


def test_update_reports_field_paths_and_patches_whole_top_level_values() -> None:
    live = live_state(
        tools=[
            live_item(
                Kind.TOOL,
                "t1",
                type="function",
                function={"name": "lookup_order"},
                server={"url": "https://old", "headers": {"X-A": "1"}},
            )
        ],
    )
    (action,) = build_plan(manifest(TOOL), live).actions
    assert action.action is ActionType.UPDATE and action.id == "t1"
    assert [(c.path, c.before, c.after) for c in action.changes] == [
        ("server.url", "https://old", "https://t")
    ]
    assert action.body == {"server": {"url": "https://t", "headers": {"X-A": "1"}}}


def test_immutable_field_change_is_a_replace() -> None:
    live = live_state(
        phoneNumbers=[
            live_item(
                Kind.PHONE_NUMBER,
                "p1",
                name="main",
                provider="vonage",
                number="+14155551234",
                credentialId="c",
            )
        ],
    )
    plan = build_plan(manifest(NUMBER, ASSISTANT, TOOL), live)
    replace = [a for a in plan.actions if a.action is ActionType.REPLACE]
    assert [a.address for a in replace] == ["phoneNumber/main"]
    assert "provider" in replace[0].reason


def test_undeclared_live_resources_are_left_alone_without_prune() -> None:
    live = live_state(assistants=[live_item(Kind.ASSISTANT, "a9", name="legacy")])
    plan = build_plan(manifest(), live)
    assert plan.actions == ()


def test_prune_deletes_undeclared_minus_ignore_patterns_and_platform_defaults() -> None:
    live = live_state(
        assistants=[
            live_item(Kind.ASSISTANT, "a8", name="old-bot"),
            live_item(Kind.ASSISTANT, "a9", name="legacy-keep"),
            {**live_item(Kind.ASSISTANT, "a7", name="platform"), "orgId": None},
        ]
    )
    m = manifest(settings=Settings(prune=True, ignore=("assistant/legacy-*",), allow_empty=True))
    plan = build_plan(m, live)
    assert [(a.action, a.address, a.id) for a in plan.actions] == [
        (ActionType.DELETE, "assistant/old-bot", "a8")
    ]
    assert build_plan(m, live, PlanOptions(prune=False)).actions == ()


def test_two_live_resources_with_one_identity_is_an_error_naming_both() -> None:
    live = live_state(
        assistants=[
            live_item(Kind.ASSISTANT, "a1", name="support"),
            live_item(Kind.ASSISTANT, "a2", name="support"),
        ]
    )
    with pytest.raises(AmbiguousLiveError, match="a1, a2"):
        build_plan(manifest(resource(Kind.ASSISTANT, "support", {"name": "support"})), live)


def test_pinned_id_adopts_the_resource_so_a_rename_is_an_update() -> None:
    pinned = resource(Kind.ASSISTANT, "support", {"name": "support-v2"}, pinned_id="a1")
    live = live_state(assistants=[live_item(Kind.ASSISTANT, "a1", name="support")])
    (action,) = build_plan(manifest(pinned), live).actions
    assert (action.action, action.id, action.changes[0].path) == (ActionType.UPDATE, "a1", "name")


SECRET = "s3cret-value-123"
WITH_SECRET = resource(
    Kind.ASSISTANT,
    "support",
    {"name": "support", "server": {"url": "https://a", "secret": SECRET}},
    secrets=("server.secret",),
)


def test_a_secret_becomes_a_managed_credential_and_is_masked() -> None:
    plan = build_plan(manifest(WITH_SECRET), live_state())
    credential, assistant = plan.actions
    assert credential.kind is Kind.CREDENTIAL and credential.action is ActionType.CREATE
    assert credential.body["authenticationPlan"]["headerName"] == "X-Vapi-Secret"
    assert {c.path: c.after for c in assistant.changes}["server.secret"] == MASK
    assert SECRET not in repr(plan)


def test_an_unchanged_secret_is_no_change_and_a_rotated_one_is_detected() -> None:
    name = managed_credential_name(Kind.ASSISTANT, "support", secret_digest(SECRET))
    credential = live_item(Kind.CREDENTIAL, "c1", name=name, provider="custom-credential")
    assistant = live_item(
        Kind.ASSISTANT, "a1", name="support", server={"url": "https://a", "credentialId": "c1"}
    )
    live = live_state(assistants=[assistant], credentials=[credential])
    assert build_plan(manifest(WITH_SECRET), live).actions == ()

    rotated = resource(
        Kind.ASSISTANT,
        "support",
        {"name": "support", "server": {"url": "https://a", "secret": "another-secret-9"}},
        secrets=("server.secret",),
    )
    actions = build_plan(manifest(rotated), live).actions
    assert [(a.action, a.kind) for a in actions] == [
        (ActionType.CREATE, Kind.CREDENTIAL),
        (ActionType.UPDATE, Kind.ASSISTANT),
        (ActionType.DELETE, Kind.CREDENTIAL),
    ]
    assert [(c.path, c.before, c.after) for c in actions[1].changes] == [
        ("server.secret", MASK, MASK)
    ]


def test_target_limits_the_plan_but_keeps_what_it_needs() -> None:
    plan = build_plan(
        manifest(NUMBER, ASSISTANT, TOOL), live_state(), PlanOptions(targets=("assistant/support",))
    )
    assert [a.address for a in plan.actions] == ["tool/lookup-order", "assistant/support"]


def test_a_targeted_owner_brings_its_managed_credential_and_nothing_else() -> None:
    secret = {"server": {"url": "https://h", "secret": "s3cret-value-9"}}
    owner = resource(
        Kind.ASSISTANT, "support", {"name": "support", **secret}, secrets=("server.secret",)
    )
    other = resource(
        Kind.ASSISTANT, "sales", {"name": "sales", **secret}, secrets=("server.secret",)
    )
    plan = build_plan(
        manifest(owner, other, TOOL), live_state(), PlanOptions(targets=("assistant/support",))
    )
    assert [(a.kind, a.address) for a in plan.actions] == [
        (Kind.CREDENTIAL, "credential/assistant/support"),
        (Kind.ASSISTANT, "assistant/support"),
    ]


def test_two_entries_with_one_identity_are_an_error() -> None:
    from vapictl.errors import ManifestError

    first = resource(Kind.TOOL, "bye", {"type": "endCall"})
    second = resource(Kind.TOOL, "bye-again", {"type": "endCall"})
    with pytest.raises(
        ManifestError, match="tool/bye and tool/bye-again would both manage the same live resource"
    ):
        build_plan(manifest(first, second), live_state())
    pinned = resource(Kind.TOOL, "bye-again", {"type": "endCall"}, pinned_id="t2")
    live = live_state(tools=[live_item(Kind.TOOL, "t2", type="endCall")])
    plan = build_plan(manifest(first, pinned), live)
    assert [(a.action, a.address) for a in plan.actions] == [(ActionType.CREATE, "tool/bye")]


def test_credential_like_fields_are_masked_on_both_sides() -> None:
    tool = resource(
        Kind.TOOL,
        "lookup-order",
        {
            "type": "function",
            "function": {"name": "lookup_order"},
            "server": {"url": "https://t", "headers": {"Authorization": "Bearer new-token-0002"}},
        },
    )
    live = live_state(
        tools=[
            live_item(
                Kind.TOOL,
                "t1",
                type="function",
                function={"name": "lookup_order"},
                server={"url": "https://t", "headers": {"Authorization": "Bearer old-token-0001"}},
            )
        ]
    )
    (action,) = build_plan(manifest(tool), live).actions
    assert [(c.path, c.before, c.after, c.sensitive) for c in action.changes] == [
        ("server.headers.Authorization", MASK, MASK, True)
    ]
    assert "old-token" not in repr(action.changes)


def test_sensitive_field_names() -> None:
    from vapictl.secrets import is_sensitive_field

    for name in (
        "Authorization",
        "X-Vapi-Secret",
        "twilioAuthToken",
        "apiSecret",
        "password",
        "apiKey",
    ):
        assert is_sensitive_field(name), name
    for name in ("maxTokens", "url", "name", "bearerPrefixEnabled", "headerName"):
        assert not is_sensitive_field(name), name


def test_sensitive_paths_cover_header_values_in_every_header_shape() -> None:
    from vapictl.manifest.report import format_path, parse_path
    from vapictl.secrets import is_sensitive_path, mask_sensitive

    for path in (
        "server.secret",
        "credentials[0].apiKey",
        "server.headers.Authorization",
        "headers.properties.Authorization.value",
        "headers.properties.X-Api-Key.value",
        "sipHeaders.X-Auth-Token",
        "headers.properties.Authorization",  # the whole header schema, value included
        "headers.properties.X.Api-Token.value",  # a dot in the header's name splits it
    ):
        assert is_sensitive_path(parse_path(path)), path
    for path in (
        "headers.properties.Authorization.type",
        "headers.properties.X-Request-Id.value",
        "headers.type",
        "model.messages[0].content",
        "maxTokens",
    ):
        assert not is_sensitive_path(parse_path(path)), path
    assert parse_path("a.b[0][2].c") == ("a", "b", 0, 2, "c")
    assert format_path(parse_path("members[1].assistantId")) == "members[1].assistantId"
    added = {"properties": {"Authorization": {"type": "string", "value": "Bearer t0k3n"}}}
    assert mask_sensitive(added, ("headers",)) == {
        "properties": {"Authorization": {"type": "string", "value": "(sensitive)"}}
    }


def test_an_unnamed_entry_is_found_by_its_content() -> None:
    unnamed = resource(Kind.ASSISTANT, "anon", {"name": None, "firstMessage": "Hi"})
    (create,) = build_plan(manifest(unnamed), live_state()).actions
    assert create.action is ActionType.CREATE
    live = live_state(assistants=[live_item(Kind.ASSISTANT, "a1", firstMessage="Hi")])
    assert build_plan(manifest(unnamed), live).actions == ()


def _transfer(key: str, number: str) -> Any:
    destination = {"type": "number", "number": number}
    return resource(Kind.TOOL, key, {"type": "transferCall", "destinations": [destination]})


def _live_transfer(id_: str, number: str) -> dict[str, Any]:
    destination = {"type": "number", "number": number}
    return live_item(Kind.TOOL, id_, type="transferCall", destinations=[destination])


def test_several_nameless_tools_of_one_type_are_told_apart_by_content() -> None:
    sales, support = _transfer("to-sales", "+14155550001"), _transfer("to-support", "+14155550002")
    live = live_state(
        tools=[_live_transfer("t2", "+14155550002"), _live_transfer("t1", "+14155550001")]
    )
    plan = build_plan(manifest(sales, support), live)
    assert plan.actions == ()
    assert plan.known_ids == {"tool/to-sales": "t1", "tool/to-support": "t2"}

    edited = _transfer("to-sales", "+14155550009")
    pruning = manifest(edited, support, settings=Settings(prune=True))
    assert [(a.action, a.address) for a in build_plan(pruning, live).actions] == [
        (ActionType.CREATE, "tool/to-sales"),
        (ActionType.DELETE, "tool/t1"),  # a nameless tool is called by its id
    ]


def test_a_single_nameless_tool_of_its_type_is_updated_in_place() -> None:
    live = live_state(tools=[_live_transfer("t1", "+14155550001")])
    (update,) = build_plan(manifest(_transfer("to-sales", "+14155550009")), live).actions
    assert (update.action, update.id) == (ActionType.UPDATE, "t1")


def test_identical_live_twins_of_an_unnamed_entry_are_ambiguous() -> None:
    live = live_state(
        tools=[_live_transfer("t1", "+14155550001"), _live_transfer("t2", "+14155550001")]
    )
    entries = manifest(_transfer("a", "+14155550001"), _transfer("b", "+14155550002"))
    with pytest.raises(AmbiguousLiveError, match="t1, t2"):
        build_plan(entries, live)
