"""C30: the Register of Information agrees with the evidence, and an erasure step is planned."""

from .. import facts as F
from ..model import Check


def evaluate(ctx):
    reg = F.section(ctx.evidence, "register_of_information") or {}
    fails, unknowns = [], []
    if not reg:
        unknowns.append("no Register of Information entry for the Azure arrangement (register_of_information)")
    extract = reg.get("file")
    found, where = F.document(extract)
    if extract not in (None, "") and not found:
        fails.append(f"register extract {where} (register_of_information.file)")
    has_plan, _ = F.document(F.section(ctx.evidence, "exit_plan", "document"))
    if reg.get("exit_plan_exists") is None:
        if reg:
            unknowns.append("register's exit-plan column not given (register_of_information.exit_plan_exists)")
    elif bool(reg["exit_plan_exists"]) != has_plan:
        fails.append(f"register says exit plan exists: {reg['exit_plan_exists']}, evidence "
                     f"{'has' if has_plan else 'has no'} exit_plan.document")
    alternatives = reg.get("alternatives") or []
    if reg and not alternatives:
        unknowns.append("no alternative provider identified in the register (register_of_information.alternatives)")
    elif alternatives and ctx.target not in alternatives:
        fails.append(f"target {ctx.target} is not among the register's alternatives ({', '.join(alternatives)})")
    if not F.text(F.section(ctx.evidence, "exit_plan", "erasure_step")):
        unknowns.append("no erasure step planned (exit_plan.erasure_step)")
    return F.conclude(fails, unknowns, "Register of Information consistent with the exit plan and target; erasure "
                      "step planned")


CHECK = Check(
    id="C30", title="Register of Information consistent; erasure planned", severity="medium",
    profiles=("fin",),
    inputs=("evidence: register_of_information.file", "evidence: register_of_information.exit_plan_exists",
            "evidence: register_of_information.alternatives",
            "evidence: exit_plan.document", "evidence: exit_plan.erasure_step", "evidence: target.provider"),
    preconditions=("evidence", "target"), evaluate=evaluate,
    description="The register's exit-plan and alternatives columns must match the exit plan and its target, and "
                "erasure of the data left at Azure must be a planned step.",
    remediation="Update the register entry (exit plan exists, alternatives incl. the target) and plan the erasure.")
