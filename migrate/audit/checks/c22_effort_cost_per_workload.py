"""C22: effort, one-off cost and run cost per workload, at least for the critical ones."""

from .. import facts as F
from ..legal import eba
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    labs = F.labels(plan, evidence)
    critical = [r for r in F.moving(plan) if labs[r["id"]].get("critical") is True]
    scope = critical or F.moving(plan)
    missing = [r["id"] for r in scope if F.line(r, pid).get("effort_days", {}).get("likely") is None
               or F.line(r, pid).get("cost_status") == "none"]
    what = "critical" if critical else "(no criticality flagged: all)"
    if missing:
        return failed(f"{len(missing)} of {len(scope)} {what} resource(s) with no run cost or effort at {pid} "
                      f"({F.listing(missing)}): gaps and unpriced offers need a quote or an estimate", missing)
    if not F.provider(plan, pid).get("tco"):
        return unknown(f"run cost and effort known for {len(scope)} {what} resource(s) at {pid}, but the plan "
                       "has no one-off cost (providers[].tco): run migrate plan with the TCO options")
    functions = sorted({str(labs[r['id']].get('business_function')) for r in scope})
    return passed(f"effort, run cost and TCO at {pid} for {len(scope)} {what} resource(s) in "
                  f"{len(functions)} workload(s)")


CHECK = Check(
    id="C22", title="Effort, one-off and run cost per workload",
    profiles=("fin",),
    legal_basis=(eba("¶108(b) (paragraph unconfirmed)"),),
    inputs=("resources[].targets.<provider>.effort_days", "resources[].targets.<provider>.cost_status",
            "providers[].tco", "resources[].labels"),
    thresholds=(), evaluate=evaluate,
    description="An exit plan must cost the move (labour, egress, dual running) and the run afterwards, per "
                "workload, at least for critical functions.")
