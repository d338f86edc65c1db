"""Carry out a plan: dependency order, parallel within a level, safe under faults.

Creates and updates run level by level (credentials -> tools -> assistants ->
squads -> phone numbers -> org), deletes afterwards in reverse order
(DESIGN.md §4). New ids flow to dependents through `Ref`s. Each action is
reported as it finishes. After the first hard failure, or a stop request (a
signal), nothing new is scheduled; calls already in flight finish (bounded after a
signal), and the report says what was applied, what failed, what was in flight
and what was not attempted, so a re-run converges.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import groupby
from typing import TYPE_CHECKING, Any

from vapictl.engine.api_locations import with_locations
from vapictl.engine.attachments import outputs_of, split_attachments, sync_attachments
from vapictl.engine.comparable import comparable
from vapictl.engine.credentials import secret_digest
from vapictl.engine.desired import get_path
from vapictl.engine.diff import matches
from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.engine.refs import Ref, SecretRef, substitute
from vapictl.engine.uploads import name_upload, upload
from vapictl.errors import (
    ApiError,
    HaltedError,
    NotFoundError,
    StalePlanError,
    VapictlError,
)
from vapictl.manifest.types import Manifest
from vapictl.model import SPECS, Kind, is_twin_of_create, is_weak

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient

# How often a create is attempted when each attempt fails ambiguously and the
# re-read shows it did not happen (the client already retried 429s and 5xx reads).
MAX_CREATE_ATTEMPTS = 4
# After a create timed out, keep re-reading for this many read timeouts before
# concluding it did not happen (the server may finish after the client gave up).
SETTLE_TIMEOUTS = 3


class Outcome(StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    SKIPPED = "skipped"  # not attempted: an earlier action failed, or a signal came
    IN_FLIGHT = "in_flight"  # still running, or cut short, when the run was stopped


@dataclass
class ActionResult:
    action: Action
    outcome: Outcome
    id: str | None = None
    error: str = ""


@dataclass
class ApplyReport:
    results: list[ActionResult] = field(default_factory=list)
    interrupted: bool = False  # stopped by a signal (the caller knows which)
    abandoned: bool = False  # actions were still running when the report was made

    @property
    def ok(self) -> bool:
        return all(r.outcome is Outcome.APPLIED for r in self.results)

    def by_outcome(self, outcome: Outcome) -> list[ActionResult]:
        return [r for r in self.results if r.outcome is outcome]


ProgressCallback = Callable[[ActionResult], None]
# Called with each created resource's id; returns the id to use from then on (the
# lease's post-create check may swap in an earlier twin made by a concurrent run).
AfterCreate = Callable[[Action, str], str]


def _phases(plan: Plan) -> list[list[Action]]:
    """Groups that may run concurrently, in the order they must run."""
    changes = [a for a in plan.actions if a.action is not ActionType.DELETE]
    deletes = [a for a in plan.actions if a.action is ActionType.DELETE]
    deletes += [_old_of(a) for a in changes if _creates_first(a)]
    phases = [
        list(g) for _, g in groupby(sorted(changes, key=lambda a: a.level), lambda a: a.level)
    ]
    phases += [
        list(g) for _, g in groupby(sorted(deletes, key=lambda a: -a.level), key=lambda a: a.level)
    ]
    return phases


def _creates_first(action: Action) -> bool:
    return action.action is ActionType.REPLACE and SPECS[action.kind].replace_creates_first


def _old_of(replace: Action) -> Action:
    """The delete half of a replace that creates first: the old resource goes last,
    once every referrer points at the new one (KindSpec.replace_creates_first)."""
    return dataclasses.replace(
        replace, action=ActionType.DELETE, changes=(), body={}, reason=f"replaced: {replace.reason}"
    )


def step_count(plan: Plan) -> int:
    """How many results an apply of `plan` reports (a create-first replace is two)."""
    return len(plan.actions) + sum(_creates_first(a) for a in plan.actions)


class _Executor:
    def __init__(
        self,
        client: VapiClient,
        manifest: Manifest,
        plan: Plan,
        after_create: AfterCreate | None = None,
    ) -> None:
        self.client = client
        self.manifest = manifest
        self.after_create = after_create
        self.ids: dict[str, str] = dict(plan.known_ids)
        self._lock = threading.Lock()

    # -- placeholders ---------------------------------------------------------
    def resolve(self, body: Mapping[str, Any]) -> Any:
        def fill(ref: Ref | SecretRef) -> Any:
            if isinstance(ref, Ref):
                with self._lock:
                    if ref.slot not in self.ids:
                        raise VapictlError(f"{ref.address} has no {ref.output}: not created.")
                    return self.ids[ref.slot]
            return self._secret(ref)

        return substitute(body, fill)

    def _secret(self, ref: SecretRef) -> str:
        kind, _, key = ref.address.partition("/")
        resource = self.manifest.get(Kind(kind), key)
        value = get_path(resource.body, ref.path) if resource else None
        if not isinstance(value, str) or secret_digest(value, ref.path) != ref.digest:
            raise StalePlanError(
                f"The secret at {ref.address} {ref.path} is not the one the plan was made with."
            )
        return value

    # -- one action -----------------------------------------------------------
    def run(self, action: Action) -> ActionResult:
        try:
            return self._run(action)
        except ApiError as exc:
            # Name the manifest lines of the refused fields, not only the API's words.
            raise with_locations(exc, self.manifest.get(action.kind, action.name)) from exc

    def _run(self, action: Action) -> ActionResult:
        spec = SPECS[action.kind]
        path = spec.api_path
        label = action.address
        if action.action is ActionType.DELETE:
            self._delete(path, action)
            return ActionResult(action, Outcome.APPLIED, action.id)
        body, attached = split_attachments(action.kind, self.resolve(action.body))
        if action.action is ActionType.UPDATE:
            assert action.id is not None
            if action.kind is Kind.ORG:
                self.client.update_org(action.id, body)
            elif body:
                self.client.update(
                    path, action.id, body, resource=label, params=spec.patch_query or None
                )
            if attached is not None:
                sync_attachments(self.client, action.kind, action.id, attached, address=label)
            return ActionResult(action, Outcome.APPLIED, action.id)
        if action.action is ActionType.REPLACE and not spec.replace_creates_first:
            self._delete(path, action)
        new_id = self._create(path, action, body)
        if self.after_create is not None:
            new_id = self.after_create(action, new_id)
        self._complete_create(action, body, new_id, attached)
        with self._lock:
            self.ids[action.address] = new_id
        return ActionResult(action, Outcome.APPLIED, new_id)

    def _complete_create(
        self, action: Action, body: dict[str, Any], new_id: str, attached: list[str] | None
    ) -> None:
        """What a create takes beyond its POST: an upload's name (set by PATCH only), the
        values read back for references (a base's toolId), the attachments."""
        spec = SPECS[action.kind]
        if spec.upload:
            name_upload(self.client, action, body, new_id)
        if spec.outputs:
            outputs = outputs_of(
                action.kind, action.address, self.client.get(spec.api_path, new_id)
            )
            with self._lock:
                self.ids.update(outputs)
        if attached:
            sync_attachments(self.client, action.kind, new_id, attached, address=action.address)

    def _delete(self, path: str, action: Action) -> None:
        assert action.id is not None
        # Already gone (an earlier ambiguous attempt, or someone else): the goal holds.
        with contextlib.suppress(NotFoundError):
            self.client.delete(path, action.id, resource=action.address)

    def _create(self, path: str, action: Action, body: dict[str, Any]) -> str:
        for attempt in range(1, MAX_CREATE_ATTEMPTS + 1):
            try:
                if SPECS[action.kind].upload:
                    return upload(self.client, self.manifest, action, body)
                return str(self.client.create(path, body, resource=action.address)["id"])
            except ApiError as exc:
                if not exc.ambiguous:
                    raise
                # The server may have done the work before failing: look before retrying,
                # so that a retried create never makes a duplicate (DESIGN.md §6).
                existing = self._settle(path, action, still_running=exc.status is None)
                if existing is not None:
                    return existing
                if exc.status is None:
                    # A timeout: the server may still be working on it. Re-sending could
                    # make a twin, so leave it to the next run, which re-reads first.
                    raise ApiError(
                        f"Creating {action.address} timed out and it has not appeared yet; "
                        "it was not re-sent, to avoid a duplicate. Run apply again: it "
                        "re-reads before creating.",
                        resource=action.address,
                    ) from None
                if attempt == MAX_CREATE_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def _settle(self, path: str, action: Action, *, still_running: bool) -> str | None:
        """Find a possibly-created resource. A 5xx answer means the server is done, so
        one read tells; after a timeout the server may still be at work, so keep
        looking for a while (a few read timeouts) before concluding it is absent."""
        deadline = time.monotonic() + (
            SETTLE_TIMEOUTS * self.client.timeout if still_running else 0
        )
        delay = 0.1
        while True:
            found = self._find_by_identity(path, action)
            if found is not None or time.monotonic() >= deadline:
                return found
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay *= 2

    def _find_by_identity(self, path: str, action: Action) -> str | None:
        wanted: dict[str, Any] | None = None
        if is_weak(action.kind, action.identity):
            # No name to go by: only a resource with exactly this content is ours.
            with self._lock:
                wanted = comparable(action.kind, action.body, self.ids)
        for item in self.client.list_all(path, paging=SPECS[action.kind].paging):
            if not is_twin_of_create(action.kind, item, action.identity, action.body):
                continue
            if wanted is not None and not matches(wanted, item):
                continue
            return str(item["id"])
        return None


# How long in-flight actions may take to finish after a stop request (a signal) before
# the report calls them "in flight" and the caller may exit without them.
STOP_GRACE_SECONDS = 10.0
_POLL_SECONDS = 0.1  # how often the loop looks at the stop flag while actions run


def apply_plan(
    plan: Plan,
    client: VapiClient,
    manifest: Manifest,
    *,
    parallelism: int = 8,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    stop_grace: float = STOP_GRACE_SECONDS,
    on_stop: Callable[[int], None] | None = None,
    after_create: AfterCreate | None = None,
) -> ApplyReport:
    """Apply every action of `plan`; never raises for API failures, reports them.

    Actions are handed to workers only as one frees up, and `on_progress` is called
    (in the caller's thread) as each one finishes, not per stage. After a failure, or
    once `stop` is set (a signal), nothing new starts; running actions get
    `stop_grace` seconds to finish, and what is still running then is reported as
    in flight (the caller should also `client.halt()` so they send nothing new).
    `on_stop(running)` is called once when the stop request is noticed.
    """
    executor = _Executor(client, manifest, plan, after_create)
    report = ApplyReport()
    scheduler = _Scheduler(executor, report, parallelism, on_progress, on_stop)
    pool = ThreadPoolExecutor(max_workers=parallelism, thread_name_prefix="vapictl-apply")
    try:
        for phase in _phases(plan):
            if stop is not None and stop.is_set():
                scheduler.notice_stop(0)
            if scheduler.halted:
                report.results.extend(ActionResult(a, Outcome.SKIPPED) for a in phase)
                continue
            scheduler.run_phase(pool, phase, stop, stop_grace)
    finally:
        # Never wait here for actions still in flight after the grace period: the
        # report already says they are, and the caller decides whether to wait.
        pool.shutdown(wait=not scheduler.abandoned, cancel_futures=True)
    report.interrupted = stop is not None and stop.is_set()
    report.abandoned = scheduler.abandoned
    return report


class _Scheduler:
    """Runs one phase at a time, at most `parallelism` actions at once."""

    def __init__(
        self,
        executor: _Executor,
        report: ApplyReport,
        parallelism: int,
        on_progress: ProgressCallback | None,
        on_stop: Callable[[int], None] | None,
    ) -> None:
        self.executor = executor
        self.on_stop = on_stop
        self.report = report
        self.parallelism = parallelism
        self.on_progress = on_progress
        self.halted = False  # a failure or a stop request: start nothing new
        self.abandoned = False  # actions left running after the grace period

    def run_phase(
        self,
        pool: ThreadPoolExecutor,
        phase: list[Action],
        stop: threading.Event | None,
        grace: float,
    ) -> None:
        queue = list(reversed(phase))  # pop() from the end keeps the plan's order
        running: dict[Future[ActionResult], Action] = {}
        deadline: float | None = None
        while queue or running:
            if stop is not None and stop.is_set() and deadline is None:
                deadline = time.monotonic() + grace
                self.notice_stop(len(running))
            if self.halted:
                skipped = (ActionResult(a, Outcome.SKIPPED) for a in reversed(queue))
                self.report.results.extend(skipped)
                queue.clear()
            while queue and len(running) < self.parallelism:
                action = queue.pop()
                running[pool.submit(self.executor.run, action)] = action
            if not running:
                break
            timeout = _POLL_SECONDS if stop is not None else None
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._abandon(running)
                    return
                timeout = min(_POLL_SECONDS, remaining)
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                self._finish(_result_of(future, running.pop(future)))

    def notice_stop(self, running: int) -> None:
        self.halted = True
        if self.on_stop is not None:
            self.on_stop(running)
            self.on_stop = None  # once

    def _finish(self, result: ActionResult) -> None:
        if result.outcome is Outcome.FAILED:
            self.halted = True
        self.report.results.append(result)
        if self.on_progress:
            self.on_progress(result)

    def _abandon(self, running: dict[Future[ActionResult], Action]) -> None:
        self.abandoned = True
        for action in running.values():
            self.report.results.append(ActionResult(action, Outcome.IN_FLIGHT))
        running.clear()


def _result_of(future: Future[ActionResult], action: Action) -> ActionResult:
    try:
        return future.result()
    except HaltedError as exc:
        # Stopped between two requests of one action (e.g. a replace's delete and
        # create): it may be half done, and the next run re-reads before acting.
        return ActionResult(action, Outcome.IN_FLIGHT, error=str(exc))
    except VapictlError as exc:
        return ActionResult(action, Outcome.FAILED, error=str(exc))
