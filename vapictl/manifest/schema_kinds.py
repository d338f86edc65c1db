"""Manifest schemas of the kinds described only by the registry (credentials,
structured outputs, scorecards, the simulation stack, evals).

What they check is what the registry knows: the name and its cap, required
fields, references by key (or raw id), secrets; the API's own field rules are
checked on the resolved body by the spec-derived validator (vapictl.apischema).
Unknown fields pass through (DESIGN.md §3).
"""

from __future__ import annotations

from vapictl.manifest.schema_common import Schema, entry_keys, name_schema, typed
from vapictl.model import SPECS, Kind, Reference
from vapictl.model.registry import FILE_EXTENSIONS, FILE_PURPOSES

# Kinds whose schema is hand-written in schema.py / schema_phone.py.
HAND_WRITTEN = frozenset({Kind.ORG, Kind.TOOL, Kind.ASSISTANT, Kind.SQUAD, Kind.PHONE_NUMBER})


def _reference(reference: Reference) -> Schema:
    target = SPECS[reference.target]
    if reference.many:
        items: Schema = {"type": ["string", "object"] if reference.inline else "string"}
        return typed("array", f"{target.plural.capitalize()} by manifest key.", items=items)
    kinds = ["string", "object"] if reference.inline else "string"
    return typed(kinds, f"A {target.label} by manifest key.")


def kind_schema(kind: Kind) -> Schema:
    spec = SPECS[kind]
    properties: Schema = {
        "name": name_schema(spec.name_max, nullable=not spec.name_required),
    }
    one_of_each: list[Schema] = []
    for reference in spec.references:
        if reference.at:
            continue  # nested references: resolved and checked by manifest/references.py
        properties[reference.field] = _reference(reference)
        if reference.required:
            one_of_each.append(
                {
                    "anyOf": [
                        {"required": [reference.field]},
                        {"required": [reference.api_field]},
                    ],
                    "errorMessage": f"expected '{reference.field}' (a manifest key) "
                    f"or '{reference.api_field}' (a raw id)",
                }
            )
    for path in spec.secret_paths:
        if "." not in path:
            properties[path] = typed("string", "A secret: must be a ${VARIABLE}.")
    schema: Schema = {
        "type": "object",
        "properties": {**properties, **entry_keys()},
    }
    if spec.upload:
        _upload_fields(schema)
    if spec.required:
        schema["required"] = list(spec.required)
    if one_of_each:
        schema["allOf"] = one_of_each
    return schema


def _upload_fields(schema: Schema) -> None:
    """A file entry: a local path, a purpose; nothing else can be sent with an upload."""
    schema["properties"]["path"] = typed(
        "string",
        "The local file, relative to this manifest (inside the manifests' tree); one of "
        + ", ".join(FILE_EXTENSIONS),
        nullable=False,
        minLength=1,
    )
    schema["properties"]["purpose"] = typed(
        "string",
        "What the file is for (set at upload).",
        nullable=False,
        enum=list(FILE_PURPOSES),
    )
    schema["properties"]["name"]["minLength"] = 1
    schema["required"] = ["path"]
    schema["additionalProperties"] = False


def registry_definitions() -> dict[str, Schema]:
    """`$defs` entries of every registry-only kind, named by kind."""
    return {kind.value: kind_schema(kind) for kind in SPECS if kind not in HAND_WRITTEN}
