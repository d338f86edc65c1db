"""`--target` patterns must name something: a pattern that matches nothing would
otherwise turn into an empty plan, "No changes" or "No drift", a false all-clear."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from vapictl.engine.live import LiveState
from vapictl.errors import UsageError
from vapictl.manifest.suggest import closest
from vapictl.manifest.types import Manifest
from vapictl.model import Kind, live_name

_SHOWN = 10  # addresses listed when there is no close match


def check_targets_match(targets: Iterable[str], addresses: Iterable[str]) -> None:
    """Raise UsageError naming every pattern that matches none of `addresses`
    (declared and live "kind/name"), with a did-you-mean or the addresses that exist."""
    known = sorted(set(addresses))
    unmatched = [t for t in targets if not any(fnmatch.fnmatchcase(a, t) for a in known)]
    if not unmatched:
        return
    lines = [
        f"--target {pattern!r} matches no resource{_hint(pattern, known)}" for pattern in unmatched
    ]
    if known:
        listed = ", ".join(known[:_SHOWN]) + (
            f", ... ({len(known)} in all)" if len(known) > _SHOWN else ""
        )
        lines.append(f"Resources that exist (declared or live): {listed}")
    else:
        lines.append("Neither the manifests nor the live org have any resource.")
    lines.append(
        "Patterns are KIND/NAME globs, e.g. 'assistant/support*' (kinds: "
        + ", ".join(k.value for k in Kind)
        + ")."
    )
    raise UsageError("\n".join(lines))


def known_addresses(manifest: Manifest, live: LiveState) -> Iterable[str]:
    """Every declared and live "kind/name" (for commands that target without a plan)."""
    for resource in manifest.all_resources():
        yield resource.address
    for kind, item in live.all():
        yield f"{kind.value}/{live_name(kind, item)}"


def _hint(pattern: str, known: list[str]) -> str:
    kind, slash, rest = pattern.partition("/")
    kinds = [k.value for k in Kind]
    if slash and kind not in kinds and not any(ch in kind for ch in "*?["):
        better = closest(kind, kinds)
        if better:
            return f"; did you mean '{better}/{rest}'?"
    better = closest(pattern, known)
    return f"; did you mean '{better}'?" if better else ""
