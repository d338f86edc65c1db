"""list_all: paging past the API's 1000-item cap with createdAt filters."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.api._fakes import make_client
from vapictl.api import list_all_pages
from vapictl.errors import ApiError

_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def _stamp(tick: int) -> str:
    # The API's format: ISO 8601 with milliseconds and a Z (API-REFERENCE §3).
    moment = _EPOCH + timedelta(milliseconds=tick)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _items(ticks: list[int]) -> list[dict[str, Any]]:
    return [{"id": f"id-{n:05d}", "createdAt": _stamp(tick)} for n, tick in enumerate(ticks)]


class FakeListApi:
    """A list endpoint like Vapi's: newest first, `limit` capped at 1000, createdAt filters.

    Each page is shuffled before it is returned, so the client cannot rely on
    the order inside a page.
    """

    def __init__(self, items: list[dict[str, Any]], *, max_limit: int = 1000) -> None:
        self.items = items
        self.max_limit = max_limit
        self.queries: list[dict[str, str]] = []
        self._shuffle = random.Random(7).shuffle

    def page(self, query: dict[str, str]) -> list[dict[str, Any]]:
        self.queries.append(dict(query))
        limit = min(int(query.get("limit", "100")), self.max_limit)
        selected = [item for item in self.items if self._matches(item, query)]
        selected.sort(key=lambda item: item["createdAt"], reverse=True)
        result = selected[:limit]
        self._shuffle(result)
        return result

    @staticmethod
    def _matches(item: dict[str, Any], query: dict[str, str]) -> bool:
        created = datetime.fromisoformat(item["createdAt"])
        checks = {
            "createdAtLt": lambda bound: created < bound,
            "createdAtLe": lambda bound: created <= bound,
            "createdAtGt": lambda bound: created > bound,
            "createdAtGe": lambda bound: created >= bound,
        }
        return all(
            check(datetime.fromisoformat(query[key]))
            for key, check in checks.items()
            if key in query
        )

    def handler(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.page(dict(request.url.params)))


def test_lists_2500_items_with_ties_at_every_page_boundary() -> None:
    # 2,500 items, three per millisecond: 1000 is not a multiple of 3, so every
    # page boundary falls inside a run of equal createdAt values.
    ticks = [n // 3 for n in range(2500)]
    api = FakeListApi(_items(ticks))
    client = make_client(api.handler)
    listed = client.list_all("/assistant")
    assert sorted(item["id"] for item in listed) == sorted(item["id"] for item in api.items)
    assert len(listed) == 2500
    assert all(q["limit"] == "1000" for q in api.queries)
    assert "createdAtLe" not in api.queries[0]
    assert len(api.queries) == 3  # 1000 + 1000 (one re-read tie) + the rest, no extra round
    assert client.request_count == 3


def test_boundary_tie_split_across_pages_is_not_lost() -> None:
    # 998 newer items, then 10 sharing one timestamp straddling the 1000 boundary, then older ones.
    ticks = [5000 + n for n in range(998)] + [4000] * 10 + list(range(1200))
    api = FakeListApi(_items(ticks))
    listed = make_client(api.handler).list_all("/tool")
    assert len({item["id"] for item in listed}) == len(ticks) == len(listed)
    # the second page asked for everything at or before the boundary timestamp
    assert api.queries[1]["createdAtLe"] == _stamp(4000)


def test_a_short_first_page_is_the_only_request() -> None:
    api = FakeListApi(_items(list(range(10))))
    client = make_client(api.handler)
    assert len(client.list_all("/squad", {"idAny": "x"})) == 10
    assert api.queries == [{"idAny": "x", "limit": "1000"}]


def test_exactly_1000_items_costs_one_more_request_and_stops() -> None:
    api = FakeListApi(_items(list(range(1000))))
    assert len(make_client(api.handler).list_all("/tool")) == 1000
    assert len(api.queries) == 2


def test_more_than_a_page_sharing_one_timestamp_fails_clearly_instead_of_looping() -> None:
    api = FakeListApi(_items([42] * 1001))
    with pytest.raises(ApiError, match="share the createdAt"):
        make_client(api.handler).list_all("/tool")
    assert len(api.queries) == 2


def test_full_page_without_timestamps_fails_clearly() -> None:
    def fetch(query: dict[str, str]) -> list[dict[str, Any]]:
        return [{"id": str(n)} for n in range(3)]

    with pytest.raises(ApiError, match="without createdAt"):
        list_all_pages(fetch, "/tool", page_limit=3)


@settings(max_examples=150, deadline=None)
@given(
    ticks=st.lists(st.integers(min_value=0, max_value=30), min_size=0, max_size=60),
    page_limit=st.integers(min_value=4, max_value=12),
)
def test_every_item_is_listed_exactly_once(ticks: list[int], page_limit: int) -> None:
    items = _items(ticks)
    api = FakeListApi(items, max_limit=page_limit)
    try:
        listed = list_all_pages(api.page, "/tool", page_limit=page_limit)
    except ApiError:
        # only legitimate when more than a page shares one timestamp
        assert max(ticks.count(t) for t in set(ticks)) >= page_limit
        return
    assert sorted(item["id"] for item in listed) == sorted(item["id"] for item in items)
    assert len(api.queries) <= len(items) + 1  # always terminates
