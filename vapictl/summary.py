"""What `vapictl --help` lists: the commands and the global options, as data.

The typer application registers its commands and global options from these
tables, and `vapictl --help` is answered from them before typer, click and rich
are imported (fast_help.py): 3x a bare interpreter instead of 7x, the same
content. This module imports nothing heavy on purpose.
"""

from __future__ import annotations

from typing import NamedTuple

APP_HELP = "Declarative configuration-as-code for Vapi: validate, plan, apply, routes, export."

COMMANDS: dict[str, str] = {
    "validate": "Check manifests offline: syntax, fields, references, secrets.",
    "schema": "Print the JSON Schema of the manifest format.",
    "plan": "Show the API calls that would make the live org match the manifests.",
    "apply": "Make the live org match the manifests (or apply a saved plan).",
    "drift": "Report live changes made outside vapictl (exit 2 on drift).",
    "pull": "Write live values (dashboard edits) into the manifests.",
    "rollback": "Undo an apply: restore what its snapshot recorded.",
    "routes": "Show which server URL receives each event, and lint the routing.",
    "probe": "Send each webhook the message Vapi would send; judge the answers.",
    "export": "Write manifests that reproduce an existing live org.",
    "init": "Scaffold a new vapictl repository (manifests, overlays, CI).",
    "emulator": "Run or reset the local Vapi API emulator.",
}


class GlobalOption(NamedTuple):
    long: str
    short: str | None
    help: str
    envvar: str | None = None


GLOBAL_OPTIONS: tuple[GlobalOption, ...] = (
    GlobalOption("--version", "-V", "Show the version and exit."),
    GlobalOption("--no-color", None, "Disable colours (also NO_COLOR=1).", "VAPICTL_NO_COLOR"),
    GlobalOption(
        "--quiet",
        "-q",
        "Print only errors and results; nothing at all when drift finds none.",
        "VAPICTL_QUIET",
    ),
    GlobalOption(
        "--verbose", "-v", "More detail; repeat for more (-vv: HTTP log).", "VAPICTL_VERBOSE"
    ),
    GlobalOption("--install-completion", None, "Install completion for the current shell."),
    GlobalOption(
        "--show-completion",
        None,
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    GlobalOption("--help", "-h", "Show this message and exit."),
)


def option(long: str) -> GlobalOption:
    return next(o for o in GLOBAL_OPTIONS if o.long == long)
