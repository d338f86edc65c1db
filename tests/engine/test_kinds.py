"""Plans of the registry's newer kinds: provider credentials (fingerprints, rotation,
OAuth), built-in personalities, and PATCH quirks."""

from __future__ import annotations

import pytest

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.desired import desired_resources
from vapictl.engine.live import LiveState
from vapictl.engine.plan import build_plan
from vapictl.engine.plan_model import ActionType
from vapictl.engine.refs import Ref
from vapictl.errors import ManifestError
from vapictl.manifest.types import Resource, Settings
from vapictl.model import Kind

BUILT_IN = "a0000000-0000-4000-8000-000000000007"


def _openai(key: str = "sk-test-0001") -> Resource:
    return resource(
        Kind.CREDENTIAL,
        "openai",
        {"provider": "openai", "name": "openai", "apiKey": key},
        secrets=("apiKey",),
    )


def _live_name(key: str) -> str:
    (credential,) = desired_resources(manifest(_openai(key)))
    return str(credential.payload["name"])


def test_a_credential_name_carries_the_fingerprint_of_its_secret() -> None:
    name = _live_name("sk-test-0001")
    assert name.startswith("openai-") and len(name) == len("openai-") + 8
    assert _live_name("sk-test-0002") != name
    assert "sk-test" not in name


def test_a_changed_secret_creates_a_new_credential_and_deletes_the_old_one_last() -> None:
    old = live_item(Kind.CREDENTIAL, "c1", provider="openai", name=_live_name("sk-test-0001"))
    user = resource(Kind.ASSISTANT, "support", {"name": "support", "credentials": ["openai"]})
    live = live_state(
        credentials=[old],
        assistants=[live_item(Kind.ASSISTANT, "a1", name="support", credentialIds=["c1"])],
    )
    unchanged = build_plan(manifest(_openai(), user), live)
    assert unchanged.actions == ()

    plan = build_plan(manifest(_openai("sk-test-0002"), user), live)
    steps = [(a.action, a.address, a.reason) for a in plan.actions]
    assert steps[0][:2] == (ActionType.CREATE, "credential/openai")
    assert "org-wide" in steps[0][2]
    assert steps[1][:2] == (ActionType.UPDATE, "assistant/support")
    assert steps[2][0] is ActionType.DELETE and steps[2][2].startswith("secret rotated")
    assert plan.actions[2].id == "c1"


def test_an_adopted_credential_without_fingerprint_is_taken_as_it_is() -> None:
    adopted = live_item(Kind.CREDENTIAL, "c1", provider="openai", name="openai")
    plan = build_plan(manifest(_openai()), live_state(credentials=[adopted]))
    assert plan.actions == ()


def test_oauth_credentials_are_referenced_never_created() -> None:
    oauth = resource(
        Kind.CREDENTIAL,
        "gcal",
        {"provider": "google.calendar.oauth2-authorization", "name": "gcal"},
    )
    with pytest.raises(ManifestError, match="OAuth flow"):
        build_plan(manifest(oauth), live_state())


def _simulation(personality: str) -> Resource:
    return resource(
        Kind.SIMULATION,
        "sim",
        {"name": "sim", "scenarioId": "s-raw", "personality": personality},
    )


def test_built_in_personalities_resolve_by_name_and_are_never_pruned() -> None:
    built_in = {**live_item(Kind.PERSONALITY, BUILT_IN, name="Skeptical Sam"), "orgId": None}
    live = LiveState(org={"id": "o", "name": "Org"}, items={Kind.PERSONALITY: [built_in]})
    pruning = Settings(prune=True)
    for form in ("skeptical-sam", "Skeptical Sam"):
        plan = build_plan(manifest(_simulation(form), settings=pruning), live)
        (create,) = plan.actions
        assert create.action is ActionType.CREATE
        assert [c.after for c in create.changes if c.path == "personalityId"] == [BUILT_IN]


def test_an_unknown_built_in_is_an_error_before_any_call() -> None:
    with pytest.raises(ManifestError, match="no personality 'skeptical-sam' in the live org"):
        build_plan(manifest(_simulation("skeptical-sam")), live_state())


