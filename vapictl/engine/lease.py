"""One apply at a time per org: a lease made of what the Vapi API offers.

The API has no ETag, If-Match or lock endpoint (API-REFERENCE §1 "Concurrency
control"), so the lease is an object vapictl creates: a function tool named
`vapictl_lease_<random>` that no assistant uses, whose description records the
holder (user, host, pid, CI job) and how long the lease lasts without renewal.

Acquiring: create our lock, list the tools, and win if no other unexpired lock
was created before ours (createdAt, a server timestamp, so no client clock is
trusted). A lock created before ours was committed before ours, so everyone
agrees on the winner; to cover a server whose createdAt is stamped a moment
before the row becomes visible, the winner looks once more after a short
pause. Losers delete their lock (or, with `--lock-timeout`, keep it as their
place in the queue and look again). A lock expires `ttl` seconds after its last
renewal (its updatedAt, compared with the server time of our own lock), at
once if its holder is a process on this host that no longer exists; the
winner deletes expired locks. The holder renews its lock while it works and
deletes it when done, failed or interrupted.

Limits (README "Safety rules"): a holder stalled longer than the ttl loses its
lease without knowing it at once, and an apply that does not take the lease
(another tool, the dashboard) is not stopped; the post-create check in
engine/heal.py repairs the duplicates such a race can leave.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from vapictl.errors import ApiError, NotFoundError, VapictlError
from vapictl.model import LEASE_PREFIX, SPECS, Kind, is_lease_object

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient
    from vapictl.engine.plan_model import Action

LEASE_TTL_SECONDS = 120.0  # a lock not renewed for this long has lapsed
RENEW_EVERY_SECONDS = 20.0  # well inside the ttl, so a slow request or two do not matter
SETTLE_SECONDS = 0.5  # the second look before a win (createdAt stamped before commit)
POLL_SECONDS = 1.0  # how often a waiting apply looks again (grows to 5 s)
_MAX_TIE_RETRIES = 5  # locks stamped in the same millisecond: both step back, retry
_TOOL_PATH = SPECS[Kind.TOOL].api_path

Note = Callable[[str], None]


class LeaseHeldError(VapictlError):
    """Another apply holds the org's lease (exit 1, nothing applied)."""


@dataclass(frozen=True)
class Lock:
    """A lock object as listed."""

    id: str
    created_at: datetime
    updated_at: datetime
    ttl: float
    owner: Mapping[str, Any]

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Lock | None:
        try:
            created = _parse_time(str(item["createdAt"]))
            updated = _parse_time(str(item.get("updatedAt") or item["createdAt"]))
        except (KeyError, ValueError):
            return None
        info: Mapping[str, Any] = {}
        with contextlib.suppress(ValueError, TypeError):
            loaded = json.loads(str(item["function"].get("description", "")))
            info = loaded if isinstance(loaded, Mapping) else {}
        ttl, owner = info.get("ttlSeconds"), info.get("owner")
        return cls(
            id=str(item["id"]),
            created_at=created,
            updated_at=updated,
            ttl=float(ttl) if isinstance(ttl, int | float) else LEASE_TTL_SECONDS,
            owner=owner if isinstance(owner, Mapping) else {},
        )

    def lapsed(self, now: datetime) -> bool:
        if self.updated_at + timedelta(seconds=self.ttl) <= now:
            return True
        # A run killed on this host: its pid is gone, no need to wait for the ttl. The
        # pid namespace must match too: containers may share a hostname, not pids.
        pid, here = self.owner.get("pid"), current_owner()
        return (
            (self.owner.get("host"), self.owner.get("pidns")) == (here["host"], here["pidns"])
            and isinstance(pid, int)
            and pid != os.getpid()
            and not _pid_alive(pid)
        )

    def describe(self, now: datetime) -> str:
        owner = self.owner
        who = f"{owner.get('user', '?')}@{owner.get('host', '?')} (pid {owner.get('pid', '?')}"
        who += f", {owner['ci']})" if owner.get("ci") else ")"
        age = max(0, int((now - self.created_at).total_seconds()))
        return f"{who}, since {_format_time(self.created_at)} ({age} s ago)"


