"""No secret value, nor the API key, in anything vapictl prints or writes.

Every command and output mode runs with known secret values (server secrets, a
Twilio token, the API key), on success and error paths, with -v/-vv logs; stdout,
stderr, the GitHub step summary, plan files, exported files and the emulator's
access log are all searched. The secret registry is cleared before each command,
as in a fresh process, so one command's registration cannot mask another's leak.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import api_client
from tests.e2e.cli import ORG_DIR
from vapictl.cli import app
from vapictl.emulator.server import EmulatorServer
from vapictl.secrets import clear_registry

# The CLI runs untraced by coverage here (the emulator and the CLI's worker threads stay
# traced): these tests repeat every command in every output mode to search what it prints
# and writes, over paths other tests cover (measured: ~0.1% of lines are reached only
# here); traced, they cost twice the CPU.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("coverage_paused")]

API_KEY = "leak-test-api-key-5d2b8e91c4"
SECRETS = {
    "ORG_SECRET": "s3cret-org-7f3a9c1e5b",
    "TOOLS_SECRET": "s3cret-tools-2c8d4e6f0a",
    "SUPPORT_SECRET": "s3cret-support-9b1a3c5d7e",
    "TWILIO_AUTH_TOKEN": "s3cret-twilio-4e6a8c0b2d",
    "CRM_TOKEN": "s3cret-crm-header-3a5c7e9b1d",
}
ROTATED = "s3cret-support-rotated-1f3e5d7c9b"
CRM_ROTATED = "s3cret-crm-rotated-8e6c4a2f0d"
LITERAL = "literal-s3cret-value-8a7b6c5d4e"
WRONG_KEY = "wrong-api-key-3e4f5a6b7c"
ENV_FILE_SECRET = "s3cret-from-env-file-6d5c4b3a2f"
ALL_SECRETS = (
    API_KEY,
    *SECRETS.values(),
    ROTATED,
    CRM_ROTATED,
    LITERAL,
    WRONG_KEY,
    ENV_FILE_SECRET,
)


CRM_TOOL = """\
tools:
  crm-lookup:
    type: apiRequest
    method: POST
    url: https://crm.example.com/api/lookup
    headers:
      type: object
      properties:
        Authorization: {type: string, value: "Bearer ${CRM_TOKEN}"}
        X-Request-Source: {type: string, value: vapi}
