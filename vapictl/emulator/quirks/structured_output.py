"""Structured outputs: PATCH takes `schemaOverride`; only `true` may change the schema's
top-level type (CONFIG-KINDS §3.1; DOCS assistants/structured-outputs.mdx "Limitations")."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.http import bad_request
from vapictl.emulator.quirks.base import Hooks, Params
from vapictl.emulator.storage import Document, Store


def _schema_type(schema: Any) -> Any:
    return schema.get("type") if isinstance(schema, dict) else None


def _check_update(_store: Store, body: Document, stored: Document, params: Params) -> None:
    if "schema" not in body or params.get("schemaOverride", [""])[-1] == "true":
        return
    old, new = _schema_type(stored.get("schema")), _schema_type(body.get("schema"))
    if old != new:
        raise bad_request(
            [f"schema type cannot be changed from {old} to {new} unless schemaOverride is true"]
        )


# `workflowIds` is server-managed: workflows are retired (CONFIG-KINDS §3.1, §7).
HOOKS = Hooks(server_fields={"workflowIds": []}, check_update=_check_update)
