"""API bodies computed once per entry and shared by the spec check, the plan and the
routing lints (issue 17): each sees what a fresh `desired_resources` gives, and none
changes what the others read."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.comparable import comparable
from vapictl.engine.desired import desired_resources, shared_desired
from vapictl.engine.plan import build_plan
from vapictl.engine.refs import Ref, SecretRef, refs_in, substitute
from vapictl.manifest.load import load_manifests
from vapictl.model import Kind
from vapictl.routes import lint_manifest

ASSISTANT_YAML = """\
tools:
  lookup:
    type: function
    function: {name: lookup}
assistants:
  support:
    model: {provider: openai, model: gpt-4o, tools: [lookup]}
    server: {url: "https://hooks.example.com/vapi", secret: "${HOOK_SECRET}"}
"""


def _payloads(desired: list[Any]) -> list[tuple[str, Any]]:
    return [(d.address, d.payload) for d in desired]


def test_the_bodies_are_computed_once_and_equal_fresh_ones() -> None:
    tool = resource(Kind.TOOL, "t", {"type": "function", "function": {"name": "t"}})
    assistant = resource(
        Kind.ASSISTANT, "a", {"name": "a", "model": {"provider": "openai", "tools": ["t"]}}
    )
    loaded = manifest(tool, assistant)
    first, second = shared_desired(loaded), shared_desired(loaded)
    assert [d.payload for d in first] == [d.payload for d in second]
    assert all(a.payload is b.payload for a, b in zip(first, second, strict=True))
    assert _payloads(first) == _payloads(list(desired_resources(loaded)))


def test_a_replaced_entry_gets_its_own_bodies() -> None:
    tool = resource(Kind.TOOL, "t", {"type": "function", "function": {"name": "t"}})
    (before,) = shared_desired(manifest(tool))
    renamed = dataclasses.replace(tool, body={"type": "function", "function": {"name": "u"}})
    (after,) = shared_desired(manifest(renamed))
    assert before.payload["function"]["name"] == "t" and after.payload["function"]["name"] == "u"
    assert shared_desired(manifest(tool))[0].payload is before.payload  # the old one kept


def test_load_plan_and_routes_leave_the_shared_bodies_as_built(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(ASSISTANT_YAML, encoding="utf-8")
    loaded = load_manifests([tmp_path], environ={"HOOK_SECRET": "s3cret-value-1"})
    fresh = _payloads(list(desired_resources(loaded)))
    shared = shared_desired(loaded)  # already built by the load's spec check
    # The spec check put stand-ins (a placeholder id, the secret) into copies only.
    assert _payloads(shared) == fresh
    assistant = next(d for d in shared if d.address == "assistant/support")
    assert assistant.payload["model"]["toolIds"] == [Ref(Kind.TOOL, "lookup")]
    assert assistant.payload["server"]["credentialId"] == Ref(Kind.CREDENTIAL, "assistant/support")
    build_plan(loaded, live_state())
    lint_manifest(loaded, live_state())
    assert _payloads(shared_desired(loaded)) == fresh


def test_an_adopted_credential_name_stays_in_the_plan_not_the_shared_body() -> None:
    openai = resource(
        Kind.CREDENTIAL,
        "openai",
        {"provider": "openai", "name": "openai", "apiKey": "sk-test-0001"},
        secrets=("apiKey",),
    )
    loaded = manifest(openai)
    fingerprinted = shared_desired(loaded)[0].payload["name"]
    adopted = live_item(Kind.CREDENTIAL, "c1", provider="openai", name="openai")
    assert build_plan(loaded, live_state(credentials=[adopted])).actions == ()
    assert shared_desired(loaded)[0].payload["name"] == fingerprinted != "openai"
    # And the next plan, against a live org without it, still creates it fingerprinted.
    (create,) = build_plan(loaded, live_state()).actions
    assert create.body["name"] == fingerprinted


def test_the_walks_keep_their_meaning_on_uncommon_containers() -> None:
    secret = SecretRef("assistant/a", "server.secret", "d1")
    body: dict[str, Any] = {
        "plain": "x",
        "flag": True,
        "tuple": (Ref(Kind.TOOL, "t"), 1),
        "view": MappingProxyType({"id": Ref(Kind.SQUAD, "s"), "secret": secret}),
        "items": [secret, {"secret": secret, "n": None}],
    }
    assert refs_in(body) == [Ref(Kind.TOOL, "t"), Ref(Kind.SQUAD, "s")]
    assert substitute(body, lambda ref: "X") == {
        "plain": "x",
        "flag": True,
        "tuple": ["X", 1],
        "view": {"id": "X", "secret": "X"},
        "items": ["X", {"secret": "X", "n": None}],
    }
    # Secrets are never read back: dropped from mappings; a list keeps its length.
    shown = comparable(Kind.ASSISTANT, body, {"tool/t": "t1"})
    assert shown["tuple"] == ["t1", 1]
    assert shown["view"] == {"id": "(known after apply)"}
    assert shown["items"][1] == {"n": None}
    assert len(shown["items"]) == 2


def test_a_body_shares_what_it_does_not_change_and_its_entry_stays_as_loaded() -> None:
    body: dict[str, Any] = {
        "name": "a",
        "voice": {"provider": "11labs", "voiceId": "burt"},
        "model": {"provider": "openai", "tools": ["t"], "messages": [{"role": "system"}]},
        "server": {"url": "https://h", "secret": "s3cret-value-2"},
        "members": [{"assistant": "b"}],
    }
    entry = resource(Kind.ASSISTANT, "a", body, secrets=("server.secret",))
    before = repr(body)
    credential, desired = shared_desired(manifest(entry))
    assert credential.kind is Kind.CREDENTIAL
    payload = desired.payload
    assert payload["voice"] is body["voice"]  # untouched: shared, not copied
    assert payload["model"]["messages"] is body["model"]["messages"]
    assert payload["model"] is not body["model"]
    assert payload["model"]["toolIds"] == [Ref(Kind.TOOL, "t")]
    assert payload["server"] == {
        "url": "https://h",
        "credentialId": Ref(Kind.CREDENTIAL, "assistant/a"),
    }
    assert repr(body) == before  # the loaded entry is never changed
    fresh = next(d for d in desired_resources(manifest(entry)) if d.kind is Kind.ASSISTANT)
    assert fresh.payload == payload and fresh.payload["voice"] is not body["voice"]


def test_an_object_where_a_reference_could_sit_but_does_not_stays_shared() -> None:
    body: dict[str, Any] = {
        "type": "function",
        "function": {"name": "t"},
        "server": {"url": "https://h"},  # `server.credential` could be here: it is not
    }
    (desired,) = shared_desired(manifest(resource(Kind.TOOL, "t", body)))
    assert desired.payload["server"] is body["server"]
    assert desired.payload == body and desired.payload is not body


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example_manifests() -> list[Any]:
    from tests.test_examples import EXAMPLE_ENV

    sets = [
        [EXAMPLES / "basic"],
        [EXAMPLES / "full"],
        [EXAMPLES / "multi-env" / "base", EXAMPLES / "multi-env" / "overlays" / "staging"],
    ]
    return [load_manifests(paths, environ=EXAMPLE_ENV) for paths in sets]


def test_the_refs_noted_while_building_are_every_ref_in_the_payload() -> None:
    """check_resolvable trusts DesiredResource.refs instead of walking each payload: a
    Ref left out would let an unresolvable reference through."""
    from collections import Counter

    checked = 0
    for loaded in _example_manifests():
        for desired in shared_desired(loaded):
            assert desired.refs is not None
            walked = Counter(ref.address for ref in refs_in(desired.payload))
            assert Counter(ref.address for ref in desired.refs) == walked, desired.address
            checked += len(desired.refs)
    assert checked > 20  # tools, squads' members, knowledge bases, credentials...


def test_a_missing_built_in_is_reported_whether_or_not_refs_were_noted() -> None:
    import pytest

    from vapictl.engine.builtins import check_resolvable
    from vapictl.errors import ManifestError

    assistant = resource(
        Kind.ASSISTANT, "a", {"name": "a", "model": {"provider": "openai", "tools": ["gone"]}}
    )
    (noted,) = shared_desired(manifest(assistant))
    assert noted.refs == (Ref(Kind.TOOL, "gone"),)
    messages = []
    for desired in (noted, dataclasses.replace(noted, refs=None)):
        with pytest.raises(ManifestError) as caught:
            check_resolvable([desired], {})
        messages.append([d.message for d in caught.value.diagnostics])
    assert messages[0] == messages[1] and "no tool 'gone'" in messages[0][0]
    check_resolvable([noted], {"tool/gone": "built-in-id"})  # a built-in of the org: fine