"""


def _fragments(secret: str) -> tuple[str, ...]:
    # The whole value and its distinctive tail: catches a secret cut short by a renderer.
    return (secret, secret[-10:])


@dataclass
class World:
    server: EmulatorServer
    root: Path  # every file vapictl may write lives under here (scanned)
    inputs: Path  # manifests and env files the test writes (may hold secrets: not scanned)
    summary: Path  # GITHUB_STEP_SUMMARY

    def run(self, args: list[str], **env: str) -> str:
        """`vapictl ARGS` in-process; returns stdout + stderr after checking both."""
        clear_registry()  # a fresh process: nothing registered by earlier commands
        full_env = {
            **SECRETS,
            "VAPI_BASE_URL": self.server.url,
            "VAPI_API_KEY": API_KEY,
            "NO_COLOR": "1",
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "VAPICTL_SNAPSHOT_DIR": str(self.root / "snapshots"),  # scanned like the rest
            **env,
        }
        result = CliRunner().invoke(app, args, env=full_env)
        output = result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"vapictl {' '.join(args)} crashed: {result.exception!r}"
        )
        assert "Traceback" not in output, output
        assert_no_secret(output, f"output of vapictl {' '.join(args)}")
        return output

    def scan_files(self) -> None:
        for path in sorted(self.root.rglob("*")):
            if not path.is_file() or ".sqlite3" in path.name:
                continue  # the emulator's database plays the role of Vapi's servers
            text = path.read_bytes().decode("utf-8", errors="replace")
            assert_no_secret(text, str(path))


def assert_no_secret(text: str, where: str) -> None:
    for secret in ALL_SECRETS:
        for fragment in _fragments(secret):
            assert fragment not in text, f"{fragment!r} leaked into {where}:\n{text[:3000]}"


def _make_world(tmp_path: Path, **faults: Any) -> Iterator[World]:
    root = tmp_path / "files"
    root.mkdir()
    manifests = root / "manifests"
    shutil.copytree(ORG_DIR, manifests)
    # A secret outside the registry's secret fields: a header of an apiRequest tool, which
    # the API returns in clear (so plans compare it, and must still never show it).
    (manifests / "crm.yaml").write_text(CRM_TOOL, encoding="utf-8")
    with EmulatorServer(
        tmp_path / "emulator.sqlite3", API_KEY, access_log=root / "access.jsonl", **faults
    ) as server:
        world = World(server, root, tmp_path / "inputs", root / "step-summary.md")
        world.inputs.mkdir()
        yield world
        world.scan_files()
    clear_registry()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from _make_world(tmp_path)


@pytest.fixture
def applied(world: World) -> World:
    """The fixture org applied once, so that later commands see live state."""
    world.run(["apply", "-f", str(world.root / "manifests"), "--auto-approve"])
    return world


def _manifests(world: World) -> str:
    return str(world.root / "manifests")


def _write(world: World, name: str, text: str) -> str:
    path = world.inputs / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- validate ---------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_ok(world: World, output: str) -> None:
    world.run(["validate", "-f", _manifests(world), "-o", output])


@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_error_paths(world: World, output: str) -> None:
    literal = _write(
        world,
        "literal.yaml",
        f"org:\n  server: {{url: https://hooks.example.com/vapi, secret: {LITERAL}}}\n"
        "phoneNumbers:\n  main:\n    provider: twilio\n    number: '+14155551234'\n"
        f"    twilioAccountSid: AC0123\n    twilioAuthToken: {LITERAL}\n",
    )
    bad_url = _write(
        world,
        "bad-url.yaml",
        "assistants:\n  leaky:\n    server: {url: 'not a url', secret: '${SUPPORT_SECRET}'}\n"
        "    metadata: {note: '${ORG_SECRET}x'}\n"
        "phoneNumbers:\n  main:\n    provider: twilio\n    number: 'not-a-number'\n"
        "    twilioAccountSid: 12\n    twilioAuthToken: '${TWILIO_AUTH_TOKEN}'\n",
    )
    for path in (literal, bad_url):
        out = world.run(["validate", "-f", path, "-o", output])
        assert "error" in out.lower()


def test_validate_with_env_file_and_var(world: World) -> None:
    env_file = world.inputs / "secrets.env"
    env_file.write_text(f"SUPPORT_SECRET={ENV_FILE_SECRET}\n", encoding="utf-8")
    world.run(["validate", "-f", _manifests(world), "--env-file", str(env_file)])
    world.run(["validate", "-f", _manifests(world), "--var", f"ORG_SECRET={ROTATED}"])


def test_short_secret_warning(world: World) -> None:
    world.run(["validate", "-f", _manifests(world)], ORG_SECRET=SECRETS["ORG_SECRET"][:12])


# -- plan and apply ---------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
@pytest.mark.parametrize("verbosity", [[], ["-v"], ["-vv"]])
def test_plan_every_output(world: World, output: str, verbosity: list[str]) -> None:
    out_file = world.root / f"plan-{output}-{len(verbosity)}.vapiplan"
    world.run([*verbosity, "plan", "-f", _manifests(world), "-o", output, "--out", str(out_file)])
    assert out_file.exists()


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("verbosity", [["-v"], ["-vv"]])
def test_apply_then_noop(world: World, output: str, verbosity: list[str]) -> None:
    args = [*verbosity, "apply", "-f", _manifests(world), "--auto-approve", "-o", output]
    world.run(args)
    world.run(args)  # the no-op path


def test_apply_a_saved_plan(world: World) -> None:
    saved = world.root / "reviewed.vapiplan"
    world.run(["plan", "-f", _manifests(world), "--out", str(saved)])
    world.run(["-vv", "apply", str(saved)])


def test_secret_rotation(applied: World) -> None:
    manifests = _manifests(applied)
    rotated = {"SUPPORT_SECRET": ROTATED, "CRM_TOKEN": CRM_ROTATED}
    for output in ("text", "json", "markdown"):
        applied.run(["plan", "-f", manifests, "-o", output], **rotated)
    saved = applied.root / "rotation.vapiplan"
    out = applied.run(["plan", "-f", manifests, "--out", str(saved)], **rotated)
    assert "crm-lookup" in out, out  # the header's new token is an update, shown masked
    applied.run(["-vv", "apply", str(saved)], **rotated)
    assert "No changes" in applied.run(["plan", "-f", manifests], **rotated)


def test_api_error_paths(world: World) -> None:
    manifests = _manifests(world)
    # Wrong key: 401. The key itself is the secret here.
    world.run(["-vv", "plan", "-f", manifests], VAPI_API_KEY=WRONG_KEY)
    world.run(["-vv", "plan", "-f", manifests, "--api-key", WRONG_KEY])
    # Unreachable API.
    world.run(["-vv", "plan", "-f", manifests], VAPI_BASE_URL="http://127.0.0.1:9")
    # 400 from the API for a resource carrying secrets (an unknown field is passed through).
    rejected = _write(
        world,
        "rejected.yaml",
        "phoneNumbers:\n  main-line:\n    provider: twilio\n    number: '+14155550101'\n"
        "    twilioAccountSid: AC00000000000000000000000000000001\n"
        "    twilioAuthToken: ${TWILIO_AUTH_TOKEN}\n    bogusField: 1\n"
        "    server: {url: https://numbers.example.com/vapi, secret: '${ORG_SECRET}'}\n",
    )
    world.run(["-vv", "apply", "-f", rejected, "--auto-approve", "-o", "json"])
    world.run(["-v", "apply", "-f", rejected, "--auto-approve"])


def test_apply_under_faults(tmp_path: Path) -> None:
    for world in _make_world(tmp_path, fault_rate=0.35, seed=5):
        outputs = [
            world.run(["-vv", "apply", "-f", _manifests(world), "--auto-approve", "-o", output])
            for output in ("text", "json")
        ]
        # The error path was taken: 5xx answers were logged and retried or reported.
        assert any(" 50" in out for out in outputs)


# -- drift, routes, export, the rest ---------------------------------------------------


class _CaptureHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.bodies.append(self.rfile.read(length))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[bytes]]]:
    """A local receiver for `drift --notify`: (url, bodies received)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CaptureHandler)
    server.bodies = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", server.bodies  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_drift(applied: World, output: str, webhook: tuple[str, list[bytes]]) -> None:
    manifests = _manifests(applied)
    applied.run(["-vv", "drift", "-f", manifests, "-o", output])  # no drift
    # Drift: a dashboard edit next to a server secret, and a rotated secret.
    with api_client(applied.server) as api:
        support = next(a for a in api.get("/assistant").json() if a["name"] == "support")
        api.patch(f"/assistant/{support['id']}", json={"firstMessage": "Edited by hand"})
    url, bodies = webhook
    out = applied.run(
        ["-vv", "drift", "-f", manifests, "-o", output, "--notify", url], SUPPORT_SECRET=ROTATED
    )
    assert "support" in out
    assert bodies, "the drift notification was not sent"
    for body in bodies:
        assert_no_secret(body.decode("utf-8", errors="replace"), "the drift notification")


