"""Process-wide output settings and the few printing helpers every command shares.

Everything printed goes through `redact` so a registered secret can never reach
the terminal, a CI log or a file we write (see vapictl.secrets).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
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
    """`data` as indented JSON on stdout. Encoded whole before anything is written (an
    error writes nothing), but as pieces of whole lines: the encoder's hundreds of
    thousands of small strings are joined piece by piece, never all alive at once
    (~16 MB of them for a 10,000-resource plan, at its peak)."""
    import json

    encoder = json.JSONEncoder(indent=2, default=str, allow_nan=False)
    _echo_pieces(list(_line_pieces(encoder.iterencode(data))))


_PIECE_CHARS = 256 * 1024


def echo_long(text: str) -> None:
    """`echo` to stdout in pieces cut after a line break: redacting and escaping a
    plan's 4 MB of JSON at once held three copies of it."""
    _echo_pieces(list(_line_pieces([text])))


def _line_pieces(chunks: Iterable[str]) -> Iterator[str]:
    """The text of `chunks` in pieces of about _PIECE_CHARS, each but the last ending
    with a line break."""
    buffer: list[str] = []
    size, cut_at = 0, _PIECE_CHARS
    for chunk in chunks:
        buffer.append(chunk)
        size += len(chunk)
        if size < cut_at:
            continue
        text = "".join(buffer)
        cut = text.rfind("\n") + 1
        if cut == 0:  # one long line so far: look again a piece later, not every chunk
            buffer, cut_at = [text], size + _PIECE_CHARS
            continue
        yield text[:cut]
        buffer, size, cut_at = [text[cut:]], len(text) - cut, _PIECE_CHARS
    yield "".join(buffer)


def _echo_pieces(pieces: list[str]) -> None:
    """Each piece is whole lines, so a secret (never a line break in it, else the text
    goes whole) is found wherever it is."""
    if len(pieces) == 1 or spans_lines():
        echo("".join(pieces))
        return
    for piece in pieces:
        sys.stdout.write(escape_controls(redact(piece)))
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
