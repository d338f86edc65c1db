"""Process-wide output settings and the few printing helpers every command shares.

Everything printed goes through `redact` so a registered secret can never reach
the terminal, a CI log or a file we write (see vapictl.secrets).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vapictl.render.terminal import escape_controls
from vapictl.secrets import redact, spans_lines

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class OutputSettings:
    no_color: bool = False
    quiet: bool = False
    verbose: int = 0


settings = OutputSettings()


def configure_output(*, no_color: bool, quiet: bool, verbose: int) -> None:
    """Apply the global options: colours (NO_COLOR, https://no-color.org), -q, -v/-vv."""
    settings.no_color = no_color or bool(os.environ.get("NO_COLOR"))
    settings.quiet = quiet
    settings.verbose = verbose
    _configure_logging(verbose)


class _StderrHandler(logging.Handler):
    """Writes redacted records to the current sys.stderr (test runners swap it per run)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(escape_controls(redact(self.format(record))) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


_log_handler: logging.Handler | None = None


def _configure_logging(verbose: int) -> None:
    """-v: vapictl's INFO messages; -vv: DEBUG, including one line per HTTP request
    (the `vapictl.http` logger). Always on stderr, so stdout stays parseable."""
    global _log_handler
    logger = logging.getLogger("vapictl")
    if _log_handler is not None:  # configured again: tests invoke the app many times
        logger.removeHandler(_log_handler)
        _log_handler = None
    if verbose <= 0:
        # Python's defaults: only warnings reach stderr (through the root logger).
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
        return
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO)
    logger.propagate = False  # one copy of each line, even if the root logger is set up
    _log_handler = handler


def console(stderr: bool = False) -> Console:
    """A rich console honouring --no-color/NO_COLOR; plain when not a terminal."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=settings.no_color,
        color_system=None if settings.no_color else "auto",  # no bold either: plain text
        highlight=False,
        soft_wrap=True,
    )


def print_styled(lines: list[tuple[str, str]]) -> None:
    """Print (text, rich style) lines to stdout, redacted; plain when not a terminal."""
    from rich.text import Text

    out = console()
    for text, style in lines:
        out.print(Text(escape_controls(redact(text)), style=style or ""))


def echo(text: str = "", *, err: bool = False) -> None:
    """Print plain text (already rendered), redacted."""
    stream = sys.stderr if err else sys.stdout
    stream.write(escape_controls(redact(text)) + "\n")
    stream.flush()


def info(text: str) -> None:
    """Progress and notes: stderr, silenced by -q."""
    if not settings.quiet:
        echo(text, err=True)


def print_error(text: str) -> None:
    echo(f"Error: {text}" if not text.startswith("Error") else text, err=True)


def print_json(data: Any) -> None:
    import json

    echo_long(json.dumps(data, indent=2, sort_keys=False, default=str, allow_nan=False))


_PIECE_CHARS = 256 * 1024


def echo_long(text: str) -> None:
    """`echo` to stdout in pieces cut after a line break: redacting and escaping a
    plan's 4 MB of JSON at once held three copies of it (the peak of a 10,000-resource
    plan). Each piece is whole lines, so a secret (never a line break in it, else the
    text goes whole) is found wherever it is."""
    if len(text) <= _PIECE_CHARS or spans_lines():
        echo(text)
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE_CHARS)
        end = len(text) if end == -1 else end + 1
        sys.stdout.write(escape_controls(redact(text[start:end])))
        start = end
    sys.stdout.write("\n")
    sys.stdout.flush()


def report_bug(exc: BaseException) -> None:
    echo(
        f"Error: unexpected {type(exc).__name__}: {exc}\n"
        "This is a bug in vapictl; please report it (run with -v for the traceback).",
        err=True,
    )
    if settings.verbose:
        # Locals are never printed (STYLE.md §14): a frame may hold an API key.
        echo("".join(traceback.format_exception(exc)), err=True)
