"""A threaded HTTP server around the emulator app (stdlib wsgiref + ThreadingMixIn)."""

from __future__ import annotations

import functools
import json
import socket
import socketserver
import threading
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from vapictl.emulator.app import EmulatorApp
from vapictl.emulator.faults import AccessLog, Faults, RequestStats
from vapictl.emulator.storage import Store


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    stopped = False  # set by EmulatorServer.stop(): idle keep-alive connections then close
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn, which can stall for seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)
        self.setup_environ()


class _ThreadingWSGIServer6(_ThreadingWSGIServer):
    address_family = socket.AF_INET6


class _KeepAliveHandler(WSGIRequestHandler):
    """wsgiref's handler serves one request per connection (HTTP/1.0); this one keeps the
    connection open (HTTP/1.1), which cuts the per-request cost several-fold."""

    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle keep-alive connection may hold a thread
    # Buffer the status line, headers and body into one send, and send at once: small
    # separate writes on a kept-alive socket hit Nagle + delayed ACK (~40 ms each).
    wbufsize = -1
    disable_nagle_algorithm = True

    def handle(self) -> None:
        self.close_connection = False
        try:
            while not self.close_connection:
                self._handle_one()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _handle_one(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline or getattr(self.server, "stopped", False):
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            self.close_connection = True
            return
        if not self.parse_request():  # sends its own error; honours "Connection: close"
            return
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            # The app reads Content-Length bytes; an unread chunked body would be taken for
            # the next request on this connection. JSON clients send a length anyway.
            self.send_error(411, "Length Required")
            self.close_connection = True
            return
        if self._refused_unread():
            return
        handler = ServerHandler(
            self.rfile,
            self.wfile,  # type: ignore[arg-type]  # a socket writer, as in wsgiref itself
            self.get_stderr(),
            self.get_environ(),
            multithread=True,
        )
        handler.http_version = "1.1"
        handler.request_handler = self  # type: ignore[attr-defined]  # wsgiref does the same
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def _refused_unread(self) -> bool:
        """Answer 413/401/404 without reading a body, then close the connection (its
        unread bytes cannot be told from the next request). True if it answered."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return False  # the app answers 400 for a malformed length as before
        if length <= 0:
            return False
        app = self.server.get_app()  # type: ignore[attr-defined]
        if not isinstance(app, EmulatorApp):
            return False  # a test's wrapper around the app: it reads bodies as it likes
        path = unquote(self.path.split("?", 1)[0], "iso-8859-1")
        refusal = app.refusal_before_body(
            self.command, path, self.headers.get("Authorization", ""), length
        )
        if refusal is None:
            return False
        app.stats.begin()
        payload = json.dumps(refusal.body, separators=(",", ":")).encode()
        self.send_response(refusal.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()
        app.stats.record(self.command, refusal.status)
        self.close_connection = True
        return True

    def log_message(self, format: str, *args: Any) -> None:  # the access log is opt-in
        pass


class EmulatorServer:
    """`with EmulatorServer(db, key) as server: httpx.get(server.url + "/assistant", ...)`."""

    def __init__(
        self,
        db_path: Path,
        api_key: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
        fault_rate: float = 0.0,
        rate_limit: float | None = None,
        access_log: Path | None = None,
        seed: int | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.api_key = api_key
        self.host = host
        self.port = port
        self.faults = Faults(
            latency_ms=latency_ms, fault_rate=fault_rate, rate_limit=rate_limit, seed=seed
        )
        self._access_log_path = access_log
        self._httpd: _ThreadingWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._store: Store | None = None
        self._access_log: AccessLog | None = None
        self._app: EmulatorApp | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the emulator is not running")
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self._httpd.server_address[1]}"

    @property
    def stats(self) -> RequestStats:
        if self._app is None:
            raise RuntimeError("the emulator is not running")
        return self._app.stats

    @property
    def request_count(self) -> int:
        return self.stats.total

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the emulator is not running")
        return self._store

    def start(self) -> EmulatorServer:
        """Open the store and serve in a background thread (raises OSError if the port is taken)."""
        if self._httpd is not None:
            return self
        self.db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._store = Store(self.db_path)
        if self._access_log_path is not None:
            self._access_log = AccessLog(self._access_log_path)
        self._app = EmulatorApp(
            self._store, self.api_key, faults=self.faults, access_log=self._access_log
        )
        server_class: type[_ThreadingWSGIServer] = _ThreadingWSGIServer
        if ":" in self.host:
            server_class = _ThreadingWSGIServer6
        try:
            self._httpd = server_class((self.host, self.port), _KeepAliveHandler)
        except OSError:
            self._close_resources()
            raise
        self._httpd.set_app(self._app)
        # A short poll interval keeps stop() (and test teardown) fast.
        self._thread = threading.Thread(
            target=functools.partial(self._httpd.serve_forever, poll_interval=0.05),
            name="vapi-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.stopped = True
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._close_resources()

    def _close_resources(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._access_log is not None:
            self._access_log.close()
            self._access_log = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
