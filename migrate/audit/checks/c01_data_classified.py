"""C01: every data-bearing resource carries a recognised sensitivity class."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.data_bearing(ctx.plan)


def evaluate(ctx):
    labs = F.labels(ctx.plan, ctx.evidence)
    missing = [r["id"] for r in ctx.scope if labs[r["id"]].get("classification") in (None, "")]
    odd = [r["id"] for r in ctx.scope if r["id"] not in missing
           and F.class_of(labs[r["id"]].get("classification"), ctx.settings) is None]
    fails = []
    if odd:
        values = sorted({str(labs[i]["classification"]) for i in odd})
        fails.append(f"{len(odd)} data-bearing resource(s) with a classification in no class of config audit.classes "
                     f"({', '.join(values)}): {F.listing(odd)}")
    unknowns = [f"{len(missing)} data-bearing resource(s) unclassified ({F.listing(missing)}): tag them or classify "
                "them under data_classification in the evidence"] if missing else []
    return F.conclude(fails, unknowns, f"all {len(ctx.scope)} data-bearing resource(s) classified",
                      fail_ids=odd, unknown_ids=missing)


CHECK = Check(
    id="C01", title="Data-bearing resources have a sensitivity class", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].data_bearing", "resources[].disposition", "resources[].labels.classification",
            "config: audit.classes", *F.LABEL_INPUTS),
    preconditions=("labels", "scope"), scope=scope, not_applicable="no data-bearing resource moves",
    evaluate=evaluate,
    description="Every data-bearing resource must be classed health, sensitive, personal or none (values in "
                "config audit.classes) so that the rules on qualified hosting can be applied to it.",
    remediation="Tag the resources (config audit.labels.classification_tags) or list them under "
                "data_classification in the evidence; add unrecognised values to config audit.classes.")
