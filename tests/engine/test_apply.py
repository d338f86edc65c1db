"""Apply's handling of ambiguous creates, with a scripted client (no HTTP)."""

from __future__ import annotations

from typing import Any

from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.engine.apply import Outcome, apply_plan
from vapictl.engine.plan import build_plan
from vapictl.errors import ApiError
from vapictl.model import Kind


class ScriptedClient:
    """Creates fail ambiguously (a 5xx after the work, or not) a set number of times."""

    def __init__(self, existing: list[dict[str, Any]], failures: int, committed: bool) -> None:
        self.items = list(existing)
        self.failures = failures
        self.committed = committed
        self.creates = 0

    def create(self, path: str, body: dict[str, Any], *, resource: str = "") -> dict[str, Any]:
        self.creates += 1
        item = {"id": f"new-{self.creates}", **body}
        if self.failures:
            self.failures -= 1
            if self.committed:
                self.items.append(item)
            raise ApiError("boom", status=502, ambiguous=True)
        self.items.append(item)
        return item

    def list_all(self, path: str, **_: Any) -> list[dict[str, Any]]:
        return list(self.items)


def _transfer(key: str, number: str) -> Any:
    destination = {"type": "number", "number": number}
    return resource(Kind.TOOL, key, {"type": "transferCall", "destinations": [destination]})


def _run(client: ScriptedClient, *entries: Any) -> Any:
    m = manifest(*entries)
    live = live_state(tools=[i for i in client.items if i["id"].startswith("t")])
    return apply_plan(build_plan(m, live), client, m)  # type: ignore[arg-type]


def test_a_committed_create_is_adopted_not_repeated() -> None:
    client = ScriptedClient([], failures=1, committed=True)
    report = _run(client, _transfer("to-sales", "+14155550001"))
    assert [r.outcome for r in report.results] == [Outcome.APPLIED]
    assert client.creates == 1 and len(client.items) == 1


def test_a_nameless_tool_never_adopts_a_sibling_with_other_content() -> None:
    sibling = live_item(
        Kind.TOOL,
        "t1",
        type="transferCall",
        destinations=[{"type": "number", "number": "+14155550001"}],
    )
    client = ScriptedClient([sibling], failures=1, committed=False)
    report = _run(
        client, _transfer("to-sales", "+14155550001"), _transfer("to-desk", "+14155550002")
    )
    (result,) = report.results
    assert result.outcome is Outcome.APPLIED
    assert result.id == "new-2"  # re-sent after the re-read found only the sibling
    assert [i["id"] for i in client.items] == ["t1", "new-2"]
