"""`vapictl validate` and `vapictl schema` end to end through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.manifest.conftest import TEST_ENV, WriteFile
from vapictl.cli import app
from vapictl.manifest.schema import schema_text

runner = CliRunner()

GOOD = """
org:
  server: {url: "https://hooks.example.com/vapi", secret: "${ORG_WEBHOOK_SECRET}"}
assistants:
  support: {firstMessage: Hi}
"""
BAD = """
assistants:
  support:
    server: {url: "https://a.example.com", secret: "literal-secret-value"}
phoneNumbers:
  main: {provider: twilio, number: "4155551234", twilioAccountSid: AC1, assistant: nobody}
"""


def test_valid_manifest_prints_a_summary_and_exits_0(write: WriteFile) -> None:
    result = runner.invoke(app, ["validate", "-f", str(write("m.yaml", GOOD))], env=TEST_ENV)
    assert result.exit_code == 0, result.output
    assert result.output == "Valid: 1 org, 1 assistant (1 file).\n"
    assert TEST_ENV["ORG_WEBHOOK_SECRET"] not in result.output


def test_invalid_manifest_lists_every_error_and_exits_1(write: WriteFile) -> None:
    path = write("m.yaml", BAD)
    result = runner.invoke(app, ["validate", "-f", str(path)], env=TEST_ENV)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        f"{path}:3:52: error: assistants.support.server.secret: secret must come from a "
        "variable, e.g. ${SUPPORT_SERVER_SECRET}; found a literal value",
        f"{path}:5:36: error: phoneNumbers.main.number: expected an E.164 number like "
        "+14155551234, found '4155551234'",
        f"{path}:5:84: error: phoneNumbers.main.assistant: no assistant with key 'nobody' "
        "(known: support)",
        "3 errors, 0 warnings",
    ]
    assert "literal-secret-value" not in result.output
    assert "Traceback" not in result.output


def test_json_output(write: WriteFile) -> None:
    path = write("m.yaml", BAD)
    result = runner.invoke(app, ["validate", "-f", str(path), "-o", "json"], env=TEST_ENV)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["warnings"] == []
    first = report["errors"][0]
    assert first == {
        "severity": "error",
        "code": "literal-secret",
        "file": str(path),
        "line": 3,
        "column": 52,
        "path": "assistants.support.server.secret",
        "message": "secret must come from a variable, e.g. ${SUPPORT_SERVER_SECRET}; "
        "found a literal value",
    }
    good = runner.invoke(
        app, ["validate", "-f", str(write("g.yaml", GOOD)), "-o", "json"], env=TEST_ENV
    )
    assert good.exit_code == 0
    summary = json.loads(good.output)
    assert summary["valid"] is True
    assert summary["summary"]["assistants"] == 1 and summary["summary"]["files"] == 1


def test_var_and_env_file_options(write: WriteFile, tmp_path: Path) -> None:
    path = write("m.yaml", "org:\n  server: {secret: '${ORG_WEBHOOK_SECRET}', url: '${URL}'}\n")
    env_file = write("vars.env", "URL=https://from-env-file.example.com\n")
    result = runner.invoke(
        app,
        [
            "validate",
            "-f",
            str(path),
            "--env-file",
            str(env_file),
            "--var",
            "ORG_WEBHOOK_SECRET=a-long-secret",
        ],
        env={},
    )
    assert result.exit_code == 0, result.output
    unset = runner.invoke(app, ["validate", "-f", str(path)], env={"ORG_WEBHOOK_SECRET": ""})
    assert unset.exit_code == 1
    assert "variable ${URL} is not set" in unset.output


def test_warnings_are_shown_on_valid_manifests(write: WriteFile) -> None:
    path = write("m.yaml", "org:\n  server: {url: 'http://hooks.example.com'}\n")
    result = runner.invoke(app, ["validate", "-f", str(path)])
    assert result.exit_code == 0
    assert f"{path}:2:17: warning: org.server.url: server URL uses plain http://" in result.output
    assert result.output.endswith("Valid: 1 org (1 file).\n")


def test_yaml_syntax_error_exits_1_without_traceback(write: WriteFile) -> None:
    path = write("m.yaml", "assistants:\n  a: [unclosed\n")
    result = runner.invoke(app, ["validate", "-f", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:1: error: invalid YAML:" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "-f", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output


def test_schema_command_prints_the_shipped_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_text()
