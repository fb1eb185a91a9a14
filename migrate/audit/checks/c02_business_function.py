"""C02: every resource is linked to a business function and flagged critical/important or not."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.moving(ctx.plan)


def evaluate(ctx):
    labs = F.labels(ctx.plan, ctx.evidence)
    no_fn = [r["id"] for r in ctx.scope if not labs[r["id"]].get("business_function")]
    no_crit = [r["id"] for r in ctx.scope if labs[r["id"]].get("critical") is None]
    unknowns = []
    if no_fn:
        unknowns.append(f"{len(no_fn)} resource(s) with no business function ({F.listing(no_fn)})")
    if no_crit:
        unknowns.append(f"{len(no_crit)} not flagged critical/important or not ({F.listing(no_crit)})")
    if unknowns:
        unknowns[-1] += ": tag them or list them under critical_functions in the evidence"
    return F.conclude([], unknowns, f"all {len(ctx.scope)} resource(s) linked to a function with a criticality",
                      unknown_ids=no_fn + no_crit)


CHECK = Check(
    id="C02", title="Resources linked to a business function and its criticality", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].disposition", "resources[].labels.business_function", "resources[].labels.critical",
            *F.LABEL_INPUTS),
    preconditions=("labels", "scope"), scope=scope, not_applicable="no resource moves", evaluate=evaluate,
    description="Exit strategies are required for ICT services supporting critical or important functions: each "
                "resource must say which function it serves and whether that function is critical.",
    remediation="Tag resources with their function and criticality (config audit.labels) or list the functions "
                "under critical_functions in the evidence.")
