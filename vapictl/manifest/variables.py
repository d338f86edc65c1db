"""`${VAR}` expansion in manifest values, `--var KEY=VALUE` and `--env-file`.

Syntax (docker-compose/POSIX shell semantics): `${VAR}`, `${VAR:-default}`
(default when unset or empty), `${VAR:?message}` (error when unset or empty),
and `$${X}` for a literal `${X}`. Only string values are expanded, never keys.
A value that is a single `${VAR}` stays a string: no YAML re-typing.
Variable values never appear in messages: they may be secrets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vapictl.errors import UsageError

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME_RE = re.compile(rf"^{_NAME}$")
# `$${` is an escape; `${...}` a reference; a `${` without `}` is malformed.
_TOKEN_RE = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{")
_REFERENCE_RE = re.compile(rf"^({_NAME})(?:(:-|:\?)(.*))?$", re.DOTALL)


@dataclass
class Expansion:
    """The result of expanding one string."""

    value: str
    variables: list[str] = field(default_factory=list)  # names that were set and used
    defaulted: list[str] = field(default_factory=list)  # names unset, default used
    problems: list[str] = field(default_factory=list)  # messages (never values)
    references: list[str] = field(default_factory=list)  # every name referenced, set or not


def expand(text: str, lookup: Callable[[str], str | None]) -> Expansion:
    """Expand the references in `text`; unset variables become problems."""
    if "$" not in text:
        return Expansion(text)
    result = Expansion("")
    pieces: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        pieces.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token == "$${":
            pieces.append("${")
            continue
        if match.group(1) is None:
            result.problems.append("unterminated '${' (write '$${' for a literal '${')")
            pieces.append(token)
            continue
        pieces.append(_expand_reference(match.group(1), token, lookup, result))
    pieces.append(text[position:])
    result.value = "".join(pieces)
    return result


def _expand_reference(
    inner: str, token: str, lookup: Callable[[str], str | None], result: Expansion
) -> str:
    reference = _REFERENCE_RE.match(inner)
    if reference is None:
        result.problems.append(
            f"malformed variable reference '{token}': expected ${{NAME}}, "
            "${NAME:-default} or ${NAME:?message}"
        )
        return token
    name, operator, argument = reference.groups()
    result.references.append(name)
    value = lookup(name)
    if operator is None:
        if value is None:
            result.problems.append(
                f"variable ${{{name}}} is not set (export it or pass --var {name}=...)"
            )
            return token
        result.variables.append(name)
        return value
    if value:  # `:-` and `:?` treat empty like unset, as the shell does
        result.variables.append(name)
        return value
    if operator == ":-":
        result.defaulted.append(name)
        return str(argument)
    hint = argument or "required"
    result.problems.append(f"variable ${{{name}}} is not set: {hint}")
    return token


def make_lookup(
    variables: Mapping[str, str] | None, environ: Mapping[str, str] | None
) -> Callable[[str], str | None]:
    """`--var`/`--env-file` values win over the environment."""
    own = dict(variables or {})
    env = environ or {}

    def lookup(name: str) -> str | None:
        if name in own:
            return own[name]
        return env.get(name)

    return lookup


def parse_var_options(options: list[str]) -> dict[str, str]:
    """Parse repeated `--var KEY=VALUE` options (later ones win)."""
    parsed: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip()
        if not sep or not _NAME_RE.match(name):
            shown = name if _NAME_RE.match(name) else "KEY"
            raise UsageError(
                f"--var expects KEY=VALUE with KEY a variable name, e.g. --var {shown}=value"
            )
        parsed[name] = value
    return parsed


def read_env_file(path: Path) -> dict[str, str]:
    """Read a dotenv file as python-dotenv does (quotes, `# comments`, `export `,
    multi-line quoted values), without expanding ${...} inside it; a line it cannot
    parse is an error naming the line, not silently skipped."""
    import io

    from dotenv.parser import parse_stream

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read --env-file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--env-file {path} is not a UTF-8 text file") from None
    parsed: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.key is None and not binding.error:
            continue  # a blank line or a comment
        if binding.error or binding.key is None or binding.value is None:
            raise UsageError(f"{path}:{binding.original.line}: expected KEY=VALUE")
        if not _NAME_RE.match(binding.key):
            raise UsageError(
                f"{path}:{binding.original.line}: {binding.key!r} is not a variable name"
            )
        parsed[binding.key] = binding.value
    return parsed
