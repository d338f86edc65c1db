"""Which variables may fill which fields: variables must not exfiltrate secrets.

`${VAR}` expansion is powerful enough to copy any secret into an ordinary field
(a `firstMessage`, a tool description), where it is written to the live org,
shown in plans and PR comments, and exported into files. So:

- `VAPI_API_KEY` is never expanded, and no variable may hold the API key
  (`--api-key`, wherever it came from);
- a variable used in a secret field is a secret: it may fill secret fields only;
- a variable whose name looks secret (a word KEY, SECRET, TOKEN, PASSWORD or
  PRIVATE in it) may fill an ordinary field only if `settings.publicVariables`
  lists it, the manifest author's explicit "this value is not secret".

Every breach is a located error; all are reported at once with the other errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from vapictl.errors import Location
from vapictl.manifest.report import Report

FORBIDDEN_VARIABLES = frozenset({"VAPI_API_KEY"})
SECRET_WORDS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "PRIVATE")
_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


@dataclass(frozen=True)
class VariableUse:
    """One `${NAME}` reference: where it was written and what kind of field it fills."""

    name: str
    path: str
    location: Location | None
    secret_field: bool


def secret_word_in(name: str) -> str | None:
    """The secret-looking word of a variable name, if any: `SUPPORT_API_KEY` -> "KEY",
    `githubToken` -> "TOKEN", `MONKEY_NAME` -> None (words split at `_` and case changes;
    a plural counts)."""
    for word in _WORD_RE.findall(name):
        upper = word.upper()
        for secret_word in SECRET_WORDS:
            if upper in (secret_word, secret_word + "S"):
                return secret_word
    return None


def forbidden_reference_message(name: str) -> str:
    return (
        f"${{{name}}} is never expanded in manifests: it holds the Vapi API key, which "
        "would be written into the live org (and into exports and PR comments); remove it"
    )


def guarded_lookup(lookup: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`lookup` that never hands out a forbidden variable's value (it is reported instead)."""

    def guarded(name: str) -> str | None:
        return "" if name in FORBIDDEN_VARIABLES else lookup(name)

    return guarded


def check_variable_policy(
    uses: list[VariableUse],
    lookup: Callable[[str], str | None],
    public_variables: Collection[str],
    api_keys: Collection[str],
    report: Report,
) -> None:
    """Report every use of a variable that could leak a secret (see the module doc)."""
    secret_uses: dict[str, VariableUse] = {}
    for use in uses:
        if use.secret_field:
            secret_uses.setdefault(use.name, use)
    for use in uses:
        message = _breach(use, lookup, public_variables, api_keys, secret_uses)
        if message:
            report.error(message, use.location, use.path, "variable-policy")


def _breach(
    use: VariableUse,
    lookup: Callable[[str], str | None],
    public_variables: Collection[str],
    api_keys: Collection[str],
    secret_uses: dict[str, VariableUse],
) -> str | None:
    ref = f"${{{use.name}}}"
    if use.name in FORBIDDEN_VARIABLES:
        return forbidden_reference_message(use.name)
    value = lookup(use.name)
    if value and any(key and key in value for key in api_keys):
        return (
            f"the value of {ref} contains the Vapi API key (--api-key / VAPI_API_KEY); the "
            "API key is never written into manifests: use another variable"
        )
    if use.secret_field:
        return None
    first_secret = secret_uses.get(use.name)
    if first_secret is not None:
        where = f" at {first_secret.location}" if first_secret.location else ""
        return (
            f"{ref} fills the secret field {first_secret.path}{where}, so it is a secret and "
            "may only fill secret fields; here it would be written in clear (and shown in "
            "plans): use a separate, non-secret variable"
        )
    word = secret_word_in(use.name)
    if word is not None and use.name not in public_variables:
        return (
            f"{ref} looks like a secret (its name contains {word}) and this is not a secret "
            "field, so its value would be written in clear; if the value is not secret, list "
            f"it in settings.publicVariables: [{use.name}]"
        )
    return None


def public_variables_of(tree: Any) -> frozenset[str]:
    """`settings.publicVariables` of the merged tree (a bad value is the schema's to report)."""
    settings = tree.get("settings") if isinstance(tree, dict) else None
    names = settings.get("publicVariables") if isinstance(settings, dict) else None
    if not isinstance(names, list):
        return frozenset()
    return frozenset(name for name in names if isinstance(name, str))
