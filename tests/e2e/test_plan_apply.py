"""plan and apply end to end: the real CLI against the emulator over HTTP."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import ORG_DIR, SECRETS, vapictl

pytestmark = pytest.mark.slow


def _list(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    response = api.get(path, params={"limit": 1000})
    response.raise_for_status()
    items: list[dict[str, Any]] = response.json()
    return items


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i.get("name") or (i.get("function") or {}).get("name") or i["type"]: i for i in items}


def _apply(emulator: Any, *extra: str) -> None:
    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve", *extra], emulator=emulator)
    assert result.exit_code == 0, result.output


def test_apply_wires_every_reference_by_id_and_converges(emulator: Any, api: httpx.Client) -> None:
    _apply(emulator)

    tools = _by_name(_list(api, "/tool"))
    assistants = _by_name(_list(api, "/assistant"))
    squads = _by_name(_list(api, "/squad"))
    numbers = _by_name(_list(api, "/phone-number"))
    credentials = _list(api, "/credential")
    org = api.get("/org").json()[0]

    assert assistants["support"]["model"]["toolIds"] == [
        tools["lookup_order"]["id"],
        tools["endCall"]["id"],
    ]
    assert assistants["sales"]["model"]["toolIds"] == [tools["book_appointment"]["id"]]
    assert numbers["main-line"]["assistantId"] == assistants["support"]["id"]
    assert numbers["sales-line"]["squadId"] == squads["front-desk"]["id"]
    members = squads["front-desk"]["members"]
    assert [m["assistantId"] for m in members] == [
        assistants["sales"]["id"],
        assistants["billing"]["id"],
    ]

    # A server URL at each of the four levels, each secret behind a managed credential.
    assert org["server"]["url"] == "https://hooks.example.com/vapi"
    assert numbers["main-line"]["server"]["url"] == "https://numbers.example.com/vapi"
    assert assistants["support"]["server"]["url"] == "https://support.example.com/vapi"
    assert tools["lookup_order"]["server"]["url"] == "https://orders.example.com/vapi/tools"
    credential_ids = {c["id"] for c in credentials}
    for owner in (org, assistants["support"], tools["lookup_order"]):
        assert owner["server"]["credentialId"] in credential_ids
    assert len(credentials) == 3
    assert all(c["authenticationPlan"]["headerName"] == "X-Vapi-Secret" for c in credentials)

    # The next plan is empty, and a second apply changes nothing.
    plan = vapictl(["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=emulator)
    assert plan.exit_code == 0, plan.output
    assert "No changes" in plan.stdout
    again = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert again.exit_code == 0 and "No changes" in again.stdout
    assert len(_list(api, "/credential")) == 3
    # The JSON report of an apply with nothing to do: the same format, nothing in it.
    report = vapictl(
        ["apply", "-f", str(ORG_DIR), "--auto-approve", "-o", "json"], emulator=emulator
    )
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout) == {
        "formatVersion": 1,
        "ok": True,
        "interrupted": None,
        "summary": {"applied": 0, "failed": 0, "in_flight": 0, "skipped": 0},
        "results": [],
    }


def test_apply_reports_every_action_as_json(emulator: Any, api: httpx.Client) -> None:
    result = vapictl(
        ["apply", "-f", str(ORG_DIR), "--auto-approve", "-o", "json"], emulator=emulator
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["interrupted"] is None
    results = report["results"]
    assert report["summary"]["applied"] == len(results) > 0
    assert {r["outcome"] for r in results} == {"applied"}
    live_ids = {
        item["id"] for path in ("/tool", "/assistant", "/squad") for item in _list(api, path)
    }
    created = {r["id"] for r in results if r["kind"] in ("tool", "assistant", "squad")}
    assert created and created <= live_ids


def test_out_of_band_edit_is_drift_with_exact_field_path(emulator: Any, api: httpx.Client) -> None:
    _apply(emulator)
    support = _by_name(_list(api, "/assistant"))["support"]
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "edited in the dashboard"})

    result = vapictl(
        ["plan", "-f", str(ORG_DIR), "--detailed-exitcode", "--output", "json"], emulator=emulator
    )
    assert result.exit_code == 2, result.output
    plan = json.loads(result.stdout)
    assert plan["formatVersion"] == 1
    assert plan["summary"] == {"create": 0, "update": 1, "replace": 0, "delete": 0}
    (action,) = plan["actions"]
    assert (action["action"], action["kind"], action["name"], action["id"]) == (
        "update",
        "assistant",
        "support",
        support["id"],
    )
    assert action["changes"] == [
        {
            "path": "firstMessage",
            "before": "edited in the dashboard",
            "after": "Hi, this is Acme support. How can I help?",
        }
    ]


def test_unmanaged_resources_are_untouched_without_prune(emulator: Any, api: httpx.Client) -> None:
    api.post("/assistant", json={"name": "hand-made"}).raise_for_status()
    _apply(emulator)
    assert "hand-made" in _by_name(_list(api, "/assistant"))

    result = vapictl(["plan", "-f", str(ORG_DIR), "--prune", "--output", "json"], emulator=emulator)
    actions = json.loads(result.stdout)["actions"]
    assert [(a["action"], a["kind"], a["name"]) for a in actions] == [
        ("delete", "assistant", "hand-made")
    ]


def test_max_deletes_refuses_before_any_call(emulator: Any, api: httpx.Client) -> None:
    for i in range(6):  # the fixture's settings.maxDeletes is 5
        api.post("/assistant", json={"name": f"stray-{i}"}).raise_for_status()
    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve", "--prune"], emulator=emulator)
    assert result.exit_code == 1
    assert "more than the limit of 5" in result.stderr
    assert _list(api, "/tool") == []  # nothing was applied
    assert len(_list(api, "/assistant")) == 6


def test_saved_plan_applies_exactly_and_a_stale_one_is_refused(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    _apply(emulator)
    support = _by_name(_list(api, "/assistant"))["support"]
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "drifted"})
    plan_file = tmp_path / "plan.vapiplan"
    made = vapictl(["plan", "-f", str(ORG_DIR), "--out", str(plan_file)], emulator=emulator)
    assert made.exit_code == 0, made.output
    text = plan_file.read_text()
    for secret in SECRETS.values():
        assert secret not in text

    # Someone edits the touched object after review: the plan is stale, nothing applied.
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "edited again"})
    stale = vapictl(["apply", str(plan_file)], emulator=emulator)
    assert stale.exit_code == 1
    assert "stale" in stale.stderr and "assistant/support" in stale.stderr
    live = api.get(f"/assistant/{support['id']}").json()
    assert live["firstMessage"] == "edited again"

    # Re-plan, apply the fresh plan exactly.
    vapictl(["plan", "-f", str(ORG_DIR), "--out", str(plan_file)], emulator=emulator)
    applied = vapictl(["apply", str(plan_file)], emulator=emulator)
    assert applied.exit_code == 0, applied.output
    live = api.get(f"/assistant/{support['id']}").json()
    assert live["firstMessage"] == "Hi, this is Acme support. How can I help?"


def test_changed_manifests_make_a_saved_plan_stale(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.vapiplan"
    vapictl(["plan", "-f", str(ORG_DIR), "--out", str(plan_file)], emulator=emulator)
    stale = vapictl(
        ["apply", str(plan_file)], emulator=emulator, env={"SUPPORT_SECRET": "a-new-secret-0002"}
    )
    assert stale.exit_code == 1 and "manifests" in stale.stderr
    assert _list(api, "/assistant") == []


def test_secret_rotation_is_planned_masked_and_applied(emulator: Any, api: httpx.Client) -> None:
    _apply(emulator)
    rotated = {"SUPPORT_SECRET": "support-secret-value-0002"}
    result = vapictl(["plan", "-f", str(ORG_DIR)], emulator=emulator, env=rotated)
    assert "server.secret: (sensitive) -> (sensitive)" in result.stdout
    assert "1 to create, 1 to update, 0 to replace, 1 to delete" in result.stdout
    assert "support-secret-value-000" not in result.output
    applied = vapictl(
        ["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator, env=rotated
    )
    assert applied.exit_code == 0, applied.output
    assert len(_list(api, "/credential")) == 3
    after = vapictl(
        ["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=emulator, env=rotated
    )
    assert after.exit_code == 0


def test_a_secret_set_to_null_clears_the_credential_and_deletes_it(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    _apply(emulator)
    support = _by_name(_list(api, "/assistant"))["support"]
    managed = support["server"]["credentialId"]
    org = tmp_path / "org"
    shutil.copytree(ORG_DIR, org)
    assistants = org / "assistants.yaml"
    text = assistants.read_text(encoding="utf-8")
    assistants.write_text(text.replace("secret: ${SUPPORT_SECRET}", "secret: null"), "utf-8")
    plan = vapictl(["plan", "-f", str(org)], emulator=emulator)
    assert plan.exit_code == 0, plan.output
    assert f'server.credentialId: "{managed}" -> null' in plan.stdout
    assert "will be DELETED: secret removed" in plan.stdout
    assert "0 to create, 1 to update, 0 to replace, 1 to delete" in plan.stdout
    applied = vapictl(["apply", "-f", str(org), "--auto-approve"], emulator=emulator)
    assert applied.exit_code == 0, applied.output
    assert _by_name(_list(api, "/assistant"))["support"]["server"].get("credentialId") is None
    assert managed not in {c["id"] for c in _list(api, "/credential")}
    again = vapictl(["plan", "-f", str(org), "--detailed-exitcode"], emulator=emulator)
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("edit", "env"),
    [
        ("secret: null", {}),  # removed
        ("secret: ${SUPPORT_SECRET}", {"SUPPORT_SECRET": "support-secret-value-0002"}),  # rotated
    ],
)
def test_a_managed_credential_another_resource_uses_is_never_deleted(
    emulator: Any, api: httpx.Client, tmp_path: Path, edit: str, env: dict[str, str]
) -> None:
    _apply(emulator)
    assistants = _by_name(_list(api, "/assistant"))
    managed = assistants["support"]["server"]["credentialId"]
    # A dashboard edit points another assistant at support's managed credential.
    server = {**(assistants["sales"].get("server") or {}), "credentialId": managed}
    server.setdefault("url", "https://sales.example.com/vapi")
    api.patch(f"/assistant/{assistants['sales']['id']}", json={"server": server}).raise_for_status()
    org = tmp_path / "org"
    shutil.copytree(ORG_DIR, org)
    manifest = org / "assistants.yaml"
    manifest.write_text(
        manifest.read_text("utf-8").replace("secret: ${SUPPORT_SECRET}", edit), "utf-8"
    )
    applied = vapictl(["apply", "-f", str(org), "--auto-approve"], emulator=emulator, env=env)
    assert applied.exit_code == 0, applied.output
    assert managed in {c["id"] for c in _list(api, "/credential")}
    assert _by_name(_list(api, "/assistant"))["sales"]["server"]["credentialId"] == managed


def test_markdown_plan_and_github_step_summary(emulator: Any, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = vapictl(
        ["plan", "-f", str(ORG_DIR), "--output", "markdown"],
        emulator=emulator,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("### vapictl plan")
    assert "| 13 | 1 | 0 | 0 |" in result.stdout  # 10 resources + 3 managed credentials
    assert "### vapictl plan" in summary.read_text()


def test_apply_without_a_terminal_or_auto_approve_refuses(emulator: Any, api: httpx.Client) -> None:
    result = vapictl(["apply", "-f", str(ORG_DIR)], emulator=emulator)
    assert result.exit_code == 1
    assert "--auto-approve" in result.stderr
    assert _list(api, "/tool") == []


def test_target_applies_only_the_target_and_what_it_needs(emulator: Any, api: httpx.Client) -> None:
    result = vapictl(
        ["apply", "-f", str(ORG_DIR), "--auto-approve", "--target", "assistant/sales"],
        emulator=emulator,
    )
    assert result.exit_code == 0, result.output
    assert list(_by_name(_list(api, "/assistant"))) == ["sales"]
    assert list(_by_name(_list(api, "/tool"))) == ["book_appointment"]


def test_no_duplicate_identities_after_apply(emulator: Any, api: httpx.Client) -> None:
    _apply(emulator)
    _apply(emulator)
    for path in ("/tool", "/assistant", "/squad", "/phone-number", "/credential"):
        names = Counter(
            i.get("name") or i.get("function", {}).get("name") for i in _list(api, path)
        )
        assert all(count == 1 for count in names.values()), (path, names)
