"""C16: configuration exportable as infrastructure-as-code."""

from .. import facts as F
from ..legal import data_act
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    sources = ((plan.get("inputs") or {}).get("inventory") or {}).get("sources") or []
    if any(s.get("format") == "arm-template" for s in sources) and len(sources) == 1:
        return passed("the estate is described by an ARM template (infrastructure-as-code)")
    step = F.section(evidence, "exit_plan", "iac_export")
    if step:
        return passed(f"export step: {step}")
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    return failed("no step to export the configuration as code (exit_plan.iac_export, e.g. aztfexport to "
                  "Terraform, then rewrite for the target)")


CHECK = Check(
    id="C16", title="Configuration exportable as infrastructure-as-code",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 25(2)(e) (configuration parameters, security settings; letter unconfirmed)"),),
    inputs=("inputs.inventory.sources[].format", "evidence: exit_plan.iac_export"),
    thresholds=(), evaluate=evaluate,
    description="Configuration, security settings and access rights are part of what must be exported.")
