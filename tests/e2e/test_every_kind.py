"""Issue 13's done-when test: one manifest using every kind (examples/full), with the
CLI run as a subprocess against `vapictl emulator serve`.

It validates, plans, applies, re-plans with no changes, exports and re-plans the
export with no changes; drift names a dashboard edit to each kind; --prune leaves
Vapi's built-in personalities alone; a rotated provider key is a new credential
(referrers repointed, the old one deleted); no secret appears in any output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from vapictl.model import SPECS, Kind

pytestmark = pytest.mark.slow  # a served emulator and a dozen CLI subprocesses

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "examples" / "full"
KEY = "every-kind-key"
SECRETS = {
    "OPENAI_API_KEY": "sk-every-kind-openai-0001",
    "CRM_TOKEN": "every-kind-crm-token-0001",
    "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/everykindsecret01",
}
# What `export` asks for, mapped to the same values.
EXPORTED = {
    "OPENAI_PROD_API_KEY": SECRETS["OPENAI_API_KEY"],
    "CRM_WEBHOOK_AUTHENTICATION_PLAN_TOKEN": SECRETS["CRM_TOKEN"],
    "NIGHTLY_SLACK_WEBHOOK_URL": SECRETS["SLACK_WEBHOOK_URL"],
}


class Cli:
    def __init__(self, url: str, workdir: Path) -> None:
        self.url = url
        self.workdir = workdir
        self.outputs: list[str] = []

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
        full_env = {
            **os.environ,
            "VAPI_BASE_URL": self.url,
            "VAPI_API_KEY": KEY,
            "NO_COLOR": "1",
            "GITHUB_STEP_SUMMARY": "",
            **(env if env is not None else SECRETS),
        }
        done = subprocess.run(
            [sys.executable, "-m", "vapictl", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=self.workdir,
            timeout=120,
        )
        self.outputs.append(done.stdout + done.stderr)
        return done.returncode, done.stdout + done.stderr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    command = [sys.executable, "-m", "vapictl", "emulator", "serve", "--port", "0"]
    command += ["--db", str(tmp_path / "served.sqlite3"), "--api-key", KEY]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first_line = process.stdout.readline()
    assert "http://127.0.0.1:" in first_line, first_line
    try:
        yield first_line.split()[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _plan_json(cli: Cli, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    code, output = cli("plan", *args, "--output", "json", env=env)
    assert code == 0, output
    result: dict[str, Any] = json.loads(output[output.index("{") :])
    return result


def _edit_each_kind(api: httpx.Client) -> dict[str, str]:
    """One dashboard edit per kind; returns kind -> the field path drift must name."""

    def one(path: str, name: str) -> dict[str, Any]:
        # GET /file takes no paging parameters (CONFIG-KINDS §3.8).
        body = api.get(path, params=None if path == "/file" else {"limit": "100"}).json()
        items = body["results"] if isinstance(body, dict) else body
        if path == "/tool":  # the function tool (the query tool has no name)
            return next(i for i in items if i.get("type") == "function")
        return next(i for i in items if i.get("name", "").startswith(name))

    def patch(path: str, item: dict[str, Any], body: dict[str, Any]) -> None:
        params = {"schemaOverride": "true"} if path == "/structured-output" else None
        response = api.patch(f"{path}/{item['id']}", json=body, params=params)
        assert response.status_code == 200, (path, response.text)

    edits = {
        "credential": ("/credential", "sip-trunk", {"gateways": [{"ip": "203.0.113.99"}]}),
        # Renamed: still found by the content hash vapictl recorded at upload.
        "file": ("/file", "opening-hours", {"name": "hours-edited"}),
        "knowledgeBase": ("/v2/knowledge-base", "store-faq", {"description": "edited"}),
        "tool": ("/tool", "", {}),
        "structuredOutput": ("/structured-output", "csat", {"description": "edited"}),
        "scorecard": ("/observability/scorecard", "call-quality", {"description": "edited"}),
        "assistant": ("/assistant", "support", {"firstMessage": "edited"}),
        "squad": ("/squad", "front-desk", {}),
        "phoneNumber": ("/phone-number", "main-line", {"provider": "byo-phone-number"}),
        "personality": ("/eval/simulation/personality", "hurried-hank", {}),
        "scenario": ("/eval/simulation/scenario", "refund-request", {"instructions": "edited"}),
        "simulation": ("/eval/simulation", "refund-hank", {}),
        "simulationSuite": ("/eval/simulation/suite", "nightly", {"targetAssignments": []}),
        "eval": ("/eval", "greets-the-caller", {"description": "x"}),
    }
    fields: dict[str, str] = {}
    for kind, (path, name, body) in edits.items():
        item = one(path, name)
        if kind == "tool":
            body = {"function": {**item["function"], "description": "edited"}}
        elif kind == "squad":
            body = {"members": item["members"], "membersOverrides": {"maxDurationSeconds": 900}}
        elif kind == "phoneNumber":
            body = {**body, "numberE164CheckEnabled": False}
        elif kind == "personality":
            model = {**item["assistant"]["model"], "model": "gpt-4o-mini"}
            body = {"assistant": {**item["assistant"], "model": model}}
        elif kind == "simulation":
            body = {"personalityId": "a0000000-0000-4000-8000-000000000001"}
        elif kind == "eval":
            messages = [{"role": "user", "content": "Edited?"}, *item["messages"][1:]]
            body = {"messages": messages}
        patch(path, item, body)
        fields[kind] = next(iter(body)) if kind not in ("tool",) else "function.description"
    fields["squad"] = "membersOverrides.maxDurationSeconds"
    fields["phoneNumber"] = "numberE164CheckEnabled"
    fields["personality"] = "assistant"
    fields["org"] = "name"
    org = api.get("/org").json()[0]
    assert api.patch(f"/org/{org['id']}", json={"name": "edited"}).status_code == 200
    return fields


def test_a_manifest_of_every_kind_round_trips(served: str, tmp_path: Path) -> None:
    cli = Cli(served, tmp_path)
    code, output = cli("validate", "-f", str(FULL))
    assert code == 0 and output.startswith("Valid: "), output

    created = _plan_json(cli, "-f", str(FULL))
    kinds = {a["kind"] for a in created["actions"] if a["action"] == "create"}
    assert kinds == {k.value for k in SPECS if k is not Kind.ORG}  # every kind, all new
    orgwide = [a for a in created["actions"] if a["kind"] == "credential"]
    assert all("org-wide" in (a["reason"] or "") for a in orgwide)

    code, output = cli("apply", "-f", str(FULL), "--auto-approve")
    assert code == 0, output
    code, output = cli("plan", "-f", str(FULL), "--detailed-exitcode")
    assert code == 0 and "No changes" in output, output

    code, output = cli("export", "-d", str(tmp_path / "exported"))
    assert code == 0, output
    for name in EXPORTED:
        assert name in output
    code, output = cli(
        "plan", "-f", str(tmp_path / "exported"), "--detailed-exitcode", env=EXPORTED
    )
    assert code == 0 and "No changes" in output, output

    # Prune: nothing undeclared, and Vapi's built-in personalities are never deleted.
    pruned = _plan_json(cli, "-f", str(FULL), "--prune")
    assert pruned["actions"] == []

    # A rotated provider key: a new credential, referrers repointed, the old one last.
    rotated_env = {**SECRETS, "OPENAI_API_KEY": "sk-every-kind-openai-0002"}
    rotation = _plan_json(cli, "-f", str(FULL), env=rotated_env)
    steps = [(a["action"], a["kind"]) for a in rotation["actions"]]
    assert steps == [
        ("create", "credential"),
        ("update", "assistant"),
        ("update", "personality"),  # its assistant's `credentials: [openai-prod]`
        ("delete", "credential"),
    ]
    code, output = cli("apply", "-f", str(FULL), "--auto-approve", env=rotated_env)
    assert code == 0, output
    code, output = cli("plan", "-f", str(FULL), "--detailed-exitcode", env=rotated_env)
    assert code == 0, output

    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=served, headers=headers, timeout=10) as api:
        fields = _edit_each_kind(api)
    code, output = cli("drift", "-f", str(FULL), "--output", "json", env=rotated_env)
    assert code == 2, output
    drift = json.loads(output[output.index("{") :])
    named = {r["kind"]: [f["path"] for f in r["fields"]] for r in drift["resources"]}
    for kind, path in fields.items():
        assert kind in named, (kind, named)
        assert any(p.startswith(path) for p in named[kind]), (kind, path, named[kind])

    everything = "\n".join(cli.outputs)
    for secret in (*SECRETS.values(), rotated_env["OPENAI_API_KEY"]):
        assert secret not in everything
        for written in (tmp_path / "exported").rglob("*"):
            if written.is_file():
                assert secret not in written.read_text()
