"""One live API object -> one manifest entry (issue 6, points 2 and 3).

The entry must make `plan` report no changes against the object it came from.
The plan compares only declared fields, a declared mapping as a subset of the
live one and lists whole (vapictl/engine/diff.py), so the rules are:

- drop server-assigned fields (model.SERVER_ASSIGNED_FIELDS) and read-only ones;
- drop `null`s inside mappings: for a subset compare "absent" asks for nothing,
  while a declared null would ask to clear the field. List items are copied
  verbatim (nulls included) because a list is compared item by item;
- drop a field only when it equals a default the API documents (API-REFERENCE §3);
- ids of exported resources become references by manifest key;
- secrets become `${VAR}` placeholders (see placeholders.py).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vapictl.export.placeholders import VariableAllocator, is_secret_field, is_secret_header
from vapictl.model import MANAGED_CREDENTIAL_PREFIX, SECRET_HEADER, SERVER_ASSIGNED_FIELDS, Kind

# The org's settable fields (UpdateOrgDTO in API-REFERENCE §3). The org response
# also carries billing state and `jwtSecret`, so it is read by allow-list.
# `subscriptionId` is settable but binds billing, not configuration: copying it
# into another org's manifest would be wrong, so it is left out.
ORG_FIELDS: tuple[str, ...] = (
    "name",
    "channel",
    "billingLimit",
    "concurrencyLimit",
    "hipaaEnabled",
    "compliancePlan",
    "server",
)

# Defaults the API documents (API-REFERENCE §3, phone numbers): omitting a field
# equal to one of these keeps the subset compare true and the manifest short.
_PHONE_DEFAULTS: dict[str, dict[str, Any]] = {
    "byo-phone-number": {"numberE164CheckEnabled": True},
    "twilio": {"smsEnabled": True},
}

_NAMED_KINDS = (Kind.ASSISTANT, Kind.SQUAD, Kind.PHONE_NUMBER)
_TOKEN_PREFIX = "\x00var"


@dataclass
class ExportContext:
    """What every transform needs to know about the rest of the export."""

    keys: Mapping[Kind, Mapping[str, str]]  # exported kinds only: live id -> manifest key
    credentials: Mapping[str, Mapping[str, Any]]  # live credential id -> credential
    variables: VariableAllocator = field(default_factory=VariableAllocator)
    notes: list[str] = field(default_factory=list)

    def key_of(self, kind: Kind, resource_id: Any) -> str | None:
        if not isinstance(resource_id, str):
            return None
        return self.keys.get(kind, {}).get(resource_id)


def to_entry(kind: Kind, key: str, item: Mapping[str, Any], ctx: ExportContext) -> dict[str, Any]:
    """The manifest entry (without any `id:` pin) for the live object `item`."""
    item = copy.deepcopy(item)  # lists are edited in place below
    if kind is Kind.ORG:
        body = {name: item[name] for name in ORG_FIELDS if name in item}
    else:
        body = {name: value for name, value in item.items() if name not in SERVER_ASSIGNED_FIELDS}
    body = drop_nulls(body)
    _drop_read_only(kind, body)
    _drop_defaults(kind, body)
    address = f"{kind.value}/{key}"
    _replace_references(kind, address, body, ctx)
    _replace_server_secret(kind, key, body, ctx)
    if kind is Kind.PHONE_NUMBER:
        _replace_phone_secrets(key, body, ctx)
    _replace_returned_secrets(kind, key, body, [], ctx)
    _set_name(kind, key, item, body, ctx)
    return body


def drop_nulls(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `value` without null members, recursively through mappings (not lists)."""
    result: dict[str, Any] = {}
    for name, member in value.items():
        if member is None:
            continue
        result[name] = drop_nulls(member) if isinstance(member, Mapping) else member
    return result


def _drop_read_only(kind: Kind, body: dict[str, Any]) -> None:
    # A `vapi` number's `number` is assigned by the server and read-only (API-REFERENCE §3).
    if kind is Kind.PHONE_NUMBER and body.get("provider") == "vapi":
        body.pop("number", None)


def _drop_defaults(kind: Kind, body: dict[str, Any]) -> None:
    if kind is not Kind.PHONE_NUMBER:
        return
    for name, default in _PHONE_DEFAULTS.get(str(body.get("provider")), {}).items():
        # Types too: 1 == True in Python, and only the exact default may go.
        if name in body and type(body[name]) is type(default) and body[name] == default:
            del body[name]


