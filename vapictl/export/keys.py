"""Stable, unique manifest keys derived from live names (issue 6: slugs, unique).

A key must not depend on anything that changes between two reads of an
unchanged org, so ties are broken by `createdAt` then `id`, never by the
order the API happened to list things in (API-REFERENCE §1: sort order is
undocumented).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vapictl.model import Kind
from vapictl.model.identity import base_name

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`"Support Bot (EU)"` -> `"support-bot-eu"`; "" when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def _sort_key(item: Mapping[str, Any]) -> tuple[str, str]:
    return (str(item.get("createdAt") or ""), str(item.get("id") or ""))


def base_key(kind: Kind, item: Mapping[str, Any]) -> str:
    """The slug a resource would like as its key, before uniqueness ("" if none)."""
    name = item.get("name")
    if isinstance(name, str) and kind is Kind.CREDENTIAL:
        name = base_name(name)  # the fingerprint suffix is vapictl's, not the key's
    if isinstance(name, str) and slugify(name):
        return slugify(name)
    if kind is Kind.TOOL:
        function = item.get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            return slugify(function["name"])
    if kind is Kind.FILE and isinstance(item.get("originalName"), str):
        return slugify(Path(item["originalName"]).stem)
    if kind is Kind.PHONE_NUMBER:
        number = item.get("number")
        if isinstance(number, str) and slugify(number):
            return slugify(number)
        sip_uri = item.get("sipUri")
        if isinstance(sip_uri, str):
            # sip:<user>@sip.vapi.ai -> <user> (API-REFERENCE §3, vapi numbers)
            user = sip_uri.removeprefix("sip:").removeprefix("sips:").split("@", 1)[0]
            return slugify(user)
    return ""


def _fallback_prefix(kind: Kind, item: Mapping[str, Any]) -> str:
    if kind is Kind.TOOL:
        return slugify(str(item.get("type") or "")) or "tool"
    return slugify(kind.value) or "resource"  # phoneNumber -> phonenumber


def assign_keys(kind: Kind, items: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """id -> unique key for every item; the oldest resource wins a contested slug."""
    ordered = sorted(items, key=_sort_key)
    wanted: list[tuple[str, str]] = []  # (id, base key)
    fallback_counts: dict[str, int] = {}
    for item in ordered:
        base = base_key(kind, item)
        if not base:
            prefix = _fallback_prefix(kind, item)
            fallback_counts[prefix] = fallback_counts.get(prefix, 0) + 1
            base = f"{prefix}-{fallback_counts[prefix]}"
        wanted.append((str(item.get("id")), base))
    # Natural slugs are claimed first so that a generated "foo-2" never steals
    # the key of a resource really named "foo-2".
    taken = {base for _, base in wanted}
    keys: dict[str, str] = {}
    seen: set[str] = set()
    for item_id, base in wanted:
        key = base
        if key in seen:
            counter = 2
            while f"{base}-{counter}" in taken or f"{base}-{counter}" in seen:
                counter += 1
            key = f"{base}-{counter}"
        seen.add(key)
        keys[item_id] = key
    return keys
