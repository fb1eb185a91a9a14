"""C13: critical functions are not all held by one provider without a fallback."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def scope(ctx):
    labs = F.labels(ctx.plan, ctx.evidence)
    return [r for r in F.moving(ctx.plan) if labs[r["id"]].get("critical") is not False]


def evaluate(ctx):
    labs = F.labels(ctx.plan, ctx.evidence)
    critical = [r for r in ctx.scope if labs[r["id"]].get("critical") is True]
    undecided = [r["id"] for r in ctx.scope if labs[r["id"]].get("critical") is None]
    pid, ids = ctx.target, F.ids(critical)
    if not critical:
        return unknown(f"{len(undecided)} resource(s) not flagged critical or not (critical_functions)", undecided)
    fallback = F.section(ctx.evidence, "target", "fallback_provider")
    if not fallback:
        return unknown(f"all {len(critical)} critical resource(s) go to {pid} and no fallback provider is named "
                       "(target.fallback_provider)", ids)
    if fallback == pid or fallback not in [p["id"] for p in ctx.plan.get("providers") or []]:
        return failed(f"fallback provider {fallback!r} must be another provider of the plan", ids)
    uncovered = [r["id"] for r in critical if F.disposition(r, fallback) == "stays-on-azure"]
    if uncovered:
        return failed(f"{len(uncovered)} critical resource(s) have no offer at the fallback {fallback} "
                      f"({F.listing(uncovered)})", uncovered)
    if undecided:
        return unknown(f"{len(critical)} critical resource(s) covered at fallback {fallback}, but {len(undecided)} "
                       "not flagged critical or not (critical_functions)", undecided)
    return passed(f"{len(critical)} critical resource(s) at {pid}, each with an offer at fallback {fallback}", ids)


CHECK = Check(
    id="C13", title="Concentration: critical functions have a fallback provider", severity="medium",
    profiles=("fin",),
    inputs=("resources[].labels.critical", "resources[].targets.<provider>.disposition",
            "resources[].targets.<provider>.status", "evidence: target.fallback_provider", *F.LABEL_INPUTS),
    preconditions=("labels", "scope", "target"), scope=scope,
    not_applicable="no resource supports a critical or important function", evaluate=evaluate,
    description="Moving every critical function to one new provider recreates concentration risk: name a "
                "fallback provider that offers each critical service.",
    remediation="Name a second provider of the plan under target.fallback_provider.")
