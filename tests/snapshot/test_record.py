"""Snapshot recording (vapictl/snapshot/record.py, store.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.engine.builders import ORG_ID, live_item, live_state
from vapictl.engine.apply import ActionResult, Outcome
from vapictl.engine.plan_model import Action, ActionType, FixedDigest, Plan
from vapictl.model import Kind
from vapictl.snapshot import list_snapshots, start_snapshot, strip_secrets


def _plan(*actions: Action) -> Plan:
    return Plan(actions=actions, digest_source=FixedDigest("d"), known_ids={})


def _action(kind: Kind, type_: ActionType, address: str, id_: str | None) -> Action:
    return Action(type_, kind=kind, name=address.split("/")[1], address=address, id=id_)


def test_secrets_are_stripped_and_named() -> None:
    item = {
        "name": "a",
        "server": {"url": "https://x", "headers": {"Authorization": "Bearer t0k3n", "X-Env": "1"}},
        "credentials": [{"apiKey": "k3y-value", "provider": "x"}],
    }
    kept, omitted = strip_secrets(item)
    assert kept == {
        "name": "a",
        "server": {"url": "https://x", "headers": {"X-Env": "1"}},
        "credentials": [{"provider": "x"}],
    }
    assert omitted == ["server.headers.Authorization", "credentials[0].apiKey"]


def test_the_snapshot_is_written_before_any_call_and_grows_with_each_create(
    tmp_path: Path,
) -> None:
    org = {"id": ORG_ID, "name": "Acme"}
    updated = live_item(Kind.ASSISTANT, "a1", name="support", firstMessage="old")
    live = live_state(org, assistants=[updated])
    create = _action(Kind.TOOL, ActionType.CREATE, "tool/new", None)
    plan = _plan(
        _action(Kind.ASSISTANT, ActionType.UPDATE, "assistant/support", "a1"),
        create,
        _action(Kind.CREDENTIAL, ActionType.DELETE, "credential/old", "c1"),
    )

    recorder = start_snapshot(plan, live, tmp_path)

    (path,) = [s.path for s in list_snapshots(tmp_path, ORG_ID)]
    written = json.loads(path.read_text())
    assert [o["id"] for o in written["objects"]] == ["a1"]
    assert written["objects"][0]["live"]["firstMessage"] == "old"
    assert written["notRestorable"][0]["id"] == "c1"  # a credential: never its content
    assert written["created"] == []

    recorder.record(ActionResult(create, Outcome.APPLIED, "t9"))  # as apply reports it

    assert json.loads(path.read_text())["created"] == [
        {"kind": "tool", "address": "tool/new", "id": "t9"}
    ]
    recorder.record(ActionResult(create, Outcome.FAILED))
    assert len(json.loads(path.read_text())["created"]) == 1


def test_snapshots_list_in_time_order_per_org(tmp_path: Path) -> None:
    for name in (
        f"20261201T100000Z-{ORG_ID}.json",
        f"20261201T100000Z.2-{ORG_ID}.json",
        f"20261130T235959Z-{ORG_ID}.json",
        "20261202T000000Z-other-org.json",
        "notes.json",
    ):
        (tmp_path / name).write_text("{}")
    listed = [s.path.name for s in list_snapshots(tmp_path, ORG_ID)]
    assert listed == [
        f"20261130T235959Z-{ORG_ID}.json",
        f"20261201T100000Z-{ORG_ID}.json",
        f"20261201T100000Z.2-{ORG_ID}.json",
    ]


def test_the_default_snapshot_directory_is_git_ignored_by_init() -> None:
    from vapictl.scaffold.manifests import GITIGNORE_LINES
    from vapictl.snapshot import DEFAULT_SNAPSHOT_DIR

    assert f"{DEFAULT_SNAPSHOT_DIR.parts[0]}/" in GITIGNORE_LINES
