"""C04: every resource has a target or an explicit retire/rebuild decision."""

from .. import facts as F
from ..legal import dora, eba
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    unmapped = [r["id"] for r in F.resources(plan) if r.get("disposition") == "unmapped"
                and F.decision(evidence, r["id"]) is None]
    pid, why = F.target(plan, evidence, settings)
    if unmapped:
        return failed(f"{len(unmapped)} resource(s) of types the taxonomy does not know, with no decision "
                      f"({F.listing(unmapped)}): add a decision under exit_plan.decisions", unmapped)
    if pid is None:
        return unknown(why)
    open_ = [r["id"] for r in F.moving(plan)
             if F.line(r, pid)["status"] in ("gap", "unmapped") and F.decision(evidence, r["id"]) is None]
    if open_:
        return failed(f"{len(open_)} resource(s) with no target at {pid} and no decision ({F.listing(open_)}): "
                      "record retire/rebuild/replace under exit_plan.decisions", open_)
    return passed(f"every resource has a target at {pid}, a retire disposition or a recorded decision")


CHECK = Check(
    id="C04", title="Every resource has a target or a retire decision",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(dora("Art. 28(8) second subparagraph (alternative solutions, transition plans)"),
                 eba("¶107(b) (paragraph unconfirmed)")),
    inputs=("resources[].disposition", "resources[].targets.<provider>.status", "evidence: target.provider",
            "evidence: exit_plan.decisions"),
    thresholds=(), evaluate=evaluate,
    description="A resource with no target offer (gap) or an unknown type needs an explicit decision: retire, "
                "rebuild or replace, recorded in the evidence.")
