"""Phone numbers and credentials: write-only secrets and free Vapi numbers."""

from __future__ import annotations

import uuid

from vapictl.emulator.http import HttpError, bad_request
from vapictl.emulator.quirks.base import Hooks, View
from vapictl.emulator.storage import Document, Store
from vapictl.emulator.validation.core import words

# DOCS phone-numbers/free-telephony.mdx: at most 5 free Vapi numbers per account.
MAX_FREE_NUMBERS = 5

# Fields the spec marks "This is not returned in the API" [OAS]: stored, never echoed.
_PHONE_SECRETS = frozenset({"twilioAuthToken", "twilioApiSecret"})
_CREDENTIAL_SECRETS = frozenset(
    {
        "authToken",
        "apiKey",
        "apiSecret",
        "vonageApplicationPrivateKey",
        "openAIKey",
        "ocpApimSubscriptionKey",
        "awsSecretAccessKey",
        "webhookUrl",
    }
)
# Inside plans, keys and buckets: documented "not returned" (privateKey, authPassword,
# secretAccessKey, hmacSecret, the AWS keys) or plainly secret (token, secretKey, clientSecret).
_NESTED_SECRETS = frozenset(
    words(
        "token secretKey clientSecret authPassword privateKey secretAccessKey hmacSecret "
        "awsAccessKeyId awsSecretAccessKey"
    )
)
_NESTED_SECRET_HOLDERS = (
    "authenticationPlan",
    "outboundAuthenticationPlan",
    "bucketPlan",
    "gcpKey",
)
# The Vonage credential's apiKey is an identifier, not a secret [OAS VonageCredential].
_VISIBLE_BY_PROVIDER = {"vonage": frozenset({"apiKey"})}


def _render_phone_number(_store: Store, doc: Document, _view: View) -> Document:
    return {k: v for k, v in doc.items() if k not in _PHONE_SECRETS}


def _no_phone_secret(text: str) -> bool:
    """The stored text has none of the fields _render_phone_number leaves out."""
    return not any(name in text for name in _PHONE_SECRETS)


def _render_credential(_store: Store, doc: Document, _view: View) -> Document:
    hidden = _CREDENTIAL_SECRETS - _VISIBLE_BY_PROVIDER.get(str(doc.get("provider")), frozenset())
    out = {k: v for k, v in doc.items() if k not in hidden}
    for holder in _NESTED_SECRET_HOLDERS:
        nested = out.get(holder)
        if isinstance(nested, dict):
            out[holder] = {k: v for k, v in nested.items() if k not in _NESTED_SECRETS}
    if "authenticationPlan" in out:
        # CustomCredential/WebhookCredential declare this session as required [OAS].
        out.setdefault("authenticationSession", {})
    return out


def _check_sip_uri_free(store: Store, sip_uri: object, own_id: object = None) -> None:
    """A SIP URI routes calls to exactly one number, so the real API refuses a second
    number with the same `sipUri` (400). Checked inside the caller's transaction."""
    if not isinstance(sip_uri, str) or not sip_uri:
        return
    holders = store.count_where("phone-number", "$.sipUri", sip_uri)
    if holders and not (
        own_id is not None
        and holders == 1
        and (store.get("phone-number", str(own_id)) or {}).get("sipUri") == sip_uri
    ):
        raise bad_request([f"sipUri {sip_uri} is already in use by another phone number"])


def _check_update_phone_number(
    store: Store, body: Document, stored: Document, _params: object
) -> None:
    if "sipUri" in body:
        _check_sip_uri_free(store, body["sipUri"], stored.get("id"))


def _create_phone_number(store: Store, body: Document) -> Document:
    fields = {**body, "status": "active"}
    area_code = body.get("numberDesiredAreaCode")
    if body["provider"] != "vapi" or not area_code:
        with store.transaction():  # the uniqueness check and the insert must not interleave
            _check_sip_uri_free(store, body.get("sipUri"))
            return store.insert("phone-number", fields)
    with store.transaction():  # the cap check and the insert must not interleave
        _check_sip_uri_free(store, body.get("sipUri"))
        if store.count_where("phone-number", "$.provider", "vapi", present="$.number") >= (
            MAX_FREE_NUMBERS
        ):
            raise bad_request(
                [
                    f"You can only have {MAX_FREE_NUMBERS} free Vapi numbers. "
                    "Delete one or import your own."
                ]
            )
        fields["number"] = _free_number(store, str(area_code))
        return store.insert("phone-number", fields)


def _free_number(store: Store, area_code: str) -> str:
    for suffix in range(123, 10000):
        candidate = f"+1{area_code}555{suffix:04d}"
        if not store.exists_where("phone-number", "$.number", candidate):
            return candidate
    raise HttpError(400, [f"No free numbers left in area code {area_code}"])


PHONE_NUMBER = Hooks(
    server_fields={"isServerUrlSecretSet": False, "isDeleted": False},
    create=_create_phone_number,
    check_update=_check_update_phone_number,
    render=_render_phone_number,
    lists_unchanged=_no_phone_secret,
)


def _create_credential(store: Store, fields: Document) -> Document:
    if fields.get("provider") == "vonage":
        # Vapi creates a Vonage application for the credential [OAS VonageCredential].
        fields = {**fields, "vonageApplicationId": str(uuid.uuid4())}
    return store.insert("credential", fields)


CREDENTIAL = Hooks(create=_create_credential, render=_render_credential)
