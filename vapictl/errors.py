"""One error tree for everything vapictl reports to a person.

The CLI catches `VapictlError` once, prints its message and exits 1; any other
exception is a bug (see `vapictl.cli`). Messages must never contain a secret:
they pass through `vapictl.secrets.redact` before printing anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Location(NamedTuple):
    """Where something sits in a manifest file (1-based line and column).

    A NamedTuple, not a dataclass: the loader stamps one on every key and value,
    over 100,000 for a large org, and tuples are several times cheaper to build.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the manifests: where, which field, what was expected, what was found."""

    message: str
    location: Location | None = None
    path: str = ""
    severity: str = "error"  # "error" | "warning"
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        field_path = f"{self.path}: " if self.path else ""
        return f"{where}{self.severity}: {field_path}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.location.file if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
            "path": self.path,
            "message": self.message,
        }


class VapictlError(Exception):
    """Base of every error vapictl reports as a clean message and exit code 1."""

    exit_code = 1


class UsageError(VapictlError):
    """Bad command-line input (exit 1, never click's 2, which means 'changes')."""


@dataclass
class ManifestError(VapictlError):
    """The manifests are invalid; carries every problem found, not just the first."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def __str__(self) -> str:
        lines = [str(d) for d in self.diagnostics]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in the manifests.")
        return "\n".join(lines)


class ApiError(VapictlError):
    """The Vapi API refused a request, or could not be reached."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        api_messages: list[str] | None = None,
        method: str = "",
        path: str = "",
        resource: str = "",
        ambiguous: bool = False,
    ) -> None:
        self.status = status
        # True when the request may have been carried out although it failed
        # (5xx or timeout after sending): a create must be re-read before a retry.
        self.ambiguous = ambiguous
        self.api_messages = api_messages or []
        self.method = method
        self.path = path
        self.resource = resource
        super().__init__(message)


class AuthError(ApiError):
    """The API key was missing or rejected (401/403)."""


class NotFoundError(ApiError):
    """The API answered 404."""


class StalePlanError(VapictlError):
    """A saved plan no longer matches the manifests or live state; nothing was applied."""


class UnsafePlanError(VapictlError):
    """The plan breaks a safety rule (delete limit, protected resource, replace not allowed)."""


class HaltedError(VapictlError):
    """A request was not sent because the run is stopping (Ctrl-C or SIGTERM)."""