# --- references ------------------------------------------------------------


def _replace_references(kind: Kind, address: str, body: dict[str, Any], ctx: ExportContext) -> None:
    if kind is Kind.PHONE_NUMBER:
        _reference_field(body, "assistantId", "assistant", Kind.ASSISTANT, address, ctx)
        _reference_field(body, "squadId", "squad", Kind.SQUAD, address, ctx)
    elif kind is Kind.ASSISTANT:
        model = body.get("model")
        if isinstance(model, dict):
            _reference_tools(model, address, ctx)
    elif kind is Kind.SQUAD:
        members = body.get("members")
        if isinstance(members, list):
            body["members"] = [
                _reference_member(member, f"{address} members[{index}]", ctx)
                for index, member in enumerate(members)
            ]


def _reference_field(
    body: dict[str, Any],
    id_field: str,
    ref_field: str,
    target: Kind,
    where: str,
    ctx: ExportContext,
) -> None:
    if id_field not in body:
        return
    key = ctx.key_of(target, body[id_field])
    if key is None:
        ctx.notes.append(
            f"{where}: {id_field} {body[id_field]} is not an exported {target.value}; "
            "kept as a raw id."
        )
        return
    del body[id_field]
    body[ref_field] = key


def _reference_tools(model: dict[str, Any], where: str, ctx: ExportContext) -> None:
    tool_ids = model.get("toolIds")
    if not isinstance(tool_ids, list) or not tool_ids:
        return
    keys = [ctx.key_of(Kind.TOOL, tool_id) for tool_id in tool_ids]
    if "tools" in model:
        # `model.tools` would then mix inline tool objects and keys, which the
        # plan cannot order against the live `toolIds`: keep the ids.
        ctx.notes.append(f"{where}: model has inline tools; model.toolIds kept as raw ids.")
        return
    # The plan sends `toolIds + [ids of model.tools]` (engine/desired.py) and
    # lists compare whole, so only a run of exported tools at the END of the
    # list can become keys without reordering it; the rest stays raw.
    split = len(keys)
    while split > 0 and keys[split - 1] is not None:
        split -= 1
    raw = tool_ids[:split]
    if raw:
        missing = [str(tool_id) for tool_id, key in zip(raw, keys, strict=False) if key is None]
        ctx.notes.append(
            f"{where}: model.toolIds {', '.join(missing)} are not exported tools; "
            f"{len(raw)} of {len(tool_ids)} tool ids kept raw to keep the list order."
        )
    tail = [key for key in keys[split:] if key is not None]
    if not tail:
        return
    if raw:
        model["toolIds"] = raw
    else:
        del model["toolIds"]
    model["tools"] = tail


def _reference_member(member: Any, where: str, ctx: ExportContext) -> Any:
    if not isinstance(member, Mapping):
        return member
    result = dict(member)
    assistant_id = result.get("assistantId")
    if assistant_id is not None and "assistant" not in result:
        key = ctx.key_of(Kind.ASSISTANT, assistant_id)
        if key is None:
            ctx.notes.append(
                f"{where}: assistantId {assistant_id} is not an exported assistant; "
                "kept as a raw id."
            )
        else:
            del result["assistantId"]
            result["assistant"] = key
    elif "assistantId" in result and assistant_id is None:
        del result["assistantId"]  # a null id next to an inline assistant says nothing
    return result


# --- secrets ---------------------------------------------------------------


def is_managed_secret_credential(credential: Mapping[str, Any]) -> bool:
    """A Bearer credential vapictl created for a `server.secret` (DESIGN.md §5)."""
    name = credential.get("name")
    plan = credential.get("authenticationPlan")
    return (
        isinstance(name, str)
        and name.startswith(MANAGED_CREDENTIAL_PREFIX)
        and credential.get("provider") == "custom-credential"
        and isinstance(plan, Mapping)
        and plan.get("type") == "bearer"
        and str(plan.get("headerName", "")).lower() == SECRET_HEADER.lower()
    )


