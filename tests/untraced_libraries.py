"""Run the busiest third-party code of the suite untraced by coverage.

Coverage measures vapictl only, yet its tracer is called for every Python function
call in every library. Per request that is about 2 ms of CPU in the client (httpx,
httpcore, h11) and as much in the emulator's server (http.server's header parsing,
wsgiref); rich's rendering and the pure-Python JSON encoder (`indent=`) pay the same
per call. Together that was most of what coverage added to the end-to-end tests.

Only functions that call no vapictl code are switched:
- the client's send through httpx's own network transport (an in-process transport,
  e.g. `--local`'s emulator, stays traced) and the building of a request;
- the server's request parsing and response writing around the emulator app, which
  stays traced (and so does wsgiref's close(), which logs through the emulator);
- rich's Console.print (vapictl defines no renderables) and JSONEncoder.encode
  (vapictl's only `default=` is `str`);
- pytest rewriting a test module's asserts, on a cold cache (~3 s of each worker's
  collection after a fresh clone).
tests/test_untraced_libraries.py checks that the same commands reach exactly the same
vapictl lines and branches with and without the switch.
"""

from __future__ import annotations

import functools
import http.server
import json.encoder
import sys
import wsgiref.handlers
import wsgiref.simple_server
from collections.abc import Callable
from typing import Any

import _pytest.assertion.rewrite
import httpx
import rich.console


def _untraced(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        tracer = sys.gettrace()
        if tracer is None:
            return function(*args, **kwargs)
        sys.settrace(None)
        try:
            return function(*args, **kwargs)
        finally:
            sys.settrace(tracer)  # the C tracer re-installs itself at its next call

    call.untraced = True  # type: ignore[attr-defined]
    return call


def _untraced_network_send(send: Callable[..., Any]) -> Callable[..., Any]:
    untraced_send = _untraced(send)

    @functools.wraps(send)
    def call(client: httpx.Client, request: httpx.Request, **kwargs: Any) -> Any:
        if type(client._transport_for_url(request.url)) is httpx.HTTPTransport:
            return untraced_send(client, request, **kwargs)
        return send(client, request, **kwargs)

    call.untraced = True  # type: ignore[attr-defined]
    return call


_SWITCHED: tuple[tuple[Any, str, Callable[..., Any]], ...] = (
    (httpx.Client, "send", _untraced_network_send),
    (httpx.Client, "build_request", _untraced),
    (http.server.BaseHTTPRequestHandler, "parse_request", _untraced),
    (wsgiref.simple_server.WSGIRequestHandler, "get_environ", _untraced),
    (wsgiref.handlers.BaseHandler, "setup_environ", _untraced),
    (wsgiref.handlers.BaseHandler, "write", _untraced),
    (wsgiref.handlers.BaseHandler, "finish_content", _untraced),
    (rich.console.Console, "print", _untraced),
    (json.encoder.JSONEncoder, "encode", _untraced),
    # pytest rewriting a test module's asserts (on a cold cache only).
    (_pytest.assertion.rewrite, "_rewrite_test", _untraced),
)


def untrace_libraries() -> None:
    """Switch the functions above (once per process)."""
    for owner, name, switch in _SWITCHED:
        function = getattr(owner, name)
        if not getattr(function, "untraced", False):
            setattr(owner, name, switch(function))
