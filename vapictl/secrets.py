"""Secret values known to this process, and scrubbing them from any text.

Renderers mask secrets by field (`(sensitive)`), but a secret could still slip
into an error message or a log line (an API echoing a body, say). Every value
loaded as a secret is registered here, and every line vapictl prints or writes
passes through `redact`, so a leak needs two independent bugs.
"""

from __future__ import annotations

import threading

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
