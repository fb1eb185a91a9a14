"""C13: critical functions are not all held by one provider without a fallback."""

from .. import facts as F
from ..legal import dora, its
from ..model import Check, failed, passed, skipped, unknown


def evaluate(plan, evidence, settings):
    if not F.has_labels(plan, evidence):
        return unknown(F.NO_LABELS)
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    labs = F.labels(plan, evidence)
    critical = [r for r in F.moving(plan) if labs[r["id"]].get("critical") is True]
    undecided = [r["id"] for r in F.moving(plan) if labs[r["id"]].get("critical") is None]
    if not critical:
        if undecided:
            return unknown(f"{len(undecided)} resource(s) not flagged critical or not", undecided)
        return skipped("no resource supports a critical or important function")
    fallback = F.section(evidence, "target", "fallback_provider")
    ids = [r["id"] for r in critical]
    if not fallback:
        return failed(f"all {len(critical)} critical resource(s) go to {pid} with no fallback provider "
                      "(target.fallback_provider)", ids)
    if fallback == pid or fallback not in [p["id"] for p in plan.get("providers") or []]:
        return failed(f"fallback provider {fallback!r} must be another provider of the plan", ids)
    uncovered = [r["id"] for r in critical if F.line(r, fallback)["status"] in ("gap", "unmapped")]
    if uncovered:
        return failed(f"{len(uncovered)} critical resource(s) have no offer at the fallback {fallback} "
                      f"({F.listing(uncovered)})", uncovered)
    return passed(f"{len(critical)} critical resource(s) at {pid}, each with an offer at fallback {fallback}")


CHECK = Check(
    id="C13", title="Concentration: critical functions have a fallback provider",
    profiles=("fin",),
    legal_basis=(dora("Art. 29"), its("template B_07.01 alternatives identified (unconfirmed)")),
    inputs=("resources[].labels.critical", "resources[].targets", "evidence: target.fallback_provider"),
    thresholds=(), evaluate=evaluate,
    description="Moving every critical function to one new provider recreates concentration risk: name a "
                "fallback provider that offers each critical service.")
