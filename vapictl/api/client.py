"""The Vapi REST client: auth, timeouts, retries, rate limit, paging, concurrency.

One `httpx.Client` (thread-safe) is shared by every worker thread. Every
attempt, retries included, waits for the shared 429 pause gate and for a token
of the client-side rate limit. Creates are never re-sent once they may have
reached the server (DESIGN.md §6): the caller gets `ApiError(ambiguous=True)`
and re-reads by identity instead.
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from vapictl import __version__
from vapictl.api._errors import error_for_response, interrupted_error, unreachable_error
from vapictl.api.paging import list_all_pages
from vapictl.api.ratelimit import Clock, PauseGate, Sleep, TokenBucket
from vapictl.api.retry import (
    RETRYABLE_STATUSES,
    RetryPolicy,
    is_permanent,
    retry_after_seconds,
    was_sent,
)
from vapictl.errors import ApiError, HaltedError, NotFoundError, UsageError
from vapictl.model.kinds import Paging
from vapictl.secrets import register_secret

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("vapictl.http")

CONNECT_TIMEOUT_SECONDS = 10.0
_MUTATING_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


MAX_CONNECT_ATTEMPTS = 3  # connection never made: try this often, then report the URL


class VapiClient:
    """Talks to the Vapi API (or the emulator) on behalf of every command."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        parallelism: int = 8,
        rate_limit: float | None = None,
        timeout: float = 30.0,
        max_retries: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        wall_clock: Clock = time.time,
    ) -> None:
        base_url = base_url.strip().rstrip("/")
        if (
            urlsplit(base_url).scheme not in ("http", "https")
            or not urlsplit(base_url).netloc
            or not _is_header_safe(base_url)
        ):
            raise UsageError(
                f"Invalid API base URL {base_url!r}: it must look like https://api.vapi.ai "
                "(no spaces or control characters)."
            )
        api_key = checked_api_key(api_key)
        if parallelism < 1:
            raise UsageError(f"--parallelism must be at least 1, got {parallelism}.")
        register_secret(api_key)  # so that no output path can ever print it
        self.base_url = base_url
        self.parallelism = parallelism
        self.timeout = timeout  # read timeout: how long a request may take server-side
        self._api_key = api_key
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock
        self._policy = RetryPolicy(max_retries, backoff_base, backoff_max)
        self._gate = PauseGate(clock=clock, sleep=sleep)
        self._bucket = (
            TokenBucket(rate_limit, clock=clock, sleep=sleep) if rate_limit is not None else None
        )
        # Set by halt(): from then on no new request leaves (a signal during apply).
        self._halted = threading.Event()
        self._counter_lock = threading.Lock()
        self._request_count = 0
        self._mutation_count = 0
        self._http = httpx.Client(
            base_url=base_url,
            transport=transport,
            headers={
                "Authorization": f"Bearer {api_key}",
                "User-Agent": f"vapictl/{__version__}",
                "Accept": "application/json",
            },
            # pool=None: threads beyond the pool size wait for a connection
            # instead of failing; each request still has its own timeouts.
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_SECONDS, pool=None),
            limits=httpx.Limits(max_connections=parallelism, max_keepalive_connections=parallelism),
            verify=_tls_context(),
        )

    # -- counters -----------------------------------------------------------

    @property
    def request_count(self) -> int:
        """HTTP attempts made so far (all methods, retries included)."""
        with self._counter_lock:
            return self._request_count

    @property
    def mutation_count(self) -> int:
        """POST/PATCH/DELETE attempts made so far (retries included)."""
        with self._counter_lock:
            return self._mutation_count

    def halt(self) -> None:
        """Send no further request (retries included); requests already sent finish.
        Safe to call from a signal handler."""
        self._halted.set()

    @property
    def halted(self) -> bool:
        return self._halted.is_set()

    def _count(self, method: str) -> None:
        with self._counter_lock:
            self._request_count += 1
            if method in _MUTATING_METHODS:
                self._mutation_count += 1

    # -- resource operations --------------------------------------------------

    def list_all(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        paging: Paging = Paging.CREATED_AT,
    ) -> list[dict[str, Any]]:
        """Every item of a collection, paging past 1000 with createdAt filters (where the
        kind's list takes them: `paging`)."""

        def fetch(query: dict[str, str]) -> list[dict[str, Any]]:
            body = self._request("GET", path, params=query)
            if isinstance(body, dict):
                # Paginated kinds answer {results, metadata}; some {data, total} (ListShape).
                body = body.get("results", body.get("data"))
            if not isinstance(body, list):
                raise ApiError(
                    f"GET {path} returned {type(body).__name__}, not a list.",
                    method="GET",
                    path=path,
                )
            return [item for item in body if isinstance(item, dict)]

        return list_all_pages(fetch, path, params, paging=paging)

    def get(self, path: str, id: str) -> dict[str, Any]:
        return self._expect_object(
            "GET", _item_path(path, id), self._request("GET", _item_path(path, id))
        )

    def create(self, path: str, body: Mapping[str, Any], *, resource: str = "") -> dict[str, Any]:
        result = self._request("POST", path, json=body, resource=resource)
        return self._expect_object("POST", path, result)

    def upload(
        self,
        path: str,
        fields: Mapping[str, str],
        content: tuple[str, bytes],
        *,
        resource: str = "",
    ) -> dict[str, Any]:
        """POST a multipart/form-data create: `fields` plus `content` (filename, bytes) as
        the `file` part (POST /file, CONFIG-KINDS §3.8). Never re-sent blindly, like any
        create (DESIGN.md §6)."""
        result = self._request(
            "POST", path, data=fields, files={"file": content}, resource=resource
        )
        return self._expect_object("POST", path, result)

    def download(self, url: str, max_bytes: int) -> bytes:
        """The bytes at `url` (a file's storage URL). The API key goes only to the API's
        own host: a storage URL elsewhere is fetched without it."""
        own = urlsplit(url).netloc == urlsplit(self.base_url).netloc
        timeout = httpx.Timeout(self.timeout, connect=CONNECT_TIMEOUT_SECONDS)
        try:
            stream = (
                self._http.stream("GET", url) if own else httpx.stream("GET", url, timeout=timeout)
            )
            with stream as response:
                response.raise_for_status()
                data = bytearray()
                for chunk in response.iter_bytes():
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise ApiError(f"{url} is larger than {max_bytes} bytes", path=url)
                return bytes(data)
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot download {url}: {exc}", path=url) from None

    def update(
        self,
        path: str,
        id: str,
        body: Mapping[str, Any],
        *,
        resource: str = "",
        params: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """PATCH one item; `params` carries query parameters a kind's PATCH requires."""
        item_path = _item_path(path, id)
        result = self._request("PATCH", item_path, params=params, json=body, resource=resource)
        return self._expect_object("PATCH", item_path, result)

    def delete(self, path: str, id: str, *, resource: str = "") -> dict[str, Any] | None:
        """Delete one item; returns the deleted object (API-REFERENCE §1), or None when a
        retry found it already gone after an earlier attempt may have deleted it."""
        result = self._request("DELETE", _item_path(path, id), resource=resource)
        return result if isinstance(result, dict) else None

    def get_org(self) -> dict[str, Any] | None:
        """The key's org: `GET /org` returns an array (API-REFERENCE §2); its first element."""
        try:
            body = self._request("GET", "/org", resource="org")
        except NotFoundError:
            return None
        if isinstance(body, list):
            first = body[0] if body else None
            return first if isinstance(first, dict) else None
        return body if isinstance(body, dict) else None

    def update_org(self, id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        item_path = _item_path("/org", id)
        return self._expect_object(
            "PATCH", item_path, self._request("PATCH", item_path, json=body, resource="org")
        )

    # -- concurrency ------------------------------------------------------------

    def map_concurrent(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`fn` over `items`, at most `parallelism` at once, results in input order.

        Items are handed out only as workers free up, so after the first failure
        nothing new starts; calls already running finish, then the failure is
        re-raised. A pool per call, so that a `fn` that itself calls
        `map_concurrent` cannot deadlock on a shared pool.
        """
        work = list(items)
        if len(work) <= 1 or self.parallelism == 1:
            return [fn(item) for item in work]
        results: dict[int, R] = {}
        failure: BaseException | None = None
        with ThreadPoolExecutor(
            max_workers=min(self.parallelism, len(work)), thread_name_prefix="vapictl-api"
        ) as executor:
            pending: dict[Future[R], int] = {}
            queue = iter(enumerate(work))
            while True:
                while failure is None and len(pending) < self.parallelism:
                    next_item = next(queue, None)
                    if next_item is None:
                        break
                    index, item = next_item
                    pending[executor.submit(fn, item)] = index
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    error = future.exception()
                    if error is None:
                        results[index] = future.result()
                    elif failure is None:
                        failure = error
        if failure is not None:
            raise failure
        return [results[index] for index in range(len(work))]

    # -- lifecycle ------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> VapiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the request loop -------------------------------------------------------

    def _expect_object(self, method: str, path: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(
                f"{method} {path} returned {type(body).__name__}, not an object.",
                method=method,
                path=path,
            )
        return body

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        resource: str = "",
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> Any:
        """Send with retries; return the decoded JSON body (None when empty)."""
        mutation = method != "GET"
        maybe_done = False  # an earlier attempt of this mutation may have been carried out
        attempt = 0
        while True:
            attempt += 1
            last_chance = attempt > self._policy.max_retries
            self._gate.wait()
            if self._bucket is not None:
                self._bucket.acquire()
            if self._halted.is_set():
                raise HaltedError(f"{method} {path} was not sent: the run is stopping.")
            self._count(method)
            started = self._clock()
            try:
                response = self._http.request(
                    method, path, params=params, json=json, data=data, files=files
                )
            except httpx.TransportError as error:
                self._log(method, path, type(error).__name__, started, attempt)
                sent = was_sent(error)
                # A host that refuses connections is usually a wrong URL or a network
                # problem: give up after a couple of quick tries instead of minutes.
                refused_too_often = not sent and attempt > MAX_CONNECT_ATTEMPTS
                if is_permanent(error) or ((last_chance or refused_too_often) and not sent):
                    raise unreachable_error(
                        error, base_url=self.base_url, method=method, path=path, resource=resource
                    ) from None
                # A create that may have reached the server is never re-sent (DESIGN.md §6).
                if (sent and method == "POST") or last_chance:
                    raise interrupted_error(
                        error,
                        base_url=self.base_url,
                        method=method,
                        path=path,
                        resource=resource,
                        ambiguous=mutation and (sent or maybe_done),
                        attempts=attempt,
                    ) from None
                maybe_done = maybe_done or (mutation and sent)
                self._sleep(self._policy.backoff(attempt - 1))
                continue

            self._log(method, path, str(response.status_code), started, attempt)
            status = response.status_code
            if status < 300:
                return _decode(response, method, path)
            if status == 404 and method == "DELETE" and maybe_done:
                return None  # an earlier, ambiguous attempt already deleted it
            # A 429 is refused before any work, so even a create may be re-sent;
            # a 5xx may come after the work was done, so a create may not.
            server_failed = status >= 500
            if (
                status not in RETRYABLE_STATUSES
                or (server_failed and method == "POST")
                or last_chance
            ):
                raise error_for_response(
                    response,
                    method=method,
                    path=path,
                    resource=resource,
                    api_key=self._api_key,
                    ambiguous=mutation and (server_failed or maybe_done),
                    attempts=attempt,
                )
            maybe_done = maybe_done or (mutation and server_failed)
            hint = retry_after_seconds(response.headers, self._wall_clock)
            delay = self._policy.delay(attempt - 1, hint)
            if status == 429:
                self._gate.pause_for(delay)  # every thread waits, not just this one
            else:
                self._sleep(delay)

    def _log(self, method: str, path: str, outcome: str, started: float, attempt: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            elapsed_ms = (self._clock() - started) * 1000
            log.debug(
                "%s %s -> %s in %.0f ms (attempt %d)", method, path, outcome, elapsed_ms, attempt
            )

    def __repr__(self) -> str:  # never show the key
        return f"VapiClient(base_url={self.base_url!r}, parallelism={self.parallelism})"


def checked_api_key(api_key: str) -> str:
    """The key without surrounding whitespace (a pasted CI secret often ends in a newline);
    a key that still cannot be sent in a header is refused without ever showing it."""
    key = api_key.strip()
    if not key:
        raise UsageError("The API key is empty: set VAPI_API_KEY or pass --api-key.")
    bad = next((index for index, char in enumerate(key) if not _is_header_safe(char)), None)
    if bad is not None:
        raise UsageError(
            f"The API key has a character that cannot be sent in an HTTP header at position "
            f"{bad + 1} of {len(key)} (a space, a control character or a non-ASCII "
            "character): check VAPI_API_KEY or --api-key (the key is not shown)."
        )
    return key


def _is_header_safe(text: str) -> bool:
    """Visible ASCII only (RFC 9110 field values, minus the spaces a key never has)."""
    return all("!" <= char <= "~" for char in text)


def _item_path(path: str, id: str) -> str:
    return f"{path.rstrip('/')}/{quote(id, safe='')}"


def _decode(response: httpx.Response, method: str, path: str) -> Any:
    # The response and its stream refer to each other: only the cyclic collector would
    # free the body (a 1 MB page), which the CLI keeps out of its sight once an org is
    # read (gc_pause.py). The body is read: a spent stream breaks the cycle.
    response.stream = httpx.ByteStream(b"")
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise ApiError(
            f"{method} {path} answered HTTP {response.status_code} with a body that is not JSON.",
            status=response.status_code,
            method=method,
            path=path,
        ) from None


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings (CA bundle, SSL_CERT_* variables), built once per
    process: loading the CA bundle costs ~60 ms of CPU, and apply opens two clients."""
    return httpx.create_ssl_context()
