"""Building blocks of the manifest JSON Schema (see schema.py)."""

from __future__ import annotations

from typing import Any

from vapictl.manifest import fields as f

Schema = dict[str, Any]


def typed(
    types: str | list[str], description: str = "", nullable: bool = True, **extra: Any
) -> Schema:
    """A typed property; optional fields also accept null, which clears them (API-REFERENCE §5)."""
    names = [types] if isinstance(types, str) else list(types)
    if nullable:
        names.append("null")
    schema: Schema = {"type": names[0] if len(names) == 1 else names}
    if description:
        schema["description"] = description
    schema.update(extra)
    return schema


def ref(name: str, description: str = "") -> Schema:
    schema: Schema = {"$ref": f"#/$defs/{name}"}
    if description:
        schema["description"] = description
    return schema


def passthrough(names: tuple[str, ...], typed: Schema) -> Schema:
    """Known fields without a specific schema accept anything (completion only)."""
    return {name: typed.get(name, {}) for name in names}


def aliases() -> Schema:
    return {
        "serverUrl": typed("string", "Alias of server.url (seed-era spelling)."),
        "serverUrlSecret": typed("string", "Alias of server.secret (seed-era spelling)."),
    }


def entry_keys() -> Schema:
    return {
        "id": {
            "type": "string",
            "pattern": f.UUID_PATTERN,
            "description": "Pin this entry to one live resource by id (a rename is an update).",
            "errorMessage": "expected a resource id (uuid)",
        },
        "protect": {
            "type": "boolean",
            "description": "Never delete this resource (prune, replace).",
        },
    }


def name_schema(max_length: int | None, nullable: bool = False) -> Schema:
    """`nullable`: `name: null` adopts an unnamed live resource (found by number or `id:`)."""
    schema = typed("string", "Name in Vapi; defaults to the manifest key.", nullable=nullable)
    if max_length:
        schema["maxLength"] = max_length
        schema["errorMessage"] = f"expected a name of at most {max_length} characters"
    return schema
