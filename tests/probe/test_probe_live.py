"""`vapictl probe` with live state from the emulator: ids in assistant-request
replies are checked against the live org, and `--live` probes the live routing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from vapictl.cli import app

from .webhooks import Webhooks


def run(args: list[str], emulator: Any) -> tuple[int, str]:
    env = {"NO_COLOR": "1", "VAPI_BASE_URL": emulator.url, "VAPI_API_KEY": emulator.api_key}
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


class _IdReply(Webhooks):
    """Answers assistant-request with a configurable assistantId."""

    assistant_id = "unset"

    def answer(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        if path == "/ar/id":
            return 200, {"assistantId": self.assistant_id}
        return super().answer(path, body, headers)


@pytest.fixture
def hooks() -> Iterator[_IdReply]:
    with _IdReply() as h:
        yield h


@pytest.mark.slow
def test_assistant_id_is_checked_against_the_live_org(
    tmp_path: Path, hooks: _IdReply, api: httpx.Client, emulator: Any
) -> None:
    live_assistant = api.post("/assistant", json={"name": "night-shift"}).json()
    path = tmp_path / "org.yaml"
    path.write_text(
        json.dumps(
            {
                "phoneNumbers": {
                    "dynamic": {
                        "provider": "vapi",
                        "sipUri": "sip:dyn@sip.vapi.ai",
                        "server": {"url": hooks.url("/ar/id")},
                    }
                }
            }
        )
    )
    hooks.assistant_id = live_assistant["id"]
    code, out = run(["probe", "-f", str(path), "-o", "json"], emulator)
    assert code == 0, out
    hooks.assistant_id = "00000000-0000-4000-8000-00000000dead"
    code, out = run(["probe", "-f", str(path), "-o", "json"], emulator)
    assert code == 1
    problems = json.loads(out)["urls"][0]["probes"][0]["problems"]
    assert "exists neither in the manifests nor in the live org" in problems[0]


@pytest.mark.slow
def test_live_mode_probes_the_live_routing(
    hooks: _IdReply, api: httpx.Client, emulator: Any
) -> None:
    org_id = api.get("/org").json()[0]["id"]
    patched = api.patch(f"/org/{org_id}", json={"server": {"url": hooks.url("/events/open")}})
    assert patched.status_code == 200, patched.text
    api.post("/assistant", json={"name": "live-one", "serverMessages": ["status-update"]})
    code, out = run(["probe", "--live", "-o", "json"], emulator)
    assert code == 0, out
    document = json.loads(out)
    assert document["source"] == "live"
    (url,) = document["urls"]
    assert url["url"] == hooks.url("/events/open")
    assert [p["event"] for p in url["probes"]] == ["status-update"]
    assert url["probes"][0]["standsFor"]["assistants"] == ["live-one"]
