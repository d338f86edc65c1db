#!/usr/bin/env python3
"""Generate vapictl/apischema/data/requests.json.gz from Vapi's OpenAPI spec.

    python scripts/gen_apischema.py            # (re)write the shipped data
    python scripts/gen_apischema.py --check    # exit 1 if the shipped data is stale

Reads ../shared/vapi/openapi-current.json (relative to the repository) and keeps, for
every kind vapictl manages, the JSON request schema of its create (POST) and update
(PATCH) operation, with every schema they reference, in a compact form:

- descriptions, examples, titles and defaults are dropped;
- `$ref` becomes the bare schema name (a string node), `allOf: [one]` becomes that one;
- keywords get short names: t type, p properties, r required, o open (extra keys allowed),
  e enum, lo/hi minimum/maximum, ln/lx min/maxLength, in/ix min/maxItems, re pattern,
  f format, i items, u union (oneOf/anyOf), d discriminator property, m value -> branch
  indexes, n nullable.

The output is stamped with the spec's `info.x-source` and the sha256 of the input file,
so the staleness test (tests/apischema/test_data.py) can tell when to regenerate.
Only standard-library code: it runs before vapictl is installed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "vapi" / "openapi-current.json"
OUTPUT = REPO / "vapictl" / "apischema" / "data" / "requests.json.gz"
FORMAT_VERSION = 1

# Collection path of every kind (vapictl/model.py registry) -> has a PATCH at {path}/{id}.
API_PATHS = (
    "/assistant",
    "/tool",
    "/squad",
    "/phone-number",
    "/credential",
    "/org",
    "/structured-output",
    "/observability/scorecard",
    "/eval/simulation/personality",
    "/eval/simulation/scenario",
    "/eval/simulation",
    "/eval/simulation/suite",
    "/eval",
    "/file",
    "/v2/knowledge-base",
)
# Union members carry one of these with a single enum value: the class-validator
# discriminator the API dispatches on (the spec declares it on only some unions).
DISCRIMINATORS = ("provider", "type", "role", "on")
_KEPT_FORMATS = frozenset({"uri", "uuid"})
_SHORT = {
    "minimum": "lo",
    "maximum": "hi",
    "minLength": "ln",
    "maxLength": "lx",
    "minItems": "in",
    "maxItems": "ix",
    "pattern": "re",
}


class Compactor:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.defs: dict[str, Any] = {}
        self.unions: list[tuple[dict[str, Any], str | None]] = []

    def ref(self, name: str) -> str:
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: breaks reference cycles
            self.defs[name] = self.node(self.schemas[name])
        return name

    def node(self, schema: dict[str, Any]) -> Any:
        if "$ref" in schema:
            return self.ref(schema["$ref"].rsplit("/", 1)[1])
        if "allOf" in schema:
            parts = [self.node(part) for part in schema["allOf"]]
            if len(parts) == 1 and not schema.get("nullable"):
                return parts[0]
            return self._merge(parts, schema)
        out: dict[str, Any] = {}
        if "type" in schema:
            out["t"] = schema["type"]
        if "enum" in schema:
            out["e"] = [value for value in schema["enum"] if value is not None]
        for long, short in _SHORT.items():
            if long in schema:
                out[short] = schema[long]
        if "re" in out:
            out["re"] = out["re"].strip("/") if out["re"].endswith("/") else out["re"]
            if out["re"].startswith("/") and "/" in out["re"][1:]:  # "/source/flags"
                out["re"] = out["re"][1 : out["re"].rindex("/")]
        if schema.get("format") in _KEPT_FORMATS:
            out["f"] = schema["format"]
        if schema.get("nullable"):
            out["n"] = 1
        if "properties" in schema:
            out["p"] = {name: self.node(prop) for name, prop in schema["properties"].items()}
            if schema.get("required"):
                out["r"] = list(schema["required"])
            if schema.get("additionalProperties"):
                out["o"] = 1
        elif out.get("t") == "object":
            out["o"] = 1  # a free-form object (metadata, headers): anything goes
        if "items" in schema:
            out["i"] = self.node(schema["items"])
        union = schema.get("oneOf") or schema.get("anyOf")
        if union:
            self.union(out, union, schema.get("discriminator"))
        return out

    def _merge(self, parts: list[Any], schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {"t": "object", "p": {}}
        for part in parts:
            body = self.defs[part] if isinstance(part, str) else part
            merged["p"].update(body.get("p", {}))
            merged.setdefault("r", []).extend(body.get("r", []))
        if schema.get("nullable"):
            merged["n"] = 1
        return merged

    def union(
        self, out: dict[str, Any], branches: list[dict[str, Any]], declared: dict[str, Any] | None
    ) -> None:
        out["u"] = [self.node(branch) for branch in branches]
        # Discriminators are found once every schema is compacted (references may be cyclic).
        self.unions.append((out, declared["propertyName"] if declared else None))

    def add_discriminators(self) -> None:
        for out, declared in self.unions:
            nodes = out["u"]
            prop = declared or self._infer_discriminator(nodes)
            if prop is None:
                continue
            mapping: dict[str, list[int]] = {}
            for index, node in enumerate(nodes):
                for value in self._values(node, prop):
                    mapping.setdefault(value, []).append(index)
            if mapping:
                out["d"] = prop
                out["m"] = {value: indexes for value, indexes in sorted(mapping.items())}

    def _body(self, node: Any) -> dict[str, Any]:
        return self.defs[node] if isinstance(node, str) else node

    def _values(self, node: Any, prop: str) -> list[str]:
        field = self._body(node).get("p", {}).get(prop)
        if field is None:
            return []
        return [v for v in self._body(field).get("e", []) if isinstance(v, str)]

    def _infer_discriminator(self, nodes: list[Any]) -> str | None:
        for prop in DISCRIMINATORS:
            if all(self._values(node, prop) for node in nodes):
                return prop
        return None


def request_schema(operation: dict[str, Any] | None) -> dict[str, Any] | None:
    if operation is None:
        return None
    content = operation.get("requestBody", {}).get("content", {})
    json_body = content.get("application/json")
    return json_body["schema"] if json_body else None  # multipart uploads (/file) have none


def credential_update(schemas: dict[str, Any], create: dict[str, Any]) -> dict[str, Any]:
    """The spec has no PATCH /credential/{id} (it exists: API-REFERENCE §2) and only five
    Update*CredentialDTOs; the other providers get their Create DTO with nothing required
    (a PATCH sends only what changes)."""
    branches = []
    for branch in create["oneOf"]:
        name = branch["$ref"].rsplit("/", 1)[1]
        update_name = "Update" + name.removeprefix("Create")
        if update_name in schemas:
            branches.append({"$ref": f"#/components/schemas/{update_name}"})
        else:
            relaxed = {k: v for k, v in schemas[name].items() if k != "required"}
            schemas[f"{name}~update"] = relaxed
            branches.append({"$ref": f"#/components/schemas/{name}~update"})
    return {"oneOf": branches}


def generate(spec_path: Path) -> dict[str, Any]:
    raw = spec_path.read_bytes()
    spec = json.loads(raw)
    schemas = dict(spec["components"]["schemas"])
    compactor = Compactor(schemas)
    roots: dict[str, dict[str, Any]] = {}
    for api_path in API_PATHS:
        item = spec["paths"].get(api_path, {})
        create = request_schema(item.get("post"))
        update = request_schema(spec["paths"].get(f"{api_path}/{{id}}", {}).get("patch"))
        if api_path == "/credential":
            # The path is from the 2024-12 spec (31 providers); the current union of
            # Create*CredentialDTOs (57) is the one inline assistant credentials use.
            create = schemas["CreateAssistantDTO"]["properties"]["credentials"]["items"]
            update = credential_update(schemas, create)
        ops = {}
        for operation, schema in (("create", create), ("update", update)):
            if schema is not None:
                ops[operation] = compactor.node(schema)
        roots[api_path] = ops
    compactor.add_discriminators()
    return {
        "format": FORMAT_VERSION,
        "source": spec.get("info", {}).get("x-source", ""),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "roots": roots,
        "defs": dict(sorted(compactor.defs.items())),
    }


def encode(data: dict[str, Any]) -> bytes:
    text = json.dumps(data, separators=(",", ":"), sort_keys=False).encode()
    return gzip.compress(text, compresslevel=9, mtime=0)  # mtime 0: reproducible bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if --out is stale")
    args = parser.parse_args(argv)
    payload = encode(generate(args.spec))
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != payload:
            print(f"{args.out} is stale: run scripts/gen_apischema.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(payload)
    print(f"wrote {args.out} ({len(payload)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
