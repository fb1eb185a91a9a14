"""C15: every data resource has a structured, commonly used export format."""

from .. import facts as F
from ..legal import data_act
from ..model import Check, failed, passed


def evaluate(plan, evidence, settings):
    rs = F.data_bearing(plan)
    known = settings["export_formats"]
    missing = [r["id"] for r in rs if r.get("service_class") not in known
               and F.covering(evidence, ("exit_plan", "export_formats"), r["id"]) is None]
    if missing:
        classes = sorted({str(r.get("service_class")) for r in rs if r["id"] in set(missing)})
        return failed(f"{len(missing)} data-bearing resource(s) of classes with no known export format "
                      f"({', '.join(classes)}): {F.listing(missing)}; add exit_plan.export_formats entries", missing)
    return passed(f"all {len(rs)} data-bearing resource(s) have an export format (config audit.export_formats "
                  "or evidence)")


CHECK = Check(
    id="C15", title="Each data resource has a structured, common export format",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 25(2)(e), Art. 30 (letters unconfirmed)"),),
    inputs=("resources[].service_class", "evidence: exit_plan.export_formats"),
    thresholds=(), evaluate=evaluate,
    description="Data must leave in a structured, commonly used and machine-readable format, not a "
                "provider-only one.")
