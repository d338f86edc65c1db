"""One live API object -> one manifest entry (issue 6, points 2 and 3).

The entry must make `plan` report no changes against the object it came from.
The plan compares only declared fields, a declared mapping as a subset of the
live one and lists whole (vapictl/engine/diff.py), so the rules are:

- drop server-managed fields (model.server_managed) and read-only ones;
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
from vapictl.model import (
    MANAGED_CREDENTIAL_PREFIX,
    SECRET_HEADER,
    SPECS,
    Kind,
    Reference,
    server_managed,
)
from vapictl.model.identity import base_name
from vapictl.model.registry import OAUTH_CREDENTIAL_PROVIDERS
from vapictl.model.sites import item_references, reference_sites

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

_TOKEN_PREFIX = "\x00var"


@dataclass
class ExportContext:
    """What every transform needs to know about the rest of the export."""

    keys: Mapping[Kind, Mapping[str, str]]  # exported kinds only: live id -> manifest key
    credentials: Mapping[str, Mapping[str, Any]]  # live credential id -> credential
    variables: VariableAllocator = field(default_factory=VariableAllocator)
    notes: list[str] = field(default_factory=list)
    # (target kind, output) -> output value -> key: a knowledge base's search tool id
    # -> the base's key, so `toolIds` can name it as `{knowledgeBase: KEY}`.
    output_keys: Mapping[tuple[Kind, str], Mapping[str, str]] = field(default_factory=dict)

    def key_of(self, kind: Kind, resource_id: Any) -> str | None:
        if not isinstance(resource_id, str):
            return None
        return self.keys.get(kind, {}).get(resource_id)


def to_entry(kind: Kind, key: str, item: Mapping[str, Any], ctx: ExportContext) -> dict[str, Any]:
    """The manifest entry (without any `id:` pin) for the live object `item`."""
    item = dict(copy.deepcopy(item))  # lists are edited in place below
    if kind is Kind.CREDENTIAL and isinstance(item.get("name"), str):
        item["name"] = base_name(item["name"])  # the fingerprint suffix is vapictl's
    if kind is Kind.ORG:
        body = {name: item[name] for name in ORG_FIELDS if name in item}
    else:
        ignored = server_managed(kind)
        body = {name: value for name, value in item.items() if name not in ignored}
    body = drop_nulls(body)
    _drop_read_only(kind, body)
    _drop_defaults(kind, body)
    address = f"{kind.value}/{key}"
    _replace_server_secret(kind, key, body, ctx)  # first: a managed credential is no reference
    _replace_references(kind, address, body, ctx)
    if kind is Kind.PHONE_NUMBER:
        _replace_phone_secrets(key, body, ctx)
    elif kind is Kind.CREDENTIAL:
        _request_credential_secrets(key, body, ctx)
    elif kind is Kind.SIMULATION_SUITE and isinstance(body.get("slackWebhookUrl"), str):
        body["slackWebhookUrl"] = _request(kind, key, ["slackWebhookUrl"], ctx)
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
    """Ids of exported resources -> manifest keys, at every reference the registry lists."""
    for reference, base, container in reference_sites(kind, body):
        where = f"{address} {base}" if "[" in base else address
        if reference.item_key:
            continue  # exported with the list's plain reference
        if reference.many:
            _reference_list(reference, container, where, ctx, item_references(kind, reference))
        else:
            _reference_one(reference, container, where, ctx)


def _reference_one(
    reference: Reference, container: dict[str, Any], where: str, ctx: ExportContext
) -> None:
    api_field, field_name = reference.api_field, reference.field
    if api_field not in container:
        return
    value = container[api_field]
    if value is None:
        if field_name in container:
            del container[api_field]  # a null id next to an inline object says nothing
        return
    if reference.tag is not None and container.get(reference.tag[0]) != reference.tag[1]:
        return  # another target kind's assignment
    if field_name in container:
        return  # an inline object is there too: keep both as they are
    key = ctx.key_of(reference.target, value)
    if key is None:
        ctx.notes.append(
            f"{where}: {api_field} {value} is not an exported {SPECS[reference.target].label}; "
            "kept as a raw id."
        )
        return
    del container[api_field]
    if reference.tag is not None:
        del container[reference.tag[0]]
    container[field_name] = key


def _reference_list(
    reference: Reference,
    container: dict[str, Any],
    where: str,
    ctx: ExportContext,
    siblings: tuple[Reference, ...] = (),
) -> None:
    ids = container.get(reference.api_field)
    if not isinstance(ids, list) or not ids:
        return
    keys = [_list_key(reference, item, ctx, siblings) for item in ids]
    path = f"{reference.at}.{reference.api_field}" if reference.at else reference.api_field
    plural = SPECS[reference.target].plural
    if reference.field in container and reference.field != reference.api_field:
        # The list under `field` would then mix inline objects and keys, which the
        # plan cannot order against the live ids: keep the ids.
        ctx.notes.append(f"{where}: has inline {plural}; {path} kept as raw ids.")
        return
    # The plan sends `ids + [ids of the keys]` (engine/desired.py) and lists compare
    # whole, so only a run of exported resources at the END of the list can become
    # keys without reordering it; the rest stays raw.
    split = len(keys)
    while split > 0 and keys[split - 1] is not None:
        split -= 1
    raw = ids[:split]
    if raw:
        missing = [str(item) for item, key in zip(raw, keys, strict=False) if key is None]
        ctx.notes.append(
            f"{where}: {path} {', '.join(missing)} are not exported {plural}; "
            f"{len(raw)} of {len(ids)} ids kept raw to keep the list order."
        )
    tail = [key for key in keys[split:] if key is not None]
    if not tail:
        return
    if raw:
        container[reference.api_field] = raw
    else:
        del container[reference.api_field]
    container[reference.field] = tail


def _list_key(
    reference: Reference, item: Any, ctx: ExportContext, siblings: tuple[Reference, ...]
) -> str | dict[str, str] | None:
    """A list item's manifest form: a key, `{knowledgeBase: KEY}` for an output of a
    sibling item reference, or None (not exported: kept raw)."""
    key = ctx.key_of(reference.target, item)
    if key is not None or not isinstance(item, str):
        return key
    for sibling in siblings:
        owner = ctx.output_keys.get((sibling.target, sibling.output), {}).get(item)
        if owner is not None:
            return {sibling.item_key: owner}
    return None


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


# Providers whose secret is not an `apiKey` (CONFIG-KINDS §3.13); nested plans below.
_CREDENTIAL_SECRET_FIELD: dict[str, str | None] = {
    "azure-openai": "openAIKey",
    "twilio": "authToken",
    "vonage": "apiSecret",
    "s3": "awsSecretAccessKey",
    "slack-webhook": "webhookUrl",
    **dict.fromkeys(
        (
            "byo-sip-trunk",
            "webhook",
            "custom-credential",
            "email",
            "anthropic-bedrock",
            "supabase",
            "s3-compatible",
            "cloudflare",
            "gcp",
        )
    ),
}
_AUTH_PLAN_SECRET = {"oauth2": "clientSecret", "hmac": "secretKey", "bearer": "token"}


def _request_credential_secrets(key: str, body: dict[str, Any], ctx: ExportContext) -> None:
    """Credential secrets are never returned: ask for each one the credential must have."""
    provider = str(body.get("provider"))
    top = _CREDENTIAL_SECRET_FIELD.get(provider, "apiKey")
    if top is not None and provider not in OAUTH_CREDENTIAL_PROVIDERS:
        body[top] = _request(Kind.CREDENTIAL, key, [top], ctx)
    nested = {
        "bucketPlan": "secretAccessKey",
        "gcpKey": "privateKey",
        "outboundAuthenticationPlan": "authPassword",
    }
    plan = body.get("authenticationPlan")
    if isinstance(plan, dict) and plan.get("type") in _AUTH_PLAN_SECRET:
        nested["authenticationPlan"] = _AUTH_PLAN_SECRET[str(plan["type"])]
    for parent, field_name in nested.items():
        value = body.get(parent)
        if isinstance(value, dict) and not _is_token(value.get(field_name)):
            if parent == "outboundAuthenticationPlan" and "authUsername" not in value:
                continue  # no digest auth, so no password
            value[field_name] = _request(Kind.CREDENTIAL, key, [parent, field_name], ctx)


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
    if not SPECS[kind].name_from_key:
        return  # the org's name is a plain field; tools keep theirs explicit
    name = item.get("name")
    if isinstance(name, str) and name:
        if name == key:
            body.pop("name", None)
        else:
            body["name"] = name
        return
    if name == "":
        # Named "" (the API allows it): written as is, so plan finds it by that name
        # instead of planning a twin for an entry `name: null` leaves nameless.
        body["name"] = ""
        return
    # `name: null` keeps it unnamed (the key would otherwise become its name);
    # phone numbers are still found by number, the others by their `id:` pin.
    body["name"] = None
