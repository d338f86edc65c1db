"""`vapictl drift` end to end: the real CLI against the emulator over HTTP."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import ORG_DIR, SECRETS, vapictl
from tests.gitops.webhook import WebhookReceiver, closed_port_url

MUTATING = ("POST", "PATCH", "PUT", "DELETE")


def _apply(emulator: Any) -> None:
    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert result.exit_code == 0, result.output


def _find(api: httpx.Client, path: str, name: str) -> dict[str, Any]:
    items = api.get(path, params={"limit": 1000}).json()
    return next(
        i for i in items if (i.get("name") or (i.get("function") or {}).get("name")) == name
    )


def _mutations(emulator: Any) -> Counter[str]:
    return Counter({m: emulator.stats.by_method[m] for m in MUTATING})


def _drift(emulator: Any, *extra: str, env: dict[str, str] | None = None) -> Any:
    return vapictl(["drift", "-f", str(ORG_DIR), *extra], emulator=emulator, env=env)


def _edit_support_url(api: httpx.Client, url: str) -> dict[str, Any]:
    support = _find(api, "/assistant", "support")
    # PATCH is shallow (API-REFERENCE §5): send the whole server object, only the url changed.
    server = {**support["server"], "url": url}
    api.patch(f"/assistant/{support['id']}", json={"server": server}).raise_for_status()
    return support


def test_no_drift_exits_0_and_makes_no_mutating_call(emulator: Any) -> None:
    _apply(emulator)
    before = _mutations(emulator)

    result = _drift(emulator)

    assert result.exit_code == 0, result.output
    assert "No drift" in result.stdout
    assert _mutations(emulator) == before


def test_out_of_band_edit_is_drift_naming_resource_and_field(
    emulator: Any, api: httpx.Client
) -> None:
    _apply(emulator)
    _edit_support_url(api, "https://evil.example.com/hook")
    before = _mutations(emulator)

    result = _drift(emulator)

    assert result.exit_code == 2, result.output
    assert (
        'assistant/support: server.url: live has "https://evil.example.com/hook", '
        'manifests say "https://support.example.com/vapi"'
    ) in result.stdout
    assert "Drift: 1 resource differs (1 changed, 0 missing, 0 unmanaged)." in result.stdout
    assert _mutations(emulator) == before  # read-only, even when drift is found


def test_json_report_is_field_level_and_masks_secrets(emulator: Any, api: httpx.Client) -> None:
    _apply(emulator)
    support = _edit_support_url(api, "https://evil.example.com/hook")
    rotated = "support-secret-value-0002"

    result = _drift(emulator, "--output", "json", env={"SUPPORT_SECRET": rotated})

    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert report["formatVersion"] == 1 and report["drift"] is True
    assert report["checkedAt"].endswith("Z")
    assert report["summary"] == {"changed": 1, "missing": 0, "unmanaged": 0}
    (resource,) = report["resources"]
    assert {k: resource[k] for k in ("kind", "name", "id", "status")} == {
        "kind": "assistant",
        "name": "support",
        "id": support["id"],
        "status": "changed",
    }
    assert resource["fields"] == [
        {
            "path": "server.url",
            "live": "https://evil.example.com/hook",
            "declared": "https://support.example.com/vapi",
        },
        {"path": "server.secret", "live": "(sensitive)", "declared": "(sensitive)"},
    ]
    for secret in (rotated, *SECRETS.values(), emulator.api_key):
        assert secret not in result.output


def test_deleted_resource_is_missing_and_undeclared_is_unmanaged_only_with_prune(
    emulator: Any, api: httpx.Client
) -> None:
    _apply(emulator)
    tool = _find(api, "/tool", "book_appointment")
    api.delete(f"/tool/{tool['id']}").raise_for_status()
    stray = api.post("/assistant", json={"name": "hand-made"}).json()

    plain = json.loads(_drift(emulator, "-o", "json").stdout)
    pruned = _drift(emulator, "-o", "json", "--prune")

    statuses = {(r["kind"], r["name"]): r["status"] for r in plain["resources"]}
    assert statuses[("tool", "book-appointment")] == "missing"
    assert ("assistant", "hand-made") not in statuses
    assert pruned.exit_code == 2
    unmanaged = [r for r in json.loads(pruned.stdout)["resources"] if r["status"] == "unmanaged"]
    assert [(r["kind"], r["name"], r["id"]) for r in unmanaged] == [
        ("assistant", "hand-made", stray["id"])
    ]


def test_markdown_output_is_a_table_and_goes_to_the_github_job_summary(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    _apply(emulator)
    _edit_support_url(api, "https://evil.example.com/hook")
    summary = tmp_path / "step-summary.md"

    result = _drift(emulator, "--output", "markdown", env={"GITHUB_STEP_SUMMARY": str(summary)})

    assert result.exit_code == 2
    assert result.stdout.startswith("### vapictl drift")
    assert (
        '| `assistant/support` | changed | `server.url` | `"https://evil.example.com/hook"` |'
        in result.stdout
    )
    assert summary.read_text() == result.stdout  # also with --output text or json


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["-f", "does-not-exist.yaml"], {}, "does-not-exist.yaml"),
        (["-f", str(ORG_DIR)], {"VAPI_API_KEY": "wrong-key"}, "Error"),
        (["-f", str(ORG_DIR)], {"VAPI_BASE_URL": closed_port_url()}, "Error"),
        (["-f", str(ORG_DIR), "--output", "yaml"], {}, "yaml"),
    ],
    ids=["bad-manifest-path", "auth", "unreachable", "usage"],
)
def test_errors_exit_1_never_2(
    emulator: Any, args: list[str], env: dict[str, str], message: str
) -> None:
    result = vapictl(["drift", *args], emulator=emulator, env=env)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_notify_posts_summary_only_on_drift_without_secrets(
    emulator: Any, api: httpx.Client
) -> None:
    _apply(emulator)
    with WebhookReceiver() as hook:
        clean = _drift(emulator, "--notify", hook.url)
        assert clean.exit_code == 0 and hook.bodies == []

        _edit_support_url(api, "https://evil.example.com/hook")
        drifted = _drift(emulator, "--notify", hook.url)

    assert drifted.exit_code == 2
    (body,) = hook.bodies
    org_name = api.get("/org").json()[0].get("name")
    assert body["text"] == (
        f"vapictl drift: 1 resource drifted in {org_name}: assistant/support (server.url)"
        if org_name
        else "vapictl drift: 1 resource drifted: assistant/support (server.url)"
    )
    assert body["drift"]["changed"] == 1 and body["drift"]["missing"] == 0
    sent = json.dumps(body)
    for secret in (*SECRETS.values(), emulator.api_key):
        assert secret not in sent


def test_notify_retries_then_warns_without_changing_the_exit_code(
    emulator: Any, api: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vapictl.drift.notify.NOTIFY_BACKOFF_SECONDS", 0.01)
    _apply(emulator)
    _edit_support_url(api, "https://evil.example.com/hook")

    down = _drift(emulator, "--notify", closed_port_url())
    with WebhookReceiver(statuses=[503, 502, 200]) as flaky:
        recovered = _drift(emulator, "--notify", flaky.url)

    assert down.exit_code == 2, down.output
    assert "Warning: could not send the drift notification after 3 attempts" in down.stderr
    assert "assistant/support: server.url" in down.stdout
    assert recovered.exit_code == 2 and len(flaky.bodies) == 3
    assert "Warning" not in recovered.stderr
    assert "token-in-url" not in recovered.output + down.output  # webhook URLs hold tokens