@pytest.mark.parametrize("output", ["text", "json", "mermaid"])
def test_routes(applied: World, output: str) -> None:
    manifests = _manifests(applied)
    applied.run(["routes", "-f", manifests, "-o", output])
    applied.run(["-vv", "routes", "--live", "-o", output])
    if output != "mermaid":
        applied.run(["routes", "-f", manifests, "--diff", "-o", output], SUPPORT_SECRET=ROTATED)


def test_export(applied: World) -> None:
    target = applied.root / "exported"
    applied.run(["-vv", "export", "--dir", str(target), "--vars-file", str(target / ".env")])
    applied.run(["export", "--file", str(applied.root / "one-file.yaml")])
    # `plan` on what export wrote must not need (nor reveal) the secrets either.
    applied.run(["plan", "-f", str(target)])


@pytest.mark.parametrize("output", ["text", "json"])
def test_probe(world: World, output: str, webhook: tuple[str, list[bytes]]) -> None:
    url, bodies = webhook
    manifest = world.inputs / "probe.yaml"
    manifest.write_text(
        "tools:\n"
        "  lookup:\n"
        "    type: function\n"
        "    function: {name: lookup, parameters: {type: object, properties: {id: {}}}}\n"
        f"    server: {{url: '{url}/tools', secret: '${{TOOLS_SECRET}}'}}\n"
        "assistants:\n"
        "  support:\n"
        "    model: {provider: openai, model: gpt-4o, tools: [lookup]}\n"
        f"    server: {{url: '{url}', secret: '${{SUPPORT_SECRET}}'}}\n"
    )
    world.run(["probe", "-f", str(manifest), "--dry-run", "-o", output])
    out = world.run(["-vv", "probe", "-f", str(manifest), "-o", output])
    assert bodies, f"no probe reached the local receiver:\n{out}"


def test_pull_and_rollback(applied: World) -> None:
    manifests = _manifests(applied)
    with api_client(applied.server) as api:
        support = next(a for a in api.get("/assistant").json() if a["name"] == "support")
        api.patch(f"/assistant/{support['id']}", json={"firstMessage": "Edited by hand"})
        # An unmanaged tool whose header holds a secret: --add-unmanaged must not copy it.
        header = {"Authorization": f"Bearer {SECRETS['ORG_SECRET']}"}
        api.post(
            "/tool",
            json={
                "type": "function",
                "function": {"name": "stray_tool"},
                "server": {"url": "https://stray.example.com", "headers": header},
            },
        )
    applied.run(["-vv", "pull", "-f", manifests, "--dry-run"], SUPPORT_SECRET=ROTATED)
    added = str(applied.root / "manifests" / "zz-unmanaged.yaml")
    applied.run(["-vv", "pull", "-f", manifests, "--add-unmanaged", added])
    applied.run(["-vv", "apply", "-f", manifests, "--auto-approve"], SUPPORT_SECRET=ROTATED)
    applied.run(["rollback", "--list", "-o", "json"])
    applied.run(["rollback", "--out", str(applied.root / "rollback.vapiplan")])
    applied.run(["-vv", "rollback", "--auto-approve", "-o", "json"])


def test_scaffolding_and_schema(world: World) -> None:
    world.run(["init", str(world.root / "scaffold")])
    world.run(["schema"])


def test_commands_cover_the_whole_cli() -> None:
    # A new command must join this file: fail when the CLI grows one we do not run.
    covered = {
        *("validate", "schema", "plan", "apply", "drift", "routes", "export", "init", "probe"),
        *("pull", "rollback"),
    }
    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered - {"emulator"} == covered, registered
