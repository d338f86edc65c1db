"""`vapictl probe` end to end: local webhook servers that answer correctly, too
slowly, with the wrong shape, with a 500, and without checking the secret."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vapictl.cli import app
from vapictl.probe.messages import PROBE_HEADER, PROBE_ID_PREFIX

from .webhooks import Webhooks

TOOLS_SECRET = "tools-secret-value-0042"
SUPPORT_SECRET = "support-secret-value-0042"
OPEN_SECRET = "open-secret-value-0042"
SECRETS = {
    "TOOLS_SECRET": TOOLS_SECRET,
    "SUPPORT_SECRET": SUPPORT_SECRET,
    "OPEN_SECRET": OPEN_SECRET,
}


def _function(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "parameters": {
            "type": "object",
            "properties": {
                "orderId": {"type": "string"},
                "count": {"type": "integer", "minimum": 2},
                "rush": {"type": "boolean"},
                "size": {"type": "string", "enum": ["small", "large"]},
            },
            "required": ["orderId"],
        },
    }


def manifest(hooks: Webhooks) -> dict[str, Any]:
    def tool(name: str, path: str, **server: Any) -> dict[str, Any]:
        return {
            "type": "function",
            "function": _function(name),
            "server": {"url": hooks.url(path), **server},
        }

    return {
        "tools": {
            "good-tool": tool("good_tool", "/tools/good", secret="${TOOLS_SECRET}"),
            "slow-tool": tool("slow_tool", "/tools/slow", timeoutSeconds=1),
            "shape-tool": tool("shape_tool", "/tools/shape"),
            "broken-tool": tool("broken_tool", "/tools/500"),
        },
        "assistants": {
            "support": {
                "model": {
                    "provider": "openai",
                    "model": "gpt-4o",
                    "tools": ["good-tool", "slow-tool", "shape-tool", "broken-tool"],
                },
                "serverMessages": ["status-update", "end-of-call-report", "tool-calls"],
                "server": {"url": hooks.url("/events/checked"), "secret": "${SUPPORT_SECRET}"},
            },
            "open": {
                "serverMessages": ["status-update"],
                "server": {"url": hooks.url("/events/open"), "secret": "${OPEN_SECRET}"},
            },
        },
        "phoneNumbers": {
            "dynamic-line": {
                "provider": "vapi",
                "sipUri": "sip:dynamic@sip.vapi.ai",
                "server": {"url": hooks.url("/ar/wrong")},
            },
            "good-line": {
                "provider": "vapi",
                "sipUri": "sip:good@sip.vapi.ai",
                "server": {"url": hooks.url("/ar/good")},
                "fallbackDestination": {"type": "number", "number": "+14155550000"},
            },
        },
    }


@pytest.fixture
def hooks() -> Iterator[Webhooks]:
    with Webhooks(secrets={"/events/checked": SUPPORT_SECRET, "/tools/good": TOOLS_SECRET}) as h:
        yield h


def write_manifest(tmp_path: Path, hooks: Webhooks) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(json.dumps(manifest(hooks), indent=2))
    return path


def run(args: list[str]) -> tuple[int, str]:
    env = {**SECRETS, "NO_COLOR": "1", "VAPI_API_KEY": "", "GITHUB_STEP_SUMMARY": ""}
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def probes_by(document: dict[str, Any], path: str, event: str) -> list[dict[str, Any]]:
    for url in document["urls"]:
        if url["url"].endswith(path):
            return [p for p in url["probes"] if p["event"] == event]
    raise AssertionError(f"no URL ending in {path}: {[u['url'] for u in document['urls']]}")


@pytest.mark.slow
def test_probe_judges_each_webhook(tmp_path: Path, hooks: Webhooks) -> None:
    code, out = run(["probe", "-f", str(write_manifest(tmp_path, hooks)), "-o", "json"])
    assert code == 1, out
    document = json.loads(out)
    assert document["formatVersion"] == 1
    assert document["source"] == "manifests"

    good = probes_by(document, "/tools/good", "tool-calls")
    assert [(p["verdict"], p["status"], p["problems"]) for p in good] == [("pass", 200, [])]
    assert good[0]["standsFor"] == {
        "phoneNumbers": [],
        "assistants": ["support"],
        "tools": ["good-tool"],
    }

    slow = probes_by(document, "/tools/slow", "tool-calls")[0]
    assert slow["verdict"] == "fail"
    assert any("over the 1s limit" in p or "no answer within 1s" in p for p in slow["problems"])

    shape = probes_by(document, "/tools/shape", "tool-calls")[0]
    assert shape["verdict"] == "fail"
    assert any('no "results" list' in p for p in shape["problems"])

    broken = probes_by(document, "/tools/500", "tool-calls")[0]
    assert broken["verdict"] == "fail" and broken["status"] == 500

    wrong_ar = probes_by(document, "/ar/wrong", "assistant-request")[0]
    assert wrong_ar["verdict"] == "fail"
    assert "inbound calls to dynamic-line would hang up" in wrong_ar["problems"]
    good_ar = probes_by(document, "/ar/good", "assistant-request")[0]
    assert good_ar["problems"] == []

    events = {p["event"]: p for p in probes_by(document, "/events/checked", "status-update")}
    assert events["status-update"]["status"] == 200
    assert probes_by(document, "/events/checked", "end-of-call-report")[0]["status"] == 200

    by_url = {
        u["url"].rsplit("/", 2)[-2] + "/" + u["url"].rsplit("/", 1)[-1]: u for u in document["urls"]
    }
    assert by_url["events/checked"]["unsignedStatus"] == 401
    assert not any("unsigned" in w for w in by_url["events/checked"]["warnings"])
    assert any("plain http://" in w for w in by_url["events/checked"]["warnings"])
    assert by_url["events/open"]["unsignedStatus"] == 200
    assert any("accepts unsigned requests" in w for w in by_url["events/open"]["warnings"])
    assert document["summary"]["failed"] == 4


@pytest.mark.slow
def test_probe_sends_what_vapi_sends(tmp_path: Path, hooks: Webhooks) -> None:
    run(["probe", "-f", str(write_manifest(tmp_path, hooks))])
    signed = [h for h, _ in hooks.received("/events/checked") if h.get("x-vapi-secret")]
    assert signed and all(h["x-vapi-secret"] == SUPPORT_SECRET for h in signed)
    (headers, body), *_ = hooks.received("/tools/good")
    assert headers[PROBE_HEADER.lower()] == "1"
    message = body["message"]
    assert message["type"] == "tool-calls"
    assert message["call"]["id"].startswith(PROBE_ID_PREFIX)
    call = message["toolCallList"][0]
    assert call["name"] == "good_tool"
    assert call["arguments"] == {"orderId": "example", "count": 2, "rush": True, "size": "small"}
    assert message["toolWithToolCallList"][0]["toolCall"]["id"] == call["id"]
    (_, ar_body), *_ = hooks.received("/ar/wrong")
    assert ar_body["message"]["type"] == "assistant-request"
    assert ar_body["message"]["phoneNumber"]["sipUri"] == "sip:dynamic@sip.vapi.ai"


@pytest.mark.slow
def test_probe_text_groups_by_url_and_hides_secrets(tmp_path: Path, hooks: Webhooks) -> None:
    code, out = run(["probe", "-f", str(write_manifest(tmp_path, hooks))])
    assert code == 1
    assert "FAIL " + hooks.url("/tools/500") in out
    assert "inbound calls to dynamic-line would hang up" in out
    assert "accepts unsigned requests" in out
    for secret in SECRETS.values():
        assert secret not in out


@pytest.mark.slow
def test_target_limits_and_passing_probe_exits_zero(tmp_path: Path, hooks: Webhooks) -> None:
    path = str(write_manifest(tmp_path, hooks))
    code, out = run(["probe", "-f", path, "--target", "phoneNumber/good-line"])
    assert code == 0, out
    assert "/ar/good" in out and "/tools/" not in out
    code, out = run(["probe", "-f", path, "--target", "phoneNumber/good-line", "--strict"])
    assert code == 1  # the http:// warning fails under --strict
    code, out = run(["probe", "-f", path, "--target", "asistant/*"])
    assert code == 1 and "matches no route" in out


def test_dry_run_sends_nothing(tmp_path: Path, hooks: Webhooks) -> None:
    code, out = run(
        ["probe", "-f", str(write_manifest(tmp_path, hooks)), "--dry-run", "-o", "json"]
    )
    assert code == 0, out
    assert hooks.requests == []
    document = json.loads(out)
    assert document["dryRun"] is True
    headers = [p["headers"] for u in document["urls"] for p in u["probes"]]
    assert {"X-Vapi-Secret": "(sensitive)"} in [
        {k: v} for h in headers for k, v in h.items() if k == "X-Vapi-Secret"
    ]
    assert TOOLS_SECRET not in out and SUPPORT_SECRET not in out


def test_query_string_secrets_are_masked(tmp_path: Path, hooks: Webhooks) -> None:
    data = manifest(hooks)
    data["tools"] = {"good-tool": data["tools"]["good-tool"]}
    data["tools"]["good-tool"]["server"]["url"] = hooks.url("/tools/good") + "?token=abc123secret"
    data["assistants"]["support"]["model"]["tools"] = ["good-tool"]
    path = tmp_path / "org.yaml"
    path.write_text(json.dumps(data))
    code, out = run(["probe", "-f", str(path), "--dry-run"])
    assert code == 0, out
    assert "abc123secret" not in out and "token=%28sensitive%29" in out


@pytest.mark.slow
def test_probe_as_a_process_exit_codes(tmp_path: Path, hooks: Webhooks) -> None:
    path = str(write_manifest(tmp_path, hooks))
    env = {**SECRETS, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    failing = subprocess.run(
        [sys.executable, "-m", "vapictl", "probe", "-f", path, "--target", "tool/broken-tool"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert failing.returncode == 1, failing.stderr
    assert "HTTP 500" in failing.stdout
