"""Global options (`--no-color`, `-q`, `-v`) are accepted after the command too.

click parses a group's options only before the command name, so `vapictl plan
--no-color` would be "No such option". Before parsing, such flags found after the
command are moved in front of it. A token that is the value of one of the command's
own options (`--var -q`) is left alone, and so is everything after `--`.
"""

from __future__ import annotations

import click

GLOBAL_FLAGS = frozenset({"--no-color", "--quiet", "--verbose", "-q", "-v"})
_SHORT = frozenset("qv")  # clusters such as -vv or -qv


def is_global_flag(token: str) -> bool:
    if token in GLOBAL_FLAGS:
        return True
    return len(token) > 1 and token[0] == "-" and token[1] != "-" and set(token[1:]) <= _SHORT


def _value_options(command: click.Command) -> set[str]:
    """Option names of `command` (and of its subcommands) that take a value."""
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            names.update(param.opts)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            names |= _value_options(sub)
    return names


def hoist_global_flags(group: click.Group, args: list[str]) -> list[str]:
    """`[plan, -f, x, --no-color]` -> `[--no-color, plan, -f, x]`."""
    position = next((i for i, token in enumerate(args) if not token.startswith("-")), None)
    if position is None or args[position] not in group.commands:
        return args
    value_options = _value_options(group.commands[args[position]])
    moved: list[str] = []
    kept: list[str] = []
    rest = iter(args[position + 1 :])
    for token in rest:
        if token == "--":
            kept += [token, *rest]
            break
        if is_global_flag(token):
            moved.append(token)
            continue
        kept.append(token)
        value = next(rest, None) if token in value_options else None
        if value is not None:  # an option's value, whatever it looks like
            kept.append(value)
    return [*args[:position], *moved, args[position], *kept]
