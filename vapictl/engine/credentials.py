"""Server secrets, realised the way today's API wants them.

The API dropped `server.secret`: the `X-Vapi-Secret` header now comes from a
Bearer credential referenced by `server.credentialId` (API-REFERENCE §4,
"Secret migration"). vapictl creates one such credential per owner and secret
value. The credential's name carries a fingerprint of the secret, so a
changed secret shows up in the plan without the value ever being read back
(DESIGN.md §5); rotating means: create the new credential, point the owner at
it, delete the old one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vapictl.model import MANAGED_CREDENTIAL_PREFIX, SECRET_HEADER, Kind
from vapictl.secrets import fingerprint

_NAME_MAX = 40  # credential names are 1-40 characters (API-REFERENCE §3)
_KIND_ABBREVIATIONS = {
    Kind.ORG: "org",
    Kind.TOOL: "tool",
    Kind.ASSISTANT: "asst",
    Kind.SQUAD: "squad",
    Kind.PHONE_NUMBER: "phone",
}
SECRET_PATH = "server.secret"


def secret_digest(value: str, path: str = SECRET_PATH) -> str:
    """The secret's fingerprint. Not salted with the owner's key on purpose: adopting
    an org with `export` may pick other keys, and that must not look like a rotation."""
    return fingerprint(value, salt=path)


def managed_credential_name(kind: Kind, key: str, digest: str) -> str:
    """`vapictl-asst-support-1a2b3c4d`: readable in the dashboard, at most 40 characters."""
    slug = re.sub(r"[^a-zA-Z0-9-]+", "-", key).strip("-") or "x"
    head = f"{MANAGED_CREDENTIAL_PREFIX}{_KIND_ABBREVIATIONS[kind]}-{slug}"
    return f"{head[: _NAME_MAX - len(digest) - 1]}-{digest}"


def digest_of_credential_name(name: str) -> str | None:
    """The fingerprint embedded in a managed credential's name, if it is one."""
    if not name.startswith(MANAGED_CREDENTIAL_PREFIX):
        return None
    tail = name.rsplit("-", 1)[-1]
    return tail if re.fullmatch(r"[0-9a-f]{8}", tail) else None


def is_managed_credential(credential: Mapping[str, Any]) -> bool:
    name = credential.get("name")
    return isinstance(name, str) and digest_of_credential_name(name) is not None


def bearer_credential_body(name: str, token: Any) -> dict[str, Any]:
    """The create body: a custom credential whose Bearer plan sends the raw header."""
    return {
        "provider": "custom-credential",
        "name": name,
        "authenticationPlan": {
            "type": "bearer",
            "token": token,
            "headerName": SECRET_HEADER,
            "bearerPrefixEnabled": False,
        },
    }
