"""The org: UpdateOrgDTO fields only [OAS]; `orgId`, `jwtSecret` etc. are read-only."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import core
from vapictl.emulator.validation.core import Messages
from vapictl.emulator.validation.shared import server_check

KEYS = frozenset(
    {
        "hipaaEnabled",
        "subscriptionId",
        "name",
        "channel",
        "billingLimit",
        "server",
        "concurrencyLimit",
        "compliancePlan",
    }
)


def validate(body: dict[str, Any], out: Messages) -> None:
    core.unknown_keys(body, KEYS, "", out)
    core.string(body, "name", "", out, max_length=40)
    core.one_of(body, "channel", ("daily", "default", "weekly", "intuit", "hcs"), "", out)
    core.number(body, "billingLimit", "", out, minimum=0, maximum=1000)
    core.number(body, "concurrencyLimit", "", out, minimum=1, maximum=10)
    core.boolean(body, "hipaaEnabled", "", out)
    server_check(body, "", out)
