"""How one value is shown in human-readable plans."""

from __future__ import annotations

import json
from typing import Any

from vapictl.engine.diff import ABSENT
from vapictl.engine.refs import UNKNOWN
from vapictl.secrets import MASK

MAX_SHOWN = 160  # long prompts are cut in text output; JSON output keeps them whole


def show(value: Any, limit: int = MAX_SHOWN) -> str:
    if value is ABSENT:
        return "(unset)"
    if isinstance(value, str) and value in (UNKNOWN, MASK):
        return value
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    for marker in (UNKNOWN, MASK):  # placeholders inside lists read as words, not strings
        text = text.replace(json.dumps(marker), marker)
    if len(text) > limit:
        return f"{text[:limit]}… (+{len(text) - limit} chars)"
    return text
