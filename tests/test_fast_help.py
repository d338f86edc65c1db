"""`vapictl --help` is answered without typer; it must list what the typer app has."""

from __future__ import annotations

import subprocess
import sys

import click
import typer

from vapictl.cli import app
from vapictl.fast_help import render
from vapictl.summary import APP_HELP, COMMANDS, GLOBAL_OPTIONS


def _group() -> click.Group:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    return group


def test_the_tables_are_the_app_s_commands_and_options() -> None:
    group = _group()
    assert list(group.commands) == list(COMMANDS)
    for name, command in group.commands.items():
        assert command.help is not None and command.help.startswith(COMMANDS[name]), name
    assert group.help == APP_HELP
    context = click.Context(group, help_option_names=["-h", "--help"])
    options = {
        opt: param
        for param in group.get_params(context)
        if isinstance(param, click.Option)
        for opt in param.opts
    }
    assert {o.long for o in GLOBAL_OPTIONS} == {o for o in options if o.startswith("--")}
    for entry in GLOBAL_OPTIONS:
        param = options[entry.long]
        assert (
            entry.short is None or entry.short in param.opts or entry.short in param.secondary_opts
        )
        assert param.help == entry.help
        if entry.envvar:
            assert param.envvar == entry.envvar


def test_fast_help_lists_every_command_and_option() -> None:
    text = render(80)
    for name, summary in COMMANDS.items():
        assert f"│ {name}" in text and summary.split()[0] in text
    for entry in GLOBAL_OPTIONS:
        assert entry.long in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "\033[" not in text


def test_help_as_a_process_imports_no_typer() -> None:
    code = (
        "import sys; sys.argv = ['vapictl', '--help']; from vapictl.__main__ import main; main();"
        " assert 'typer' not in sys.modules and 'rich' not in sys.modules, 'heavy import'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: vapictl [OPTIONS] COMMAND" in result.stdout
    assert "│ probe" in result.stdout
