"""C02: every resource is linked to a business function and flagged critical/important or not."""

from .. import facts as F
from ..legal import dora, its
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if not F.has_labels(plan, evidence):
        return unknown(F.NO_LABELS)
    labs = F.labels(plan, evidence)
    no_fn = [r["id"] for r in F.moving(plan) if not labs[r["id"]].get("business_function")]
    no_crit = [r["id"] for r in F.moving(plan) if labs[r["id"]].get("critical") is None]
    if no_fn or no_crit:
        parts = []
        if no_fn:
            parts.append(f"{len(no_fn)} resource(s) with no business function ({F.listing(no_fn)})")
        if no_crit:
            parts.append(f"{len(no_crit)} not flagged critical/important or not ({F.listing(no_crit)})")
        return failed("; ".join(parts) + ": tag them or list them under critical_functions in the evidence",
                      no_fn + no_crit)
    return passed(f"all {len(F.moving(plan))} resource(s) linked to a function with a criticality")


CHECK = Check(
    id="C02", title="Resources linked to a business function and its criticality",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(dora("Art. 28(2), 28(8)"), its("template B_07.01 (unconfirmed)")),
    inputs=("resources[].labels.business_function", "resources[].labels.critical", "evidence: critical_functions"),
    thresholds=(), evaluate=evaluate,
    description="Exit strategies are required for ICT services supporting critical or important functions: each "
                "resource must say which function it serves and whether that function is critical.")
