"""C01: every data-bearing resource carries a recognised sensitivity class."""

from .. import facts as F
from ..legal import circular, hds, sren
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if not F.has_labels(plan, evidence):
        return unknown(F.NO_LABELS)
    labs = F.labels(plan, evidence)
    missing, odd = [], []
    for r in F.data_bearing(plan):
        value = labs[r["id"]].get("classification")
        if value in (None, ""):
            missing.append(r["id"])
        elif F.class_of(value, settings) is None:
            odd.append(r["id"])
    if missing or odd:
        parts = []
        if missing:
            parts.append(f"{len(missing)} data-bearing resource(s) unclassified ({F.listing(missing)})")
        if odd:
            values = sorted({str(labs[i]['classification']) for i in odd})
            parts.append(f"{len(odd)} with a value in no class of audit.classes ({', '.join(values)})")
        return failed("; ".join(parts) + ": tag them or classify them under data_classification in the evidence",
                      missing + odd)
    return passed(f"all {len(F.data_bearing(plan))} data-bearing resource(s) classified")


CHECK = Check(
    id="C01", title="Data-bearing resources have a sensitivity class",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(sren("Art. 31"), circular("rule R9"), hds("data of health: hosting by a certified host (L.1111-8)")),
    inputs=("resources[].data_bearing", "resources[].labels.classification", "evidence: data_classification"),
    thresholds=(), evaluate=evaluate,
    description="Every data-bearing resource must be classed health, sensitive, personal or none (values in "
                "config audit.classes) so that the rules on qualified hosting can be applied to it.")
