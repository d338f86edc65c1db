"""Enumerate a list endpoint past its 1000-item cap.

Vapi lists return a bare array with `limit` (max 1000) and `createdAt{Gt,Lt,Ge,Le}`
filters, no cursor (API-REFERENCE §1). A full page means there may be more: ask
again for items created at or before the oldest one seen. `createdAtLe` (not
`Lt`) so that items sharing the boundary timestamp are never skipped; the ones
already seen come back and are deduplicated by id.

This assumes each page holds the newest items matching the filter (the API's
observed behaviour); the order *within* a page is not relied on: the oldest
`createdAt` is computed, not read from the last item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from vapictl.errors import ApiError
from vapictl.model.kinds import Paging

PAGE_LIMIT = 1000  # the API's maximum `limit` (API-REFERENCE §1)

FetchPage = Callable[[dict[str, str]], list[dict[str, Any]]]


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _oldest(page: list[dict[str, Any]]) -> tuple[datetime, str] | None:
    """The oldest `createdAt` in the page, parsed and as the API wrote it."""
    oldest: tuple[datetime, str] | None = None
    for item in page:
        raw = item.get("createdAt")
        parsed = _timestamp(raw)
        if parsed is None or not isinstance(raw, str):
            continue
        if oldest is None or parsed < oldest[0]:
            oldest = (parsed, raw)
    return oldest


def list_all_pages(
    fetch: FetchPage,
    path: str,
    params: Mapping[str, str] | None = None,
    *,
    page_limit: int = PAGE_LIMIT,
    paging: Paging = Paging.CREATED_AT,
) -> list[dict[str, Any]]:
    """Every item of a list endpoint, each once, in the order first seen. A kind whose
    list takes no createdAt filters (`paging`) is read in one call."""
    base = {key: value for key, value in (params or {}).items()}
    if paging is not Paging.CREATED_AT:
        if paging is Paging.LIMIT:
            base["limit"] = str(page_limit)
        return fetch(base)
    base["limit"] = str(page_limit)
    items: dict[str, dict[str, Any]] = {}
    anonymous: list[dict[str, Any]] = []  # items with no id cannot be deduplicated
    bound: tuple[datetime, str] | None = None
    while True:
        query = dict(base)
        if bound is not None:
            query["createdAtLe"] = bound[1]
        page = fetch(query)
        for item in page:
            item_id = item.get("id")
            if isinstance(item_id, str):
                items.setdefault(item_id, item)
            else:
                anonymous.append(item)
        if len(page) < page_limit:
            break
        oldest = _oldest(page)
        if oldest is None:
            raise ApiError(
                f"GET {path} returned a full page of {len(page)} items without createdAt"
                " timestamps, so the rest cannot be listed.",
                method="GET",
                path=path,
            )
        if bound is not None and oldest[0] >= bound[0]:
            # A whole page shares one timestamp: stepping back cannot make progress.
            raise ApiError(
                f"GET {path}: more than {page_limit} items share the createdAt {oldest[1]},"
                " so they cannot all be listed with the API's createdAt filters.",
                method="GET",
                path=path,
            )
        bound = oldest
    return [*items.values(), *anonymous]