class Lease:
    """The org's apply lease, held between `acquire()` and `release()`."""

    def __init__(self, client: VapiClient, *, note: Note, ttl: float = LEASE_TTL_SECONDS) -> None:
        self.client = client
        self.note = note
        self.ttl = ttl
        self.lost = False  # our lock vanished while we held it (see the module's limits)
        self._name = f"{LEASE_PREFIX}{uuid.uuid4().hex[:16]}"
        self._mine: Lock | None = None
        self._renewals = 0
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    @property
    def since(self) -> datetime:
        """When our lock was created (server time); only valid while held."""
        assert self._mine is not None
        return self._mine.created_at

    # -- acquiring ----------------------------------------------------------------

    def acquire(self, timeout: float = 0.0) -> None:
        """Win the lease, waiting up to `timeout` seconds; LeaseHeldError if another
        apply still holds it then."""
        deadline = time.monotonic() + timeout
        ties = 0
        waited = False
        poll = POLL_SECONDS
        self._mine = self._create()
        try:
            while True:
                holder = self._holder()
                if holder is None:
                    time.sleep(SETTLE_SECONDS)
                    holder = self._holder()
                    if holder is None:
                        break
                if holder.created_at == self.since and ties < _MAX_TIE_RETRIES:
                    ties += 1  # the same millisecond: both step back and try again
                    self._delete_mine()
                    time.sleep(random.uniform(0.05, 0.5))
                    self._mine = self._create()
                    continue
                now = self._mine.updated_at
                if time.monotonic() >= deadline:
                    raise LeaseHeldError(self._held_message(holder, now, timeout))
                if not waited:
                    waited = True
                    self.note(f"Waiting for the apply lease, held by {holder.describe(now)}...")
                time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
                poll = min(poll * 1.5, 5.0)
                self._renew()  # keeps our place in the queue, and tells the server's time
        except BaseException:
            self._delete_mine()
            raise
        self._collect_lapsed()
        self._renewer = threading.Thread(target=self._keep_renewing, daemon=True)
        self._renewer.start()

    def _held_message(self, holder: Lock, now: datetime, timeout: float) -> str:
        waited = f" after waiting {timeout:g} s" if timeout else ""
        hint = "" if timeout else " Wait for it to finish, or pass --lock-timeout 5m to wait."
        return (
            f"Another vapictl apply holds the lease on this org{waited}: "
            f"{holder.describe(now)}. Nothing was applied.{hint} If that run was killed, "
            f"its lease lapses {holder.ttl:g} s after its last renewal."
        )

    def _locks(self) -> list[Lock]:
        items = self.client.list_all(_TOOL_PATH)
        locks = (Lock.from_item(item) for item in items if is_lease_object(item))
        return [lock for lock in locks if lock is not None]

    def _holder(self) -> Lock | None:
        """The earliest other unexpired lock created no later than ours, if any."""
        assert self._mine is not None
        now = self._mine.updated_at
        rivals = [
            lock
            for lock in self._locks()
            if lock.id != self._mine.id
            and lock.created_at <= self._mine.created_at
            and not lock.lapsed(now)
        ]
        return min(rivals, key=lambda lock: (lock.created_at, lock.id), default=None)

    def _collect_lapsed(self) -> None:
        """The winner removes locks left by killed runs, so they do not pile up."""
        assert self._mine is not None
        now = self._mine.updated_at
        for lock in self._locks():
            if lock.id != self._mine.id and lock.lapsed(now):
                with contextlib.suppress(ApiError):
                    self.client.delete(_TOOL_PATH, lock.id, resource="the lease")

    # -- the lock object --------------------------------------------------------------

    def _body(self) -> dict[str, Any]:
        description = {
            "vapictl": "apply lease: deleted when that apply ends; do not attach to an assistant",
            "owner": current_owner(),
            "ttlSeconds": self.ttl,
            "renewals": self._renewals,  # the body changes, so updatedAt moves on renewal
        }
        return {"name": self._name, "description": json.dumps(description)}

    def _create(self) -> Lock:
        body = {"type": "function", "function": self._body()}
        for _ in range(3):
            try:
                return self._lock_of(self.client.create(_TOOL_PATH, body, resource="the lease"))
            except ApiError as exc:
                if not exc.ambiguous:
                    raise
                # It may exist although the answer was lost: look for it by its name.
                found = [i for i in self.client.list_all(_TOOL_PATH) if _name_of(i) == self._name]
                if found:
                    return self._lock_of(found[0])
        raise ApiError("Could not create the apply lease's lock object.", resource="the lease")

    def _renew(self) -> None:
        assert self._mine is not None
        self._renewals += 1
        item = self.client.update(
            _TOOL_PATH, self._mine.id, {"function": self._body()}, resource="the lease"
        )
        self._mine = self._lock_of(item)

    def _lock_of(self, item: Mapping[str, Any]) -> Lock:
        lock = Lock.from_item(item)
        if lock is None:
            raise ApiError("The API returned a lock object without timestamps.")
        return lock

    def _keep_renewing(self) -> None:
        while not self._stop.wait(RENEW_EVERY_SECONDS):
            try:
                self._renew()
            except NotFoundError:
                self.lost = True
                self.note(
                    "Warning: the apply lease was removed by someone else (taken for lapsed); "
                    "another apply may now run at the same time."
                )
                return
            except VapictlError as exc:
                self.note(f"Warning: could not renew the apply lease ({exc}).")

    # -- releasing ------------------------------------------------------------------

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        self._delete_mine()

    def _delete_mine(self) -> None:
        if self._mine is None:
            return
        lock, self._mine = self._mine, None
        try:
            self.client.delete(_TOOL_PATH, lock.id, resource="the lease")
        except NotFoundError:
            pass
        except VapictlError as exc:
            self.note(
                f"Warning: could not release the apply lease ({exc}); "
                f"it lapses within {self.ttl:g} s."
            )

    # -- the post-create check ----------------------------------------------------------

    def post_create_check(self, client: VapiClient) -> Callable[[Action, str], str]:
        """The apply engine's `after_create` hook: heal a race the lease could not stop
        (engine/heal.py), through `client`, the one apply sends its work with (its rate
        limit, and its halt on a signal, apply to these reads too)."""
        from vapictl.engine.heal import keep_earliest_twin

        # Twins can only be created after our live read, which came after our lock;
        # a minute of margin covers a createdAt stamped before the row was committed.
        since = _format_time(self.since - timedelta(minutes=1))

        def check(action: Action, new_id: str) -> str:
            return keep_earliest_twin(client, action, new_id, since, self.note)

        return check


