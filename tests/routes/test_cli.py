"""`vapictl routes` end to end: the real CLI, the emulator over HTTP, the examples."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from vapictl.cli import app
from vapictl.cli.common import LOCAL_API_KEY, LOCAL_DB_PATH
from vapictl.emulator.embedded import local_transport
from vapictl.emulator.server import EmulatorServer

from .conftest import FIXTURES, SECRETS, SEED, SEED_ROUTES, SEED_WARNINGS, route_table, seed_live
from .seeding import seed

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
API_KEY = "routes-test-key"
VARS = [arg for name, value in SECRETS.items() for arg in ("--var", f"{name}={value}")]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """One emulator for the module, holding the seed-shaped org."""
    db = tmp_path_factory.mktemp("routes-emulator") / "emulator.sqlite3"
    with EmulatorServer(db, API_KEY) as server:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as api:
            seed(api, seed_live())
        yield server


def run(args: list[str], server: EmulatorServer | None = None) -> tuple[int, str, str]:
    env = {"NO_COLOR": "1", "VAPI_API_KEY": "", "VAPI_BASE_URL": ""}
    if server is not None:
        env.update(VAPI_API_KEY=server.api_key, VAPI_BASE_URL=server.url)
    result = CliRunner().invoke(app, ["routes", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_live_routes_of_the_seeded_org_over_http(seeded: EmulatorServer) -> None:
    code, out, _ = run(["--live", "--output", "json"], seeded)
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"routes", "warnings"}
    assert route_table(report["routes"]) == SEED_ROUTES
    assert {(w["resource"], w["code"]) for w in report["warnings"]} == SEED_WARNINGS
    for route in report["routes"]:
        assert set(route) == {"phoneNumber", "assistant", "tool", "event", "url", "level"}
    for warning in report["warnings"]:
        assert set(warning) == {"resource", "code", "message"}


def test_diff_of_an_unchanged_org_shows_no_moves(seeded: EmulatorServer) -> None:
    code, out, _ = run(["-f", str(SEED), *VARS, "--diff"], seeded)
    assert code == 0, out
    assert out.startswith(f"No route changes ({len(SEED_ROUTES)} routes unchanged).")


def test_diff_shows_events_moving_to_other_urls(seeded: EmulatorServer) -> None:
    args = ["-f", str(SEED), "-f", str(FIXTURES / "change"), *VARS, "--diff", "-o", "json"]
    code, out, _ = run(args, seeded)
    assert code == 0, out
    changes = {
        (c["phoneNumber"], c["assistant"], c["tool"], c["event"]): (
            c["change"],
            c["before"],
            c["after"],
        )
        for c in json.loads(out)["changes"]
    }
    org = {"url": "https://org.example.com/vapi", "level": "org"}
    sales = {"url": "https://sales.example.com/vapi", "level": "assistant"}
    support = {"url": "https://support.example.com/vapi", "level": "assistant"}
    assert changes == {
        ("sales-line", "sales", None, "server-messages"): ("moved", org, sales),
        ("sales-line", "sales", "notify", "tool-calls"): ("moved", org, sales),
        ("routed-nofallback", "support", None, "server-messages"): ("added", None, support),
        ("routed-nofallback", "support", "lookup", "tool-calls"): (
            "added",
            None,
            {"url": "https://tools.example.com/lookup", "level": "tool"},
        ),
        ("routed-nofallback", "support", "notify", "tool-calls"): ("added", None, support),
        ("routed-nofallback", None, None, "assistant-request"): ("removed", org, None),
    }
    code, text, _ = run(args[:-2], seeded)
    assert "~ number sales-line -> assistant sales: server-messages: " in text
    assert (
        "https://org.example.com/vapi  [org] => https://sales.example.com/vapi  [assistant]" in text
    )


def test_manifest_routes_work_offline_without_an_api_key() -> None:
    code, out, err = run(["-f", str(SEED), *VARS, "-o", "json"])
    assert code == 0, err
    assert route_table(json.loads(out)["routes"]) == SEED_ROUTES


def test_text_output_is_a_readable_tree_with_warnings() -> None:
    code, out, _ = run(["-f", str(SEED), *VARS])
    assert code == 0
    assert "phoneNumber triage-line\n  assistant triage-a  (squad triage)\n" in out
    assert "    tool lookup: tool-calls -> https://tools.example.com/lookup  [tool]" in out
    assert "phoneNumber/routed-nofallback: hangup-risk:" in out
    for secret in SECRETS.values():
        assert secret not in out


def test_strict_exits_1_on_warnings() -> None:
    assert run(["-f", str(SEED), *VARS, "--strict"])[0] == 1


def test_mermaid_output_is_a_flowchart_with_sanitized_ids() -> None:
    code, out, _ = run(["-f", str(SEED), *VARS, "-o", "mermaid"])
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "flowchart LR"
    assert '"tool-calls (tool)"' in out


def test_examples_basic_has_routes_and_no_warnings() -> None:
    env_vars = ["ORG_WEBHOOK_SECRET", "SUPPORT_SECRET", "TOOLS_SECRET", "TWILIO_AUTH_TOKEN"]
    env_vars.append("PHONE_WEBHOOK_SECRET")
    variables = [arg for name in env_vars for arg in ("--var", f"{name}=value-{name.lower()}")]
    code, out, err = run(["-f", str(EXAMPLES / "basic"), *variables, "-o", "json"])
    assert code == 0, err
    report = json.loads(out)
    table = route_table(report["routes"])
    assert table[("after-hours", None, None, "assistant-request")] == (
        "https://router.acme.example/vapi/assistant-request",
        "phoneNumber",
    )
    assert table[("main-line", "support", "lookup-order", "tool-calls")] == (
        "https://orders.acme.example/vapi/tools",
        "tool",
    )
    assert report["warnings"] == []  # every URL has a secret; every number routes


def test_local_reads_the_org_url_when_the_manifest_has_no_org(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    transport = local_transport(LOCAL_DB_PATH, LOCAL_API_KEY)
    headers = {"Authorization": f"Bearer {LOCAL_API_KEY}"}
    with httpx.Client(base_url="http://local", transport=transport, headers=headers) as api:
        org_id = api.get("/org").json()[0]["id"]
        api.patch(f"/org/{org_id}", json={"server": {"url": "https://org.local/vapi"}})
    manifest = tmp_path / "phones.yaml"
    manifest.write_text("phoneNumbers:\n  bare: {provider: vapi, sipUri: 'sip:b@sip.vapi.ai'}\n")

    code, out, _ = run(["-f", str(manifest), "-o", "json"])
    offline = json.loads(out)
    assert code == 0
    assert offline["routes"][0]["url"] is None
    assert ("org", "org-unknown") in {(w["resource"], w["code"]) for w in offline["warnings"]}

    code, out, _ = run(["-f", str(manifest), "--local", "-o", "json"])
    local = json.loads(out)
    assert code == 0
    assert local["routes"][0]["url"] == "https://org.local/vapi"
    assert local["routes"][0]["level"] == "org"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--live", "--diff"], "exclude each other"),
        (["--live", "-f", "x.yaml"], "--live reads the live org"),
        (["--diff", "-o", "mermaid", "-f", "x.yaml"], "not mermaid"),
        (["--live"], "No API key"),
    ],
)
def test_bad_combinations_exit_1_with_a_message(args: list[str], message: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "vapictl", "routes", *args],
        capture_output=True,
        text=True,
        env={"PATH": "", "NO_COLOR": "1"},
    )
    assert out.returncode == 1
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_live_local_reads_the_embedded_emulator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    transport = local_transport(LOCAL_DB_PATH, LOCAL_API_KEY)
    headers = {"Authorization": f"Bearer {LOCAL_API_KEY}"}
    with httpx.Client(base_url="http://local", transport=transport, headers=headers) as api:
        seed(api, seed_live())
    code, out, _ = run(["--live", "--local", "-o", "json"])
    assert code == 0
    assert route_table(json.loads(out)["routes"]) == SEED_ROUTES
    code, out, _ = run(["--live", "--local", "-o", "mermaid"])
    assert code == 0
    assert out.startswith("flowchart LR\n")