def test_structured_output_assistant_ids_are_never_compared() -> None:
    desired = resource(
        Kind.STRUCTURED_OUTPUT, "csat", {"name": "csat", "schema": {"type": "number"}}
    )
    live = live_state()
    live.items[Kind.STRUCTURED_OUTPUT] = [
        live_item(
            Kind.STRUCTURED_OUTPUT,
            "so1",
            name="csat",
            schema={"type": "number"},
            assistantIds=["a1"],  # the other side of the edge, set by the assistant
        )
    ]
    assert build_plan(manifest(desired), live).actions == ()


def test_target_pulls_in_what_a_new_kind_references_and_ignore_spares_it_from_prune() -> None:
    from vapictl.engine.plan import PlanOptions

    scenario = resource(
        Kind.SCENARIO, "refund", {"name": "refund", "instructions": "x", "evaluations": []}
    )
    sim = resource(
        Kind.SIMULATION, "sim", {"name": "sim", "scenario": "refund", "personalityId": BUILT_IN}
    )
    evaluation = resource(Kind.EVAL, "greets", {"name": "greets", "type": "t", "messages": []})
    targeted = build_plan(
        manifest(scenario, sim, evaluation),
        live_state(),
        PlanOptions(targets=("simulation/sim",)),
    )
    assert [a.address for a in targeted.actions] == ["scenario/refund", "simulation/sim"]

    stray = [live_item(Kind.EVAL, "e1", name="legacy-eval"), live_item(Kind.EVAL, "e2", name="old")]
    live = live_state()
    live.items[Kind.EVAL] = stray
    ignoring = Settings(prune=True, ignore=("eval/legacy-*",))
    plan = build_plan(manifest(scenario, settings=ignoring), live)
    deletes = [(a.action, a.address) for a in plan.actions if a.action is ActionType.DELETE]
    assert deletes == [(ActionType.DELETE, "eval/old")]


def test_a_personality_s_assistant_references_credentials_and_tools_by_key() -> None:
    hook = resource(
        Kind.CREDENTIAL,
        "hook",
        {"provider": "webhook", "authenticationPlan": {"type": "bearer", "token": "t-0001"}},
        secrets=("authenticationPlan.token",),
    )
    lookup = resource(Kind.TOOL, "lookup", {"type": "function", "function": {"name": "lookup"}})
    caller = resource(
        Kind.PERSONALITY,
        "hurried",
        {
            "name": "hurried",
            "assistant": {
                "model": {"provider": "openai", "model": "gpt-4o", "tools": ["lookup"]},
                "credentials": ["openai"],
                "server": {"url": "https://caller.example.com", "credential": "hook"},
            },
        },
    )
    lookup_live = live_item(Kind.TOOL, "tool-1", type="function", function={"name": "lookup"})
    plan = build_plan(manifest(_openai(), hook, lookup, caller), live_state(tools=[lookup_live]))

    (create,) = [a for a in plan.actions if a.address == "personality/hurried"]
    assistant = create.body["assistant"]
    # Placeholders for the ids, filled in at apply time (the tool's is known already).
    assert assistant["model"]["toolIds"] == [Ref(Kind.TOOL, "lookup")]
    assert plan.known_ids["tool/lookup"] == "tool-1" and "tools" not in assistant["model"]
    assert assistant["credentialIds"] == [Ref(Kind.CREDENTIAL, "openai")]
    assert "credentials" not in assistant
    assert assistant["server"]["credentialId"] == Ref(Kind.CREDENTIAL, "hook")
    assert "credential" not in assistant["server"]


def test_a_personality_naming_an_unknown_credential_is_an_error_before_any_call() -> None:
    caller = resource(
        Kind.PERSONALITY,
        "hurried",
        {
            "name": "hurried",
            "assistant": {"server": {"url": "https://x.example", "credential": "nope"}},
        },
    )
    with pytest.raises(ManifestError, match="nope"):
        build_plan(manifest(caller), live_state())
