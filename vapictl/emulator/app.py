"""The emulator as a WSGI app: routing, bearer auth, faults, JSON in and out.

The same app serves `vapictl emulator serve` (over a threaded HTTP server) and
`--local` (in-process through httpx.WSGITransport).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from vapictl.emulator.faults import AccessLog, Faults, RequestStats, retry_after_header
from vapictl.emulator.http import INVALID_KEY_MESSAGE, HttpError, bad_request
from vapictl.emulator.resources import KINDS, Resources
from vapictl.emulator.storage import ORG_KIND, Store

StartResponse = Callable[..., Any]
Handler = Callable[[dict[str, str], Any], tuple[int, Any]]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_MUTATIONS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


def _check_uuid(value: str) -> str:
    # NestJS ParseUUIDPipe: the spec declares `{id}` as format uuid (API-REFERENCE §1).
    if not _UUID.match(value):
        raise bad_request("Validation failed (uuid is expected)")
    return value


class EmulatorApp:
    """A WSGI callable; thread-safe (the store serialises writes)."""

    def __init__(
        self,
        store: Store,
        api_key: str,
        *,
        faults: Faults | None = None,
        access_log: AccessLog | None = None,
    ) -> None:
        self.store = store
        self.resources = Resources(store)
        self.api_key = api_key
        self.faults = faults or Faults()
        self.access_log = access_log
        self.stats = RequestStats()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        self.stats.begin()
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO") or "/")
        try:
            # Read the whole body first: on a keep-alive connection unread bytes would be
            # taken for the next request.
            raw_body = _read_raw_body(environ)
            status, body, headers = self._handle(environ, method, path, raw_body)
        except Exception:  # a bug in the emulator must still answer, like NestJS does
            status, body, headers = 500, {"statusCode": 500, "message": "Internal server error"}, {}
        payload = json.dumps(body, separators=(",", ":")).encode()
        header_list = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(payload))),
            *headers.items(),
        ]
        start_response(f"{status} {HTTPStatus(status).phrase}", header_list)
        self.stats.record(method, status)
        if self.access_log is not None:
            self.access_log.write(method, path, status, (time.perf_counter() - started) * 1000)
        return [payload]

    def _handle(
        self, environ: dict[str, Any], method: str, path: str, raw_body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        try:
            handler = self._route(method, path)
            args = dict(parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True))
            self._authenticate(environ)
            wait = self.faults.take_token()
            if wait is not None:
                return (
                    429,
                    {"statusCode": 429, "message": "Too Many Requests"},
                    {"Retry-After": retry_after_header(wait)},
                )
            if self.faults.latency_ms > 0:
                time.sleep(self.faults.latency_ms / 1000)
            fault = self.faults.pick_fault()
            if fault is not None:
                fault_status, commit_first = fault
                if commit_first and method in _MUTATIONS:
                    with contextlib.suppress(HttpError):
                        handler(args, _parse_body(raw_body, method))
                return fault_status, _fault_body(fault_status), {}
            status, body = handler(args, _parse_body(raw_body, method))
            return status, body, {}
        except HttpError as exc:
            return exc.status, exc.body, exc.headers

    def _authenticate(self, environ: dict[str, Any]) -> None:
        header = str(environ.get("HTTP_AUTHORIZATION", ""))
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self.api_key.encode()
        ):
            raise HttpError(401, INVALID_KEY_MESSAGE)

    def _route(self, method: str, path: str) -> Handler:
        """Match a route or raise NestJS's 404 "Cannot GET /foo"."""
        parts = [p for p in path.split("/") if p]
        handler = self._match(method, parts)
        if handler is None:
            raise HttpError(404, f"Cannot {method} {path}")
        return handler

    def _match(self, method: str, parts: list[str]) -> Handler | None:
        res = self.resources
        if len(parts) == 1 and parts[0] in KINDS:
            kind = parts[0]
            if method == "GET":
                return lambda a, _b: (200, res.list_kind(kind, a))
            if method == "POST":
                return lambda _a, b: (201, res.create(kind, b))
        elif len(parts) == 2 and parts[0] in KINDS:
            kind, doc_id = parts
            if method == "GET":
                return lambda _a, _b: (200, res.get(kind, _check_uuid(doc_id)))
            if method == "PATCH":
                return lambda _a, b: (200, res.update(kind, _check_uuid(doc_id), b))
            if method == "DELETE":
                return lambda _a, _b: (200, res.delete(kind, _check_uuid(doc_id)))
        elif parts == ["v2", "phone-number"] and method == "GET":
            return lambda a, _b: (200, res.list_phone_numbers_v2(a))
        elif parts == ["org"] and method == "GET":
            return lambda _a, _b: (200, res.list_orgs())
        elif len(parts) == 2 and parts[0] == ORG_KIND:
            org_id = parts[1]
            if method == "GET":
                return lambda _a, _b: (200, res.get(ORG_KIND, _check_uuid(org_id)))
            if method == "PATCH":
                return lambda _a, b: (200, res.update(ORG_KIND, _check_uuid(org_id), b))
        return None


def _read_raw_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return bytes(environ["wsgi.input"].read(length)) if length > 0 else b""


def _parse_body(raw: bytes, method: str) -> Any:
    if method not in ("POST", "PATCH", "PUT"):
        return None
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"Unexpected token in JSON: {exc}") from None
    if not isinstance(body, dict):
        raise bad_request(["request body must be a JSON object"])
    return body


def _fault_body(status: int) -> dict[str, Any]:
    if status == 500:
        return {"statusCode": 500, "message": "Internal server error"}
    return {
        "statusCode": status,
        "error": HTTPStatus(status).phrase,
        "message": HTTPStatus(status).phrase,
    }
