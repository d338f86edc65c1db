"""Local webhook servers on loopback that answer Vapi's server messages well or badly."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Reply = tuple[int, Any]
Behaviour = Callable[[dict[str, Any], dict[str, str]], Reply]

SECRET_HEADER = "x-vapi-secret"


def tool_results(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"toolCallId": call["id"], "result": "done"} for call in message["toolCallList"]]


def _good_tool(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    return 200, {"results": tool_results(body["message"])}


def _slow_tool(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    time.sleep(1.6)  # the tool's server.timeoutSeconds is 1
    return _good_tool(body, headers)


def _wrong_shape(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    return 200, {"ok": True}


def _server_error(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    return 500, {"message": "internal error"}


def _inline_assistant(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    return 200, {"assistant": {"firstMessage": "Hello from the probe target"}}


def _ok(body: dict[str, Any], headers: dict[str, str]) -> Reply:
    return 200, {}


BEHAVIOURS: dict[str, Behaviour] = {
    "/tools/good": _good_tool,
    "/tools/slow": _slow_tool,
    "/tools/shape": _wrong_shape,
    "/tools/500": _server_error,
    "/ar/good": _inline_assistant,
    "/ar/wrong": _wrong_shape,
    "/events/open": _ok,  # never checks the secret
}


class Webhooks:
    """`with Webhooks(secrets={"/events/checked": "s3cret"}) as hooks: hooks.url("/tools/good")`.

    Paths listed in `secrets` answer 401 unless X-Vapi-Secret carries that value, then 200."""

    def __init__(self, secrets: dict[str, str] | None = None) -> None:
        self.secrets = dict(secrets or {})
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self._lock = threading.Lock()
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with hooks._lock:
                    hooks.requests.append((self.path, headers, body))
                status, reply = hooks.answer(self.path, body, headers)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Reply:
        expected = self.secrets.get(path)
        if expected is not None:
            if headers.get(SECRET_HEADER) != expected:
                return 401, {"message": "bad secret"}
            if path.startswith("/tools/"):
                return _good_tool(body, headers)
            return 200, {}
        return BEHAVIOURS[path](body, headers)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def received(self, path: str) -> list[tuple[dict[str, str], dict[str, Any]]]:
        with self._lock:
            return [(h, b) for p, h, b in self.requests if p == path]

    def __enter__(self) -> Webhooks:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
