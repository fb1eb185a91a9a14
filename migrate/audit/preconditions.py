"""The preconditions a check can declare, applied by the runner so that no check repeats them.

Each one either lets the check run (possibly with more context: the chosen target, the resources in the
check's scope) or stops it with the finding that says what is missing.
"""

from __future__ import annotations

from dataclasses import replace

from . import facts as F
from .model import Check, Context, Finding, skipped, unknown

MEANING = {
    "labels": "needs resource labels (classification, business function, criticality) from tags or evidence",
    "scope": "needs at least one resource it applies to (otherwise SKIPPED)",
    "target": "needs a chosen target provider (--provider, evidence target.provider, or a one-provider plan)",
    "evidence": "needs an evidence file (--evidence)",
    "transfer": "needs the plan's transfer estimate (plan.json `transfer`)",
    "waves": "needs migration waves (migrate plan --waves)",
}


def _ids(ctx: Context) -> list[str]:
    return [r["id"] for r in ctx.scope]


def apply(name: str, check: Check, ctx: Context) -> tuple[Finding | None, Context]:
    """(finding that stops the check, or None) and the context, enriched by a precondition that holds."""
    if name == "labels":
        return (None if F.has_labels(ctx.plan, ctx.evidence) else unknown(F.NO_LABELS)), ctx
    if name == "scope":
        items = check.scope(ctx)
        if not items:
            return skipped(check.not_applicable), ctx
        return None, replace(ctx, scope=tuple(items))
    if name == "target":
        pid, why = F.target(ctx.plan, ctx.evidence, ctx.settings)
        if pid is None:
            return unknown(why, _ids(ctx)), ctx
        return None, replace(ctx, target=pid)
    if name == "evidence":
        return (None if ctx.has_evidence else unknown(F.NO_EVIDENCE, _ids(ctx))), ctx
    if name == "transfer":
        return (None if ctx.plan.get("transfer") else unknown(F.NO_TRANSFER, _ids(ctx))), ctx
    if name == "waves":
        return (None if ctx.plan.get("waves") else unknown(F.NO_WAVES, _ids(ctx))), ctx
    raise AssertionError(name)


def evaluate(check: Check, ctx: Context) -> Finding:
    """The check's finding: the first precondition that does not hold, else the check's own evaluation."""
    for name in check.preconditions:
        stop, ctx = apply(name, check, ctx)
        if stop is not None:
            return stop
    return check.evaluate(ctx)
