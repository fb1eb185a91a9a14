"""C14: proprietary Azure services are flagged as lock-in and each has a replacement step."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return [r for r in F.moving(ctx.plan) if r.get("proprietary")]


def evaluate(ctx):
    pid = ctx.target
    replacements = {g["service_class"]: g.get("replacement") for g in ctx.provider.get("gaps") or []}
    no_step = []
    for r in ctx.scope:
        if F.disposition(r, pid) in ("offer", "self-managed", "retire"):
            continue        # the line's rule is the step (an offer, or a documented pattern)
        if F.line(r, pid)["status"] == "gap" and F.text(replacements.get(r.get("service_class"))):
            continue
        decided = F.decision(ctx.evidence, r["id"])
        if decided and (decided["decision"] != "replace" or F.text(decided.get("step"))):
            continue        # a replacement says by what (exit_plan.decisions[].step)
        no_step.append(r["id"])
    unknowns = [f"{len(no_step)} of {len(ctx.scope)} proprietary resource(s) have no replacement step at {pid} "
                f"({F.listing(no_step)}): add one under exit_plan.decisions (a replace decision names what replaces "
                "it in step)"] if no_step else []
    return F.conclude([], unknowns, f"{len(ctx.scope)} proprietary (lock-in) resource(s), each with an offer, pattern "
                      f"or replacement at {pid}", unknown_ids=no_step, ok_ids=F.ids(ctx.scope))


CHECK = Check(
    id="C14", title="Proprietary Azure services flagged as lock-in with a replacement step", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].proprietary", "resources[].targets.<provider>.disposition",
            "resources[].targets.<provider>.status", "providers[].gaps[].replacement",
            "evidence: exit_plan.decisions[].resources", "evidence: exit_plan.decisions[].decision",
            "evidence: exit_plan.decisions[].step"),
    preconditions=("scope", "target"), scope=scope, not_applicable="no proprietary Azure service moves",
    evaluate=evaluate,
    description="A proprietary service (no open standard behind it) is a lock-in: the plan needs an offer, a "
                "documented self-managed pattern or a replacement for each one.",
    remediation="Record the replacement under exit_plan.decisions (decision: replace, step: what replaces it).")