@contextmanager
def hold_lease(client: VapiClient, *, timeout: float, note: Note) -> Iterator[Lease]:
    """Hold the org's apply lease for the `with` block; released however it ends."""
    lease = Lease(client, note=note)
    lease.acquire(timeout)
    try:
        yield lease
    finally:
        lease.release()


def current_owner() -> dict[str, Any]:
    """Who takes a lease from this process: shown to the runs it keeps waiting."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    try:
        pidns: str | None = os.readlink("/proc/self/ns/pid")  # Linux: which pids these are
    except OSError:
        pidns = None
    return {
        "user": user,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "pidns": pidns,
        "ci": _ci_job(),
    }


def _ci_job() -> str | None:
    env = os.environ
    if env.get("GITHUB_ACTIONS"):
        return (
            f"GitHub Actions {env.get('GITHUB_REPOSITORY', '')} run "
            f"{env.get('GITHUB_RUN_ID', '?')} job {env.get('GITHUB_JOB', '?')}"
        )
    if env.get("GITLAB_CI"):
        return f"GitLab CI job {env.get('CI_JOB_ID', '?')} {env.get('CI_JOB_URL', '')}".strip()
    return "CI" if env.get("CI") else None


def _name_of(item: Mapping[str, Any]) -> str | None:
    function = item.get("function")
    return str(function.get("name")) if isinstance(function, Mapping) else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
