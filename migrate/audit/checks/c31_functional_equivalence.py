"""C31: infrastructure (IaaS) resources reach functional equivalence at the target (Data Act Art. 30(1))."""

from .. import facts as F
from ..frameworks import iaas_classes
from ..model import Check


def scope(ctx):
    iaas = iaas_classes()
    return [r for r in F.moving(ctx.plan) if r.get("service_class") in iaas]


def evaluate(ctx):
    pid = ctx.target
    short = {}
    for r in ctx.scope:
        status = F.line(r, pid).get("status")
        if status != "equivalent":
            short[r["id"]] = status or "no line"
    kinds = sorted(set(short.values()))
    fails = [f"{len(short)} of {len(ctx.scope)} infrastructure resource(s) have no equivalent service at {pid} "
             f"({', '.join(kinds)}): {F.listing(short)}"] if short else []
    return F.conclude(fails, [], f"all {len(ctx.scope)} infrastructure resource(s) have an equivalent service type at "
                      f"{pid}", fail_ids=list(short), ok_ids=F.ids(ctx.scope))


CHECK = Check(
    id="C31", title="Infrastructure (IaaS) resources reach functional equivalence at the target", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].service_class", "resources[].targets.<provider>.status",
            "frameworks: eu-data-act service_classes.iaas"),
    preconditions=("scope", "target"), scope=scope, not_applicable="no infrastructure (IaaS) resource moves",
    evaluate=evaluate,
    description="For infrastructure services the Data Act expects functional equivalence at a destination "
                "service of the same type: every VM, disk, storage and network resource should map to an "
                "equivalent offer, not a partial one or a gap.",
    remediation="Choose a target with equivalent offers for the classes listed, or plan with the provider that "
                "has them.")
