"""C22: effort, one-off cost and run cost per workload, at least for the critical ones."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.moving(ctx.plan)


def evaluate(ctx):
    pid = ctx.target
    labs = F.labels(ctx.plan, ctx.evidence)
    critical = [r for r in ctx.scope if labs[r["id"]].get("critical") is True]
    scope_ = critical or list(ctx.scope)
    missing = [r["id"] for r in scope_ if (F.line(r, pid).get("effort_days") or {}).get("likely") is None
               or F.line(r, pid).get("cost_status") == "none"]
    what = "critical" if critical else "(no criticality flagged: all)"
    unknowns = []
    if missing:
        unknowns.append(f"{len(missing)} of {len(scope_)} {what} resource(s) with no run cost or effort at {pid} "
                        f"({F.listing(missing)}): gaps and unpriced offers need a quote or an estimate")
    if not ctx.provider.get("tco"):
        unknowns.append(f"the plan has no one-off cost at {pid} (providers[].tco): run migrate plan with the TCO "
                        "options")
    functions = sorted({str(labs[r['id']].get('business_function')) for r in scope_})
    return F.conclude([], unknowns, f"effort, run cost and TCO at {pid} for {len(scope_)} {what} resource(s) in "
                      f"{len(functions)} workload(s)", unknown_ids=missing)


CHECK = Check(
    id="C22", title="Effort, one-off and run cost per workload", severity="medium",
    profiles=("fin",),
    inputs=("resources[].targets.<provider>.effort_days", "resources[].targets.<provider>.cost_status",
            "providers[].tco", *F.LABEL_INPUTS),
    preconditions=("scope", "target"), scope=scope, not_applicable="no resource moves", evaluate=evaluate,
    description="An exit plan must cost the move (labour, egress, dual running) and the run afterwards, per "
                "workload, at least for critical functions.",
    remediation="Get quotes for gaps and unpriced offers (--prices) and plan with the TCO options.")
