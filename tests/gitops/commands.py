"""Find `vapictl ...` invocations in shell text and check them against the real CLI."""

from __future__ import annotations

import functools
import shlex

import click
import typer.main
from typer.testing import CliRunner

from vapictl.cli import app
from vapictl.cli.global_options import is_global_flag

_SEPARATORS = {"|", "||", "&&", ";", ">", ">>", "<", "2>&1", "&"}


def vapictl_commands(script: str) -> list[list[str]]:
    """The argv (after `vapictl`) of each vapictl invocation in a shell snippet."""
    commands: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError:  # an unbalanced quote (a multi-line python -c): no vapictl call
            continue
        segment: list[str] = []
        for token in [*tokens, ";"]:
            if token in _SEPARATORS:
                while segment and "=" in segment[0] and not segment[0].startswith("-"):
                    segment = segment[1:]  # VAR=value prefixes
                if segment and segment[0] == "vapictl":
                    commands.append(segment[1:])
                segment = []
            else:
                segment.append(token)
    return commands


def _known_options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


def _option_name(token: str) -> str:
    name = token.split("=", 1)[0]
    if len(name) > 2 and name[0] == "-" and name[1] != "-" and len(set(name[1:])) == 1:
        return name[:2]  # -vv: a counted short flag
    return name


def _takes_value(command: click.Command, token: str) -> bool:
    """A group-level option that takes a value (`--show-completion bash`), so that the
    next token is not a subcommand."""
    for param in command.params:
        if isinstance(param, click.Option) and _option_name(token) in param.opts:
            return not param.is_flag and not param.count and "=" not in token
    return False


def check_real(argv: list[str]) -> None:
    """Assert that `vapictl ARGV` names real (sub)commands and options, and that the
    command's --help works."""
    command = _root_command()
    path: list[str] = []
    options: list[tuple[click.Command, str]] = []
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
        elif token.startswith("-"):
            options.append((command, _option_name(token)))
            skip_value = isinstance(command, click.Group) and _takes_value(command, token)
        elif isinstance(command, click.Group):
            sub = command.get_command(click.Context(command), token)
            assert sub is not None, f"`vapictl {' '.join(argv)}`: no command {token!r}"
            command = sub
            path.append(token)
        # else: an option's value or an argument
    unknown = [
        name
        for owner, name in options
        if name not in _known_options(owner) and not is_global_flag(name)  # -q after a command
    ]
    assert not unknown, f"`vapictl {' '.join(argv)}` uses unknown options {unknown}"
    _check_help(tuple(path))


@functools.cache
def _root_command() -> click.Command:
    return typer.main.get_command(app)


@functools.cache
def _check_help(path: tuple[str, ...]) -> None:
    """Once per command: the README and the help texts show some commands dozens of times."""
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
