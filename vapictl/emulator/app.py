"""The emulator as a WSGI app: routing, bearer auth, faults, JSON in and out.

The same app serves `vapictl emulator serve` (over a threaded HTTP server) and
`--local` (in-process through httpx.WSGITransport).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from vapictl.emulator import router
from vapictl.emulator.faults import AccessLog, Faults, RequestStats, retry_after_header
from vapictl.emulator.http import (
    INVALID_KEY_MESSAGE,
    REQUEST_BASE,
    HttpError,
    JsonText,
    bad_request,
)
from vapictl.emulator.multipart import parse_form
from vapictl.emulator.quirks import files
from vapictl.emulator.resources import Resources
from vapictl.emulator.storage import Store

# Express's JSON parser refuses bodies over 100 kB by default (body-parser `limit`,
# https://expressjs.com/en/api.html#express.json); NestJS apps like Vapi's raise it so
# that long prompts fit, and `10mb` is the usual raised value. The emulator takes up to
# 10 MiB and answers 413, as body-parser does, beyond that without reading the body.
MAX_BODY_BYTES = 10 * 1024 * 1024
StartResponse = Callable[..., Any]
Handler = router.Handler
_MUTATIONS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


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
        REQUEST_BASE.set(
            f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"
        )
        if method == "GET" and path.startswith(files.STORAGE_PREFIX):
            return self._storage(path, start_response)
        try:
            refusal = self.refusal_before_body(
                method, path, str(environ.get("HTTP_AUTHORIZATION", "")), _length(environ)
            )
            headers: dict[str, str] = {}
            if refusal is not None:  # the body is never read (the server closes the link)
                status, body = refusal.status, refusal.body
            else:
                # Read the whole body first: on a keep-alive connection unread bytes would
                # be taken for the next request.
                raw_body = _read_raw_body(environ)
                status, body, headers = self._handle(environ, method, path, raw_body)
        except Exception:  # a bug in the emulator must still answer, like NestJS does
            status, body, headers = 500, {"statusCode": 500, "message": "Internal server error"}, {}
        payload = body.encode() if isinstance(body, JsonText) else _json_bytes(body)
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

    def _storage(self, path: str, start_response: StartResponse) -> Iterable[bytes]:
        """A file's content at its storage URL (quirks/files.py)."""
        found = files.stored_content(self.store, path)
        if found is None:
            start_response(
                "404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")]
            )
            return [b"Not Found"]
        data, mimetype = found
        start_response("200 OK", [("Content-Type", mimetype), ("Content-Length", str(len(data)))])
        return [data]

    def _handle(
        self, environ: dict[str, Any], method: str, path: str, raw_body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        try:
            handler = self._route(method, path)
            # Multi-valued: both official SDKs send an array as `idAny=A&idAny=B`.
            args = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
            content_type = str(environ.get("CONTENT_TYPE", ""))
            self._authenticate(environ)
            wait = self.faults.take_token()
            if wait is not None:
                return (
                    429,
                    {"statusCode": 429, "message": "Too Many Requests"},
                    {"Retry-After": retry_after_header(wait)},
                )
            latency_ms = self.faults.request_latency_ms()
            if latency_ms > 0:
                time.sleep(latency_ms / 1000)
            fault = self.faults.pick_fault()
            if fault is not None:
                fault_status, commit_first = fault
                if commit_first and method in _MUTATIONS:
                    with contextlib.suppress(HttpError):
                        handler(args, _parse_body(raw_body, method, content_type))
                return fault_status, _fault_body(fault_status), {}
            status, body = handler(args, _parse_body(raw_body, method, content_type))
            return status, body, {}
        except HttpError as exc:
            return exc.status, exc.body, exc.headers

    def refusal_before_body(
        self, method: str, path: str, authorization: str, length: int
    ) -> HttpError | None:
        """The error to answer without reading the body: too large (413), an unknown
        route (404) or a bad key (401). No one can make the emulator read 200 MB."""
        if length > MAX_BODY_BYTES:
            return HttpError(413, "request entity too large")
        try:
            self._route(method, path)
            self._check_key(authorization)
        except HttpError as error:
            return error
        return None

    def _authenticate(self, environ: dict[str, Any]) -> None:
        self._check_key(str(environ.get("HTTP_AUTHORIZATION", "")))

    def _check_key(self, header: str) -> None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self.api_key.encode()
        ):
            raise HttpError(401, INVALID_KEY_MESSAGE)

    def _route(self, method: str, path: str) -> Handler:
        """Match a route or raise NestJS's 404 "Cannot GET /foo"."""
        handler = router.match(self.resources, method, [p for p in path.split("/") if p])
        if handler is None:
            raise HttpError(404, f"Cannot {method} {path}")
        return handler


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def _length(environ: dict[str, Any]) -> int:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _read_raw_body(environ: dict[str, Any]) -> bytes:
    length = _length(environ)
    return bytes(environ["wsgi.input"].read(length)) if length > 0 else b""


def _parse_body(raw: bytes, method: str, content_type: str) -> Any:
    """The body as NestJS's Express parsers see it: JSON for a JSON media type, form
    fields for multipart (POST /file); any other type is not parsed at all, so the
    handler sees an empty body (and a DTO with required fields answers 400)."""
    if method not in ("POST", "PATCH", "PUT"):
        return None
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        return parse_form(content_type, raw)
    if not _is_json(media_type) or not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"Unexpected token in JSON: {exc}") from None
    if not isinstance(body, dict):
        raise bad_request(["request body must be a JSON object"])
    return body


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _fault_body(status: int) -> dict[str, Any]:
    if status == 500:
        return {"statusCode": 500, "message": "Internal server error"}
    return {
        "statusCode": status,
        "error": HTTPStatus(status).phrase,
        "message": HTTPStatus(status).phrase,
    }