def _replace_server_secret(kind: Kind, key: str, body: dict[str, Any], ctx: ExportContext) -> None:
    server = body.get("server")
    if not isinstance(server, dict):
        return
    credential = ctx.credentials.get(str(server.get("credentialId")))
    if credential is None or not is_managed_secret_credential(credential):
        return  # another credential: its id is a reference, not a secret
    del server["credentialId"]
    server["secret"] = ctx.variables.request(
        kind, key, "SERVER_SECRET", f"{kind.value}/{key} server secret"
    )


def _replace_phone_secrets(key: str, body: dict[str, Any], ctx: ExportContext) -> None:
    address = f"{Kind.PHONE_NUMBER.value}/{key}"
    provider = body.get("provider")
    if provider == "twilio":
        # Write-only (model.WRITE_ONLY_FIELDS): never returned, so whether the
        # number was imported with an auth token or an API key cannot be read;
        # an auth token is the documented default and is required on create.
        if "twilioApiKey" in body:
            body["twilioApiKey"] = ctx.variables.request(
                Kind.PHONE_NUMBER, key, "TWILIO_API_KEY", f"{address} Twilio API key"
            )
            body["twilioApiSecret"] = ctx.variables.request(
                Kind.PHONE_NUMBER, key, "TWILIO_API_SECRET", f"{address} Twilio API secret"
            )
            body.pop("twilioAuthToken", None)
        else:
            body["twilioAuthToken"] = ctx.variables.request(
                Kind.PHONE_NUMBER, key, "TWILIO_AUTH_TOKEN", f"{address} Twilio auth token"
            )
    elif provider == "vapi" and isinstance(body.get("authentication"), dict):
        # The SIP digest password is write-only (API-REFERENCE §3, vapi numbers).
        body["authentication"]["password"] = ctx.variables.request(
            Kind.PHONE_NUMBER, key, "SIP_PASSWORD", f"{address} SIP authentication password"
        )


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_TOKEN_PREFIX)


def _replace_returned_secrets(
    kind: Kind, key: str, value: Any, path: list[str | int], ctx: ExportContext
) -> None:
    """Any secret the API did return (a header value, an `apiKey`) -> a placeholder, in place."""
    items: list[tuple[str | int, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return
    for name, member in items:
        here = [*path, name]
        if isinstance(name, str) and name in ("headers", "sipHeaders") and isinstance(member, dict):
            _replace_header_secrets(kind, key, member, here, ctx)
        elif isinstance(name, str) and is_secret_field(name) and isinstance(member, str):
            if not _is_token(member):
                value[name] = _request(kind, key, here, ctx)
        else:
            _replace_returned_secrets(kind, key, member, here, ctx)


def _replace_header_secrets(
    kind: Kind, key: str, headers: dict[str, Any], path: list[str | int], ctx: ExportContext
) -> None:
    for name, member in list(headers.items()):
        here = [*path, name]
        if name == "properties" and isinstance(member, dict):
            # apiRequest tools describe headers as a JSON schema (ApiRequestTool.headers).
            _replace_header_secrets(kind, key, member, here, ctx)
        elif not is_secret_header(name):
            continue
        elif isinstance(member, str) and not _is_token(member):
            headers[name] = _request(kind, key, here, ctx)
        elif isinstance(member, dict) and isinstance(member.get("value"), str):
            member["value"] = _request(kind, key, [*here, "value"], ctx)


def _request(kind: Kind, key: str, path: list[str | int], ctx: ExportContext) -> str:
    skip = {"headers", "properties", "value", "sipHeaders"}
    purpose = "_".join(str(part) for part in path if isinstance(part, str) and part not in skip)
    dotted = ".".join(f"[{part}]" if isinstance(part, int) else part for part in path)
    return ctx.variables.request(
        kind, key, purpose, f"{kind.value}/{key} {dotted}".replace(".[", "[")
    )


# --- names -----------------------------------------------------------------


def _set_name(
    kind: Kind, key: str, item: Mapping[str, Any], body: dict[str, Any], ctx: ExportContext
) -> None:
    """`name:` only where it is not the key (DESIGN.md §3: the key is the name otherwise)."""
    if kind not in _NAMED_KINDS:
        return  # the org's name is a plain field; tools keep theirs explicit
    name = item.get("name")
    if isinstance(name, str) and name:
        if name == key:
            body.pop("name", None)
        else:
            body["name"] = name
        return
    # `name: null` keeps it unnamed (the key would otherwise become its name);
    # phone numbers are still found by number, the others by their `id:` pin.
    body["name"] = None
