"""Safety rules checked before apply makes any call (DESIGN.md §4, STYLE.md §6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vapictl.engine.plan_model import Action, ActionType, Plan
from vapictl.errors import UnsafePlanError
from vapictl.manifest.types import Manifest
from vapictl.model import Kind


@dataclass(frozen=True)
class SafetyLimits:
    max_deletes: int  # settings.maxDeletes (default 10) or --max-deletes
    allow_replace: bool = False  # --allow-replace: needed to replace phone numbers


def check_safety(plan: Plan, limits: SafetyLimits) -> None:
    """Raise UnsafePlanError listing every rule the plan breaks; nothing has been called yet."""
    problems: list[str] = []
    # Rotated-out credentials are vapictl's own bookkeeping, not user resources.
    deletes = [
        a for a in plan.actions if a.action is ActionType.DELETE and not a.managed_credential
    ]
    if len(deletes) > limits.max_deletes:
        names = ", ".join(a.address for a in deletes[:5]) + (", ..." if len(deletes) > 5 else "")
        problems.append(
            f"The plan deletes {len(deletes)} resources ({names}), more than the limit of "
            f"{limits.max_deletes}. Raise it with --max-deletes N or settings.maxDeletes "
            "if this is intended."
        )
    for action in plan.actions:
        destructive = action.action in (ActionType.DELETE, ActionType.REPLACE)
        if destructive and action.protect:
            problems.append(
                f"{action.address} is protected (protect: true) and the plan would "
                f"{action.action.value} it ({action.reason or 'see the plan'})."
            )
        if (
            action.action is ActionType.REPLACE
            and action.kind is Kind.PHONE_NUMBER
            and not limits.allow_replace
        ):
            problems.append(
                f"{action.address} must be replaced ({action.reason}). Deleting a phone number "
                "releases it (a bought number may be gone for good); pass --allow-replace "
                "to do it anyway."
            )
    if problems:
        raise UnsafePlanError("Refusing to apply:\n  " + "\n  ".join(problems))


def check_empty_prune(manifest: Manifest, prune_deletes: Sequence[Action]) -> None:
    """Manifests that declare no resource, with prune, would delete the whole org: an
    empty file (a truncated checkout, a bad merge) is refused like an empty directory,
    unless `settings.allowEmpty: true` says it is meant."""
    declared = any(resource.kind is not Kind.ORG for resource in manifest.all_resources())
    if declared or not prune_deletes or manifest.settings.allow_empty:
        return
    files = ", ".join(manifest.sources) or "the manifests"
    names = ", ".join(a.address for a in prune_deletes[:5])
    more = ", ..." if len(prune_deletes) > 5 else ""
    raise UnsafePlanError(
        f"Refusing to prune: {files} declare no resources (only the org, if anything), "
        f"so prune would delete all {len(prune_deletes)} live resources ({names}{more}). "
        "An empty manifest is more often an accident (a truncated file, a bad merge) than "
        "an intent. To delete everything deliberately, set `settings.allowEmpty: true` in "
        "the manifests."
    )
