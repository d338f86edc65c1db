"""`vapictl --help` without importing typer, click or rich (see summary.py).

Drawn like typer's rich help (panels of options and commands); plain text
when NO_COLOR is set or stdout is not a terminal, bold headings otherwise.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence

from vapictl.summary import APP_HELP, COMMANDS, GLOBAL_OPTIONS


def _panel(title: str, rows: Sequence[tuple[str, ...]], width: int, bold: bool) -> list[str]:
    """A rounded box whose rows are columns; the last column wraps."""
    inner = width - 4  # "│ " and " │"
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lead = sum(w + 2 for w in widths)
    text_width = max(20, inner - lead)
    head = f"─ {title} "
    top = "╭" + head + "─" * (width - 2 - len(head)) + "╮"
    lines = [f"\033[2m{top}\033[0m" if bold else top]
    for row in rows:
        wrapped: list[str] = []
        for paragraph in row[-1].split("\n"):
            wrapped += textwrap.wrap(paragraph, text_width) or [""]
        for index, piece in enumerate(wrapped):
            cells = (
                [cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)]
                if index == 0
                else [" " * w for w in widths]
            )
            body = "  ".join([*cells, piece]) if cells else piece
            lines.append("│ " + body.ljust(inner) + " │")
    lines.append("╰" + "─" * (width - 2) + "╯")
    return lines


def render(width: int, bold: bool = False) -> str:
    usage = "Usage: vapictl [OPTIONS] COMMAND [ARGS]..."
    out = ["", " " + (f"\033[1m{usage}\033[0m" if bold else usage), ""]
    out += [" " + line for line in textwrap.wrap(APP_HELP, width - 2)]
    out.append("")
    options = [
        (
            o.long,
            o.short or "",
            o.help + (f"\n[env var: {o.envvar}]" if o.envvar else ""),
        )
        for o in GLOBAL_OPTIONS
    ]
    out += _panel("Options", options, width, bold)
    out += _panel("Commands", list(COMMANDS.items()), width, bold)
    return "\n".join(
        line.rstrip() if not line.startswith(("│", "╭", "╰")) else line for line in out
    )


def print_help() -> None:
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(render(max(width, 60), bold=styled) + "\n")
