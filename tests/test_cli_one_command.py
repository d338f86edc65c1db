"""`vapictl CMD ...` runs an app holding only CMD (typer builds every registered
command on each run): what it prints and how it exits must be the whole app's."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vapictl import cli

COMMANDS = sorted(cli._COMMAND_FUNCTIONS)


def _run(app: object, args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)  # type: ignore[arg-type]
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_alone_behaves_as_in_the_whole_app(command: str) -> None:
    for args in (
        [command, "--help"],
        ["-q", command, "--help"],
        [command, "--no-such-option"],  # usage error: exit 1, same message
        ["--no-color", "-vv", command, "--no-such-option", "-q"],
    ):
        one = cli.app_for(args)
        assert one is not cli.app
        assert [info.name for info in one.registered_commands] == [command]
        assert _run(one, args) == _run(cli.app, args)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["valdate"],  # a typo: click suggests from every command
        ["emulator", "serve", "--help"],
        ["--help", "validate"],
        ["-x", "validate"],  # not a global flag before the command
    ],
)
def test_anything_else_gets_the_whole_app(args: list[str]) -> None:
    assert cli.app_for(args) is cli.app


def test_the_one_command_runs() -> None:
    args = ["schema"]
    assert _run(cli.app_for(args), args) == _run(cli.app, args)
