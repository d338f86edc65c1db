"""What the reliability tests check after a disturbed apply: the org converged, with no
duplicate and nothing lost (the e2e fixture org: tests/e2e/fixtures/org)."""

from __future__ import annotations

from collections import Counter

from tests.conftest import api_client
from vapictl.emulator.server import EmulatorServer

LIST_PATHS = ("/tool", "/assistant", "/squad", "/phone-number", "/credential")
# What tests/e2e/fixtures/org declares: 3 tools, 3 assistants, 1 squad, 3 numbers,
# and 3 managed credentials (org, lookup-order tool and support assistant secrets).
EXPECTED_COUNTS = {
    "/tool": 3,
    "/assistant": 3,
    "/squad": 1,
    "/phone-number": 3,
    "/credential": 3,
}


def live_identities(server: EmulatorServer) -> dict[str, Counter[str]]:
    """Per collection, how many live items carry each identity."""
    found: dict[str, Counter[str]] = {}
    with api_client(server) as api:
        for path in LIST_PATHS:
            items = api.get(path, params={"limit": 1000}).json()
            found[path] = Counter(
                str(
                    item.get("name")
                    or (item.get("function") or {}).get("name")
                    or item.get("sipUri")
                    or item.get("number")
                    or item.get("type")
                )
                for item in items
            )
    return found


def assert_converged_without_duplicates(server: EmulatorServer) -> None:
    identities = live_identities(server)
    duplicates = {
        path: {name: n for name, n in counts.items() if n > 1}
        for path, counts in identities.items()
        if any(n > 1 for n in counts.values())
    }
    assert not duplicates, f"duplicates: {duplicates}"
    counts = {path: sum(c.values()) for path, c in identities.items()}
    assert counts == EXPECTED_COUNTS, counts
