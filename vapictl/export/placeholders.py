"""Secrets become `${VAR}` placeholders (issue 6, point 3).

Write-only values (a Twilio auth token, the secret behind a vapictl-managed
credential) cannot be read back, and a secret the API did return must not be
written in clear, so both become variables the user sets before plan/apply.
Variable names come from the resource key; the kind is added only where two
resources of different kinds would otherwise share a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vapictl.model import Kind
from vapictl.secrets import is_secret_header

__all__ = ["SECRET_FIELD_NAMES", "Variable", "VariableAllocator", "is_secret_header"]

_NON_VAR = re.compile(r"[^A-Z0-9]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Field names that hold a secret wherever they appear in an API object
# (credential DTOs in API-REFERENCE §3: authToken, apiKey, apiSecret, ...).
SECRET_FIELD_NAMES: frozenset[str] = frozenset(
    {
        "apikey",
        "apisecret",
        "authtoken",
        "clientsecret",
        "password",
        "privatekey",
        "secret",
        "secretkey",
        "token",
        "twilioauthtoken",
        "twilioapisecret",
        "jwtsecret",
    }
)


def is_secret_field(name: str) -> bool:
    return name.lower() in SECRET_FIELD_NAMES


def placeholder(variable: str) -> str:
    return "${" + variable + "}"


def _upper_snake(text: str) -> str:
    """`"phoneNumber"` -> `"PHONE_NUMBER"`, `"support-line"` -> `"SUPPORT_LINE"`."""
    spaced = _CAMEL_BOUNDARY.sub("_", text)
    return _NON_VAR.sub("_", spaced.upper()).strip("_")


@dataclass(frozen=True)
class Variable:
    name: str
    description: str  # e.g. "assistant/support server secret"


@dataclass(frozen=True)
class _Request:
    kind: Kind
    key: str
    purpose: str  # upper-snake suffix, e.g. "SERVER_SECRET"
    description: str


class VariableAllocator:
    """Collects the secrets found during an export, then names them all at once.

    Naming waits until every secret is known so that the result does not depend
    on the order resources were visited: `SUPPORT_SERVER_SECRET` unless two
    owners of different kinds share the key `support`, in which case both get
    their kind (`ASSISTANT_SUPPORT_SERVER_SECRET`, `TOOL_SUPPORT_SERVER_SECRET`).
    """

    def __init__(self) -> None:
        self._requests: list[_Request] = []

    def request(self, kind: Kind, key: str, purpose: str, description: str) -> str:
        """Reserve a variable; returns a token to pass to `resolve` later."""
        self._requests.append(_Request(kind, key, _upper_snake(purpose), description))
        return f"\x00var{len(self._requests) - 1}\x00"

    def names(self) -> dict[str, Variable]:
        """token -> Variable, deterministic for a given set of requests."""
        short: dict[int, str] = {}
        for index, req in enumerate(self._requests):
            short[index] = f"{_upper_snake(req.key)}_{req.purpose}"
        counts: dict[str, set[Kind]] = {}
        for index, req in enumerate(self._requests):
            counts.setdefault(short[index], set()).add(req.kind)
        result: dict[str, Variable] = {}
        used: set[str] = set()
        for index in sorted(range(len(self._requests)), key=lambda i: self._order(i)):
            req = self._requests[index]
            name = short[index]
            if len(counts[name]) > 1 or not name[:1].isalpha():
                name = f"{_upper_snake(req.kind.value)}_{name}"
            unique, counter = name, 2
            while unique in used:
                unique, counter = f"{name}_{counter}", counter + 1
            used.add(unique)
            result[f"\x00var{index}\x00"] = Variable(unique, req.description)
        return result

    def _order(self, index: int) -> tuple[str, str, str, str]:
        req = self._requests[index]
        return (req.kind.value, req.key, req.purpose, req.description)
