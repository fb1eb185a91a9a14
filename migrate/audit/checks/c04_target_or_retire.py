"""C04: every resource has a target or an explicit decision (retire, rebuild, replace, keep)."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.moving(ctx.plan)


def evaluate(ctx):
    pid = ctx.target
    unmapped = [r["id"] for r in ctx.scope
                if r.get("disposition") == "unmapped" and F.decision(ctx.evidence, r["id"]) is None]
    staying = [r["id"] for r in ctx.scope if r["id"] not in unmapped and F.disposition(r, pid) == "stays-on-azure"
               and F.decision(ctx.evidence, r["id"]) is None]
    unknowns = []
    if unmapped:
        unknowns.append(f"{len(unmapped)} resource(s) of types the taxonomy does not know, with no decision "
                        f"({F.listing(unmapped)})")
    if staying:
        unknowns.append(f"{len(staying)} resource(s) with no target at {pid} (they stay on Azure) and no decision "
                        f"({F.listing(staying)})")
    if unknowns:
        unknowns[-1] += ": record retire, rebuild, replace or keep under exit_plan.decisions[].decision"
    return F.conclude([], unknowns, f"each of {len(ctx.scope)} resource(s) has a target at {pid}, a retire "
                      "disposition or a recorded decision", unknown_ids=unmapped + staying)


CHECK = Check(
    id="C04", title="Every resource has a target or a decision", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].disposition", "resources[].targets.<provider>.disposition",
            "resources[].targets.<provider>.status", "evidence: target.provider",
            "evidence: exit_plan.decisions[].resources", "evidence: exit_plan.decisions[].decision"),
    preconditions=("scope", "target"), scope=scope, not_applicable="no resource moves", evaluate=evaluate,
    description="A resource with no target offer (a gap that stays on Azure) or of an unknown type needs an "
                "explicit decision: retire, rebuild, replace or keep, recorded in the evidence.",
    remediation="Add an entry under exit_plan.decisions naming the resources and the decision (and the step).")
