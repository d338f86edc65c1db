"""Secret values known to this process, and scrubbing them from any text.

Renderers mask secrets by field (`(sensitive)`), but a secret could still slip
into an error message or a log line (an API echoing a body, say). Every value
loaded as a secret is registered here, and every line vapictl prints or writes
passes through `redact`, so a leak needs two independent bugs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

MASK = "(sensitive)"
_MIN_LENGTH = 4  # shorter values would redact ordinary words; manifests refuse secrets under 8

_lock = threading.Lock()
_values: set[str] = set()


def register_secret(value: str) -> None:
    """Remember a secret value, and the escaped forms an error may echo it in, so that
    `redact` removes it from output."""
    if len(value) >= _MIN_LENGTH:
        with _lock:
            _values.update(escaped_forms(value))


def escaped_forms(value: str) -> set[str]:
    """`value` as written inside a JSON string (ASCII-only or not), a Python repr and a
    bytes repr: an API error that quotes a request body shows `a\\"b` for `a"b`."""
    import json

    return {
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        repr(value)[1:-1],
        repr(value.encode("utf-8"))[2:-1],
    }


def redact(text: str) -> str:
    """Replace every registered secret value in `text` by the mask."""
    if not _values:
        return text
    with _lock:
        values = sorted(_values, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text


def spans_lines() -> bool:
    """Does a registered secret hold a line break? (Then text is redacted whole, never
    line by line.)"""
    with _lock:
        return any("\n" in value for value in _values)


def clear_registry() -> None:
    """Forget all registered secrets (tests)."""
    with _lock:
        _values.clear()


def fingerprint(value: str, salt: str = "") -> str:
    """A short, stable digest of a secret, safe to show and store (8 hex chars).

    Lets the plan detect a changed secret without reading it back (DESIGN.md §5).
    Salted with the owner's address so equal secrets on two resources differ.
    """
    import hashlib

    return hashlib.sha256(f"vapictl:{salt}:{value}".encode()).hexdigest()[:8]


_SENSITIVE_NAMES = frozenset({"authorization", "xvapisecret", "proxyauthorization", "cookie"})
_SENSITIVE_SUFFIXES = ("secret", "token", "password", "secretkey", "apikey", "privatekey")


def is_sensitive_field(name: str) -> bool:
    """Whether a field or header name holds credentials (`Authorization`, `twilioAuthToken`,
    `X-Vapi-Secret`, `apiKey`, ...): such values are masked on both sides of a change."""
    normalized = name.lower().replace("-", "").replace("_", "")
    return normalized in _SENSITIVE_NAMES or normalized.endswith(_SENSITIVE_SUFFIXES)


# Header names whose values are credentials (RFC 7235 Authorization, Vapi's
# X-Vapi-Secret, and the usual api-key / token spellings).
_SECRET_HEADER_WORDS = ("authorization", "secret", "token", "key", "password", "signature")


def is_secret_header(name: str) -> bool:
    """Whether an HTTP header name holds a credential (export makes its value a variable)."""
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_HEADER_WORDS)


# Where header maps live: a number's or tool's `headers` (an apiRequest tool's is a JSON
# schema, `headers.properties.NAME.value`), and SIP headers.
_HEADER_MAPS = frozenset({"headers", "sipHeaders"})
_SCHEMA_WORDS = frozenset({"type", "description"})  # a header's schema, not its value

PathParts = tuple[str | int, ...]


def is_sensitive_path(parts: PathParts) -> bool:
    """Whether the value at `parts` (inside one resource) holds a credential: a
    credential-named field (`apiKey`, `server.secret`), or the value of a credential-named
    header (`headers.Authorization`, `headers.properties.X-Api-Key.value`). One rule for
    plans, saved plans, snapshots and pull, whether the value came from a variable or live."""
    if parts and isinstance(parts[-1], str) and is_sensitive_field(parts[-1]):
        return True
    names = [part for part in parts if isinstance(part, str)]
    for index, name in enumerate(names):
        if name in _HEADER_MAPS:
            # Any name below: a header name with a dot in it is split by a dotted path.
            below = [part for part in names[index + 1 :] if part != "properties"]
            if any(is_secret_header(name) for name in below):
                return len(below) == 1 or below[-1] not in _SCHEMA_WORDS
    return False


def replace_sensitive(
    value: Any, parts: PathParts, replace: Callable[[PathParts, Any], Any]
) -> Any:
    """A copy of `value` (found at `parts`) with every leaf at a sensitive path replaced
    by `replace(path, leaf)`."""
    if isinstance(value, dict):
        return {key: replace_sensitive(item, (*parts, key), replace) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_sensitive(item, (*parts, i), replace) for i, item in enumerate(value)]
    return replace(parts, value) if is_sensitive_path(parts) else value


def mask_sensitive(value: Any, parts: PathParts = ()) -> Any:
    """`value` (found at `parts`) with every sensitive value inside it replaced by MASK."""
    return replace_sensitive(value, parts, lambda _, leaf: MASK if leaf is not None else leaf)
