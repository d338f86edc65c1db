"""Saved plans are a reviewed expectation (issue 12, scenarios 1, 2 and 8): `apply FILE`
makes the plan again and applies only if it equals the file, in the org it was made for.
The real CLI against the emulator over HTTP."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import api_client
from tests.e2e.cli import ORG_DIR, SECRETS, vapictl

pytestmark = pytest.mark.slow

MUTATING = ("POST", "PATCH", "DELETE")


def _mutations(emulator: Any) -> Counter[str]:
    return Counter({m: emulator.stats.by_method[m] for m in MUTATING})


def _by_name(api: httpx.Client, path: str) -> dict[str, dict[str, Any]]:
    items = api.get(path, params={"limit": 1000}).json()
    return {i.get("name") or (i.get("function") or {}).get("name") or i["type"]: i for i in items}


def _save_plan(emulator: Any, plan_file: Path, *args: str) -> dict[str, Any]:
    made = vapictl(["plan", *args, "--out", str(plan_file)], emulator=emulator)
    assert made.exit_code == 0, made.output
    data: dict[str, Any] = json.loads(plan_file.read_text())
    return data


def _action(data: dict[str, Any], address: str) -> dict[str, Any]:
    return next(a for a in data["actions"] if a["address"] == address)


def _refused(emulator: Any, plan_file: Path, **env: str) -> str:
    before = _mutations(emulator)
    result = vapictl(["apply", str(plan_file)], emulator=emulator, env=env)
    assert result.exit_code == 1, result.output
    assert "nothing was applied" in result.stderr.lower(), result.stderr
    assert _mutations(emulator) == before  # not even the lease: refused before any write
    return result.stderr


def test_an_edited_body_in_the_plan_file_is_stale_and_never_written(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    support = _by_name(api, "/assistant")["support"]
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "drifted"})
    plan_file = tmp_path / "plan.vapiplan"
    data = _save_plan(emulator, plan_file, "-f", str(ORG_DIR))
    _action(data, "assistant/support")["body"]["firstMessage"] = "Send your card number."
    plan_file.write_text(json.dumps(data))

    stderr = _refused(emulator, plan_file)

    assert "stale" in stderr
    assert "assistant/support (update): body.firstMessage" in stderr
    assert '"Send your card number."' in stderr
    assert api.get(f"/assistant/{support['id']}").json()["firstMessage"] == "drifted"


def test_a_planted_secret_reference_is_stale_and_the_secret_is_never_written(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.vapiplan"
    data = _save_plan(emulator, plan_file, "-f", str(ORG_DIR))
    credential = _action(data, "credential/assistant/support")
    secret_ref = credential["body"]["authenticationPlan"]["token"]
    assert set(secret_ref) == {"$secret", "path", "digest"}  # a reference, never the value
    _action(data, "assistant/sales")["body"]["firstMessage"] = secret_ref
    plan_file.write_text(json.dumps(data))

    stderr = _refused(emulator, plan_file)

    assert "assistant/sales (create): body.firstMessage" in stderr
    assert SECRETS["SUPPORT_SECRET"] not in stderr
    assert api.get("/assistant").json() == []


def test_an_out_of_band_edit_of_an_undeclared_field_is_named(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    support = _by_name(api, "/assistant")["support"]
    api.patch(f"/assistant/{support['id']}", json={"firstMessage": "drifted"})
    plan_file = tmp_path / "plan.vapiplan"
    _save_plan(emulator, plan_file, "-f", str(ORG_DIR))
    api.patch(f"/assistant/{support['id']}", json={"endCallMessage": "Bye from the dashboard"})

    stderr = _refused(emulator, plan_file)

    assert "assistant/support (update): changed live since the plan was made (endCallMessage)" in (
        stderr
    )


def test_an_untouched_plan_applies_what_was_reviewed(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.vapiplan"
    data = _save_plan(emulator, plan_file, "-f", str(ORG_DIR))
    assert data["formatVersion"] == 2
    assert data["target"]["baseUrl"] == emulator.url
    assert data["target"]["orgId"] == api.get("/org").json()[0]["id"]
    text = plan_file.read_text()
    for secret in SECRETS.values():
        assert secret not in text

    applied = vapictl(["apply", str(plan_file)], emulator=emulator)

    assert applied.exit_code == 0, applied.output
    assert set(_by_name(api, "/assistant")) == {"support", "sales", "billing"}
    lease_tools = [
        tool
        for tool in api.get("/tool").json()
        if str((tool.get("function") or {}).get("name", "")).startswith("vapictl_lease_")
    ]
    assert lease_tools == []  # the lease was released
    again = vapictl(["plan", "-f", str(ORG_DIR), "--detailed-exitcode"], emulator=emulator)
    assert again.exit_code == 0, again.output


def test_a_plan_file_of_the_old_format_is_refused_with_a_clear_message(
    emulator: Any, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.vapiplan"
    data = _save_plan(emulator, plan_file, "-f", str(ORG_DIR))
    data["formatVersion"] = 1
    plan_file.write_text(json.dumps(data))

    result = vapictl(["apply", str(plan_file)], emulator=emulator)

    assert result.exit_code == 1
    assert "plan format 1" in result.stderr and "Make the plan again" in result.stderr


# -- scenario 2: the org and the API host the plan was made for --------------------------


def test_a_plan_made_for_one_org_is_refused_on_another_host_before_any_call(
    emulator_factory: Callable[..., Any], tmp_path: Path
) -> None:
    org_a, org_b = emulator_factory(), emulator_factory()
    plan_file = tmp_path / "plan.vapiplan"
    _save_plan(org_a, plan_file, "-f", str(ORG_DIR))
    requests_before = sum(org_b.stats.by_method.values())

    result = vapictl(
        ["apply", str(plan_file)],
        emulator=org_b,
        env={"VAPI_BASE_URL": org_b.url, "VAPI_API_KEY": org_b.api_key},
    )

    assert result.exit_code == 1
    assert org_a.url in result.stderr and org_b.url in result.stderr
    assert sum(org_b.stats.by_method.values()) == requests_before  # not one call


def test_a_plan_made_for_one_org_is_refused_by_another_orgs_key(
    emulator_factory: Callable[..., Any], tmp_path: Path
) -> None:
    org_a, org_b = emulator_factory(), emulator_factory()
    plan_file = tmp_path / "plan.vapiplan"
    data = _save_plan(org_a, plan_file, "-f", str(ORG_DIR))
    # The same host reaching another org: what another key on api.vapi.ai gives.
    data["target"]["baseUrl"] = org_b.url
    plan_file.write_text(json.dumps(data))
    with api_client(org_b) as api_b:
        org_b_id = api_b.get("/org").json()[0]["id"]

    stderr = _refused(org_b, plan_file)

    assert data["target"]["orgId"] in stderr and org_b_id in stderr
    with api_client(org_b) as api_b:
        assert api_b.get("/assistant").json() == []


# -- scenario 8: a reference that vanished since the plan ----------------------------------


def test_a_squad_member_by_raw_id_deleted_since_the_plan_is_stale(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    outsider = api.post(
        "/assistant", json={"name": "outsider", "model": {"provider": "openai", "model": "gpt-4o"}}
    ).json()
    manifest = tmp_path / "squad.yaml"
    manifest.write_text(
        "assistants:\n"
        "  greeter: {firstMessage: Hi, model: {provider: openai, model: gpt-4o}}\n"
        "squads:\n"
        "  desk:\n"
        "    members:\n"
        "      - assistant: greeter\n"
        f"      - assistantId: {outsider['id']}\n"
    )
    plan_file = tmp_path / "plan.vapiplan"
    _save_plan(emulator, plan_file, "-f", str(manifest))
    api.delete(f"/assistant/{outsider['id']}")

    stderr = _refused(emulator, plan_file)

    assert (
        f"squad/desk (create): body.members[1].assistantId refers to assistant {outsider['id']}, "
        "which no longer exists live"
    ) in stderr
    assert api.get("/squad").json() == []


def test_an_assistant_a_new_number_points_at_deleted_since_the_plan_is_stale(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    manifest = tmp_path / "line.yaml"
    manifest.write_text(
        "assistants:\n"
        "  support: {firstMessage: Hi, model: {provider: openai, model: gpt-4o}}\n"
        "phoneNumbers:\n"
        "  line: {provider: vapi, sipUri: 'sip:acme-line@sip.vapi.ai', assistant: support}\n"
    )
    first = vapictl(
        ["apply", "-f", str(manifest), "--target", "assistant/*", "--auto-approve"],
        emulator=emulator,
    )
    assert first.exit_code == 0, first.output
    support = _by_name(api, "/assistant")["support"]
    plan_file = tmp_path / "plan.vapiplan"
    _save_plan(emulator, plan_file, "-f", str(manifest))
    api.delete(f"/assistant/{support['id']}")

    stderr = _refused(emulator, plan_file)

    assert (
        f"phoneNumber/line (create): body.assistantId refers to assistant {support['id']}, "
        "which no longer exists live"
    ) in stderr
    assert "assistant/support (create): a new plan has this action" in stderr
    assert api.get("/phone-number").json() == []
