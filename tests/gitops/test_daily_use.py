"""Daily use (issue 15): global options after the command, VAPICTL_* variables, a
silent cron drift, one "Did you mean", and dotenv files read as python-dotenv does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import ORG_DIR, vapictl


def _apply(emulator: Any) -> None:
    result = vapictl(["apply", "-f", str(ORG_DIR), "--auto-approve"], emulator=emulator)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-f", str(ORG_DIR), "--no-color", "-q"],
        ["plan", "--no-color", "-f", str(ORG_DIR), "-vq"],
        ["-q", "plan", "-f", str(ORG_DIR), "--verbose"],
    ],
)
def test_global_options_work_before_or_after_the_command(emulator: Any, args: list[str]) -> None:
    result = vapictl(args, emulator=emulator)
    assert result.exit_code == 0, result.output
    # -q: only the summary line of the plan.
    assert result.stdout.strip().splitlines() == [result.stdout.strip()]
    assert "to create" in result.stdout


def test_a_global_flag_as_an_options_value_is_left_alone(emulator: Any) -> None:
    # `--var -q` is not the -q flag: the plan is printed in full, and the
    # variable (unused) is accepted.
    result = vapictl(["plan", "-f", str(ORG_DIR), "--var", "-q"], emulator=emulator)
    assert "KEY=VALUE" in result.output  # --var's own check saw "-q", not the flag


def test_quiet_drift_prints_nothing_when_there_is_none(emulator: Any) -> None:
    _apply(emulator)
    result = vapictl(["drift", "-f", str(ORG_DIR), "-q"], emulator=emulator)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_vapictl_env_variables_stand_for_the_common_options(
    emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # -e NAME means base/ + overlays/NAME/ here
    base = tmp_path / "base"
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    base.mkdir()
    (base / "tools.yaml").write_text(
        "tools:\n  t:\n    type: transferCall\n"
        "    destinations: [{type: number, number: '${NUMBER}'}]\n"
    )
    (tmp_path / "overlays" / "prod" / "x.yaml").write_text("tools: {}\n")
    env_file = tmp_path / "vars.env"
    env_file.write_text("NUMBER=+14155550123\n")
    result = vapictl(
        ["plan", "-o", "json"],
        emulator=emulator,
        env={
            "VAPICTL_ENV": "prod",
            "VAPICTL_ENV_FILE": str(env_file),
            "VAPICTL_QUIET": "1",
        },
    )
    assert result.exit_code == 0, result.output
    (action,) = json.loads(result.stdout)["actions"]
    assert action["name"] == "t"
    assert "+14155550123" in json.dumps(action)


def test_a_typo_suggests_the_command_once() -> None:
    result = vapictl(["aply"])
    assert result.exit_code == 1
    assert result.output.count("Did you mean 'apply'?") == 1


def test_verbose_is_shown_as_a_repeatable_flag_not_a_number() -> None:
    result = vapictl(["--help"], env={"COLUMNS": "120"})
    (line,) = [line for line in result.stdout.splitlines() if "--verbose" in line]
    assert "INTEGER" not in line and "repeat" in line


DOTENV = """\
# comment
export GREETING="Hello there" # an inline comment after a quoted value
FAREWELL='single # not a comment'
SIGNATURE="line one
line two"
"""


def test_env_file_is_read_as_python_dotenv_reads_it(emulator: Any, tmp_path: Path) -> None:
    (tmp_path / "assistants.yaml").write_text(
        "assistants:\n  a:\n    firstMessage: ${GREETING}\n"
        "    endCallMessage: ${FAREWELL}\n"
        "    voicemailMessage: ${SIGNATURE}\n"
        "    model: {provider: openai, model: gpt-4o}\n"
    )
    env_file = tmp_path / ".env"
    env_file.write_text(DOTENV)
    result = vapictl(
        ["plan", "-f", str(tmp_path), "--env-file", str(env_file), "-o", "json"],
        emulator=emulator,
    )
    assert result.exit_code == 0, result.output
    (action,) = json.loads(result.stdout)["actions"]
    after = {change["path"]: change["after"] for change in action["changes"]}
    assert after["firstMessage"] == "Hello there"
    assert after["endCallMessage"] == "single # not a comment"
    assert after["voicemailMessage"] == "line one\nline two"


def test_a_broken_env_file_line_is_a_located_error(emulator: Any, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("A=1\nthis is not an assignment\n")
    result = vapictl(
        ["validate", "-f", str(ORG_DIR), "--env-file", str(env_file)], emulator=emulator
    )
    assert result.exit_code == 1
    assert f"{env_file}:2: expected KEY=VALUE" in result.stderr


def test_progress_names_a_managed_credential_one_way_when_rotated(emulator: Any) -> None:
    _apply(emulator)
    rotated = vapictl(
        ["apply", "-f", str(ORG_DIR), "--auto-approve"],
        emulator=emulator,
        env={"SUPPORT_SECRET": "support-secret-value-0002"},
    )
    assert rotated.exit_code == 0, rotated.output
    lines = [line for line in rotated.stderr.splitlines() if "credential" in line]
    created = [line for line in lines if "applied: create credential" in line]
    deleted = [line for line in lines if "applied: delete credential" in line]
    assert len(created) == 1 and len(deleted) == 1, lines
    # Both by the credential's name, as the plan shows it.
    assert "create credential 'vapictl-asst-support-" in created[0]
    assert "delete credential 'vapictl-asst-support-" in deleted[0]


def test_drift_names_references_and_says_a_secret_was_rotated(emulator: Any) -> None:
    from tests.conftest import api_client

    _apply(emulator)
    with api_client(emulator) as api:
        tools = api.get("/tool").json()
        (lookup,) = [t for t in tools if (t.get("function") or {}).get("name") == "lookup_order"]
        api.delete(f"/tool/{lookup['id']}").raise_for_status()
    result = vapictl(
        ["drift", "-f", str(ORG_DIR)],
        emulator=emulator,
        env={"SUPPORT_SECRET": "support-secret-value-0009"},
    )
    assert result.exit_code == 2
    assert (
        f'assistant/support: model.toolIds: live has ["{lookup["id"]} (not in the live org)", '
        '"tool/hang-up"], manifests say ["tool/lookup-order", "tool/hang-up"]'
    ) in result.stdout
    assert "assistant/support: server.secret: secret changed (rotated)" in result.stdout
    assert "(known after apply)" not in result.stdout


def test_a_saved_plan_shows_unset_fields_as_the_plan_did(emulator: Any, tmp_path: Path) -> None:
    plan_file = tmp_path / "p.vapiplan"
    planned = vapictl(["plan", "-f", str(ORG_DIR), "--out", str(plan_file)], emulator=emulator)
    applied = vapictl(["apply", str(plan_file)], emulator=emulator)
    assert applied.exit_code == 0, applied.output
    assert planned.stdout.count("(unset) ->") == applied.stdout.count("(unset) ->") > 0
    assert "null ->" not in applied.stdout


def test_declining_the_confirmation_says_apply_cancelled(
    emulator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vapictl.cli.apply as apply_module

    monkeypatch.setattr(apply_module, "_can_ask", lambda: True)  # as on a terminal
    result = vapictl(["apply", "-f", str(ORG_DIR)], emulator=emulator, input="n\n")
    assert result.exit_code == 1
    assert "Apply cancelled." in result.stderr
    from tests.conftest import api_client

    with api_client(emulator) as api:  # nothing was created (the lease aside)
        assert api.get("/tool").json() == [] and api.get("/assistant").json() == []


def _all_commands() -> list[str]:
    import typer.main

    from vapictl.cli import app

    group = typer.main.get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


def test_every_command_has_real_examples_in_its_help() -> None:
    from tests.gitops.commands import check_real, vapictl_commands
    from vapictl.cli.examples import EXAMPLES

    assert set(_all_commands()) == set(EXAMPLES)
    for name in EXAMPLES:
        result = vapictl([*name.split(), "--help"], env={"COLUMNS": "200"})
        assert "Examples:" in result.stdout, name
        shown = [line.strip() for line in result.stdout.splitlines() if "vapictl " in line]
        examples = [argv for line in shown for argv in vapictl_commands(line)]
        assert len(examples) == len(EXAMPLES[name]), (name, shown)
        for argv in examples:
            check_real(argv)


def test_export_then_plan_shows_no_changes_as_the_readme_says(
    emulator: Any, tmp_path: Path
) -> None:
    from tests.e2e.cli import SECRETS

    _apply(emulator)
    manifests, env_file = tmp_path / "manifests", tmp_path / "manifests.env"
    exported = vapictl(
        ["export", "--dir", str(manifests), "--vars-file", str(env_file)], emulator=emulator
    )
    assert exported.exit_code == 0, exported.output
    # The files' $schema link points at a file that exists.
    header = (manifests / "assistants.yaml").read_text().splitlines()[0]
    assert header == "# yaml-language-server: $schema=vapictl.schema.json"
    assert json.loads((manifests / "vapictl.schema.json").read_text())["$schema"]
    # Fill in each secret's current value: the comment above each line names it.
    current = {
        "tool/lookup-order server secret": SECRETS["TOOLS_SECRET"],
        "phoneNumber/main-line Twilio auth token": SECRETS["TWILIO_AUTH_TOKEN"],
        "org/org server secret": SECRETS["ORG_SECRET"],
        "assistant/support server secret": SECRETS["SUPPORT_SECRET"],
    }
    lines = env_file.read_text().splitlines()
    filled = [
        line + current[lines[i - 1].removeprefix("# ")] if line.endswith("=") else line
        for i, line in enumerate(lines)
    ]
    env_file.write_text("\n".join(filled) + "\n")
    plan = vapictl(
        ["plan", "-f", str(manifests), "--env-file", str(env_file), "--detailed-exitcode"],
        emulator=emulator,
    )
    assert plan.exit_code == 0, plan.output
    assert "No changes" in plan.stdout


def test_a_byo_number_applies_with_a_sip_trunk_credential_made_as_the_readme_says(
    emulator: Any, tmp_path: Path
) -> None:
    from tests.conftest import api_client

    body = {"provider": "byo-sip-trunk", "name": "my-trunk", "gateways": [{"ip": "203.0.113.10"}]}
    with api_client(emulator) as api:
        trunk = api.post("/credential", json=body).json()
    (tmp_path / "numbers.yaml").write_text(
        "phoneNumbers:\n  byo:\n    provider: byo-phone-number\n    number: '+14155551234'\n"
        "    credentialId: ${SIP_TRUNK_CREDENTIAL_ID}\n"
    )
    args = ["-f", str(tmp_path), "--var", f"SIP_TRUNK_CREDENTIAL_ID={trunk['id']}"]
    applied = vapictl(["apply", *args, "--auto-approve"], emulator=emulator)
    assert applied.exit_code == 0, applied.output
    again = vapictl(["plan", *args, "--detailed-exitcode"], emulator=emulator)
    assert again.exit_code == 0, again.output
