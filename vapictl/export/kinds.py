"""`--kind` values: the kind names, their manifest sections, and the obvious spellings."""

from __future__ import annotations

import re

from vapictl.errors import UsageError
from vapictl.export.build import EXPORTABLE_KINDS
from vapictl.model import SPECS, Kind


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_ALIASES: dict[str, Kind] = {}
for _kind in EXPORTABLE_KINDS:
    for _spelling in (_kind.value, SPECS[_kind].section, f"{_kind.value}s"):
        _ALIASES[_normalise(_spelling)] = _kind
_ALIASES["phone"] = _ALIASES["phones"] = Kind.PHONE_NUMBER


def parse_kind(text: str) -> Kind:
    """`"assistant"`, `"assistants"`, `"phone-number"`, `"phoneNumbers"` ... -> Kind."""
    kind = _ALIASES.get(_normalise(text))
    if kind is None:
        choices = ", ".join(kind.value for kind in EXPORTABLE_KINDS)
        raise UsageError(f"Unknown --kind {text!r}: expected one of {choices}.")
    return kind
