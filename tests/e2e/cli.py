"""Run the real CLI in-process against an emulator, as a user would."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from vapictl.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
ORG_DIR = FIXTURES / "org"

SECRETS = {
    "ORG_SECRET": "org-secret-value-0001",
    "TOOLS_SECRET": "tools-secret-value-0001",
    "SUPPORT_SECRET": "support-secret-value-0001",
    "TWILIO_AUTH_TOKEN": "twilio-token-value-0001",
}


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def vapictl(
    args: list[str],
    *,
    emulator: object | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
) -> Result:
    """Invoke `vapictl ARGS` with the emulator's URL and key and the fixture secrets."""
    full_env = {**SECRETS, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": ""}
    if emulator is not None:
        full_env["VAPI_BASE_URL"] = emulator.url  # type: ignore[attr-defined]
        full_env["VAPI_API_KEY"] = emulator.api_key  # type: ignore[attr-defined]
    full_env.update(env or {})
    result = CliRunner().invoke(app, args, env=full_env, input=input, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)
