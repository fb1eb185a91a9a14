"""C30: the Register of Information agrees with the evidence, and an erasure step is planned."""

from .. import facts as F
from ..legal import data_act, its
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    reg = F.section(evidence, "register_of_information")
    if not reg:
        return failed("no Register of Information entry for the Azure arrangement (register_of_information)")
    problems = []
    has_plan, _ = F.document(F.section(evidence, "exit_plan", "document"))
    if reg.get("exit_plan_exists") is not None and bool(reg["exit_plan_exists"]) != has_plan:
        problems.append(f"register says exit plan exists: {reg['exit_plan_exists']}, evidence "
                        f"{'has' if has_plan else 'has no'} exit_plan.document")
    pid, _ = F.target(plan, evidence, settings)
    alternatives = reg.get("alternatives") or []
    if pid and alternatives and pid not in alternatives:
        problems.append(f"target {pid} is not among the register's alternatives ({', '.join(alternatives)})")
    if not alternatives:
        problems.append("no alternative provider identified in the register")
    if not F.section(evidence, "exit_plan", "erasure_step"):
        problems.append("no erasure step planned (exit_plan.erasure_step)")
    if problems:
        return failed("; ".join(problems))
    return passed("Register of Information consistent with the exit plan; erasure step planned")


CHECK = Check(
    id="C30", title="Register of Information consistent; erasure planned",
    profiles=("fin",),
    legal_basis=(its("template B_07.01 (unconfirmed)"), data_act("Art. 25(2) full erasure (letter unconfirmed)")),
    inputs=("evidence: register_of_information", "evidence: exit_plan.document", "evidence: exit_plan.erasure_step"),
    thresholds=(), evaluate=evaluate,
    description="The register's exit-plan and alternatives columns must match the exit plan itself, and "
                "erasure of the data left at Azure must be a planned step.")
