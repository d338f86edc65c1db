"""Every vapictl command the README shows exists, with the options it uses."""

from __future__ import annotations

import re
from pathlib import Path

from tests.gitops.commands import check_real, vapictl_commands

README = Path(__file__).resolve().parents[2] / "README.md"
_FENCED_SHELL = re.compile(r"```(?:sh|bash|console)\n(.*?)```", re.DOTALL)
_INLINE = re.compile(r"`(vapictl [^`]+)`")


def _shown_commands() -> list[list[str]]:
    text = README.read_text()
    commands = [argv for block in _FENCED_SHELL.findall(text) for argv in vapictl_commands(block)]
    for span in _INLINE.findall(text):
        if re.search(r"\b[A-Z]{3,}\b|\[", span):  # a synopsis: `vapictl COMMAND --help`
            continue
        commands.extend(vapictl_commands(span))
    return commands


def test_readme_keeps_the_quick_start_commands() -> None:
    text = README.read_text()
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make demo" in quick_start and "make test" in quick_start


def test_every_command_in_the_readme_is_real() -> None:
    commands = _shown_commands()
    shown = {argv[0] for argv in commands if argv}
    assert {"validate", "schema", "plan", "apply", "drift", "routes", "export", "init"} <= shown
    assert ["emulator", "serve"] in [a[:2] for a in commands]
    for argv in commands:
        check_real(argv)
