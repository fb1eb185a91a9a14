"""C14: proprietary Azure services are flagged as lock-in and each has a replacement step."""

from .. import facts as F
from ..legal import data_act
from ..model import Check, failed, passed, skipped, unknown


def evaluate(plan, evidence, settings):
    locked = [r for r in F.moving(plan) if r.get("proprietary")]
    if not locked:
        return skipped("no proprietary Azure service in the plan")
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(f"{len(locked)} proprietary (lock-in) resource(s); {why}", [r["id"] for r in locked])
    replacements = {g["service_class"]: g.get("replacement") for g in F.provider(plan, pid).get("gaps") or []}
    no_step = []
    for r in locked:
        ln = F.line(r, pid)
        if ln["status"] in ("equivalent", "partial", "self-managed", "retire"):
            continue        # the line's rule is the step (an offer, or a documented pattern)
        if ln["status"] == "gap" and replacements.get(r.get("service_class")):
            continue
        if F.decision(evidence, r["id"]):
            continue
        no_step.append(r["id"])
    if no_step:
        return failed(f"{len(no_step)} of {len(locked)} proprietary resource(s) have no replacement step at {pid} "
                      f"({F.listing(no_step)}): add one under exit_plan.decisions", no_step)
    return passed(f"{len(locked)} proprietary (lock-in) resource(s), each with an offer, pattern or replacement at "
                  f"{pid}", [r["id"] for r in locked])


CHECK = Check(
    id="C14", title="Proprietary Azure services flagged as lock-in with a replacement step",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 23(d), Art. 30, Art. 35 (letters unconfirmed)"),),
    inputs=("resources[].proprietary", "resources[].targets.<provider>.status", "providers[].gaps[].replacement",
            "evidence: exit_plan.decisions"),
    thresholds=(), evaluate=evaluate,
    description="A proprietary service (no open standard behind it) is a lock-in: the plan needs an offer, a "
                "documented self-managed pattern or a replacement for each one.")
