"""C28: roles, resources, triggers and success criteria of the exit are defined."""

from .. import facts as F
from ..legal import eba
from ..model import Check, failed, passed, unknown

KEYS = ("roles", "resources", "triggers", "success_criteria")


def evaluate(plan, evidence, settings):
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    missing = [k for k in KEYS if not F.section(evidence, "exit_plan", k)]
    if missing:
        return failed(f"not defined: {', '.join('exit_plan.' + k for k in missing)}")
    return passed("roles, resources, triggers and success criteria defined")


CHECK = Check(
    id="C28", title="Roles, resources, triggers and success criteria defined",
    profiles=("fin",),
    legal_basis=(eba("¶108 (paragraph unconfirmed)"),),
    inputs=tuple(f"evidence: exit_plan.{k}" for k in KEYS),
    thresholds=(), evaluate=evaluate,
    description="Who decides and runs the exit, with what budget and staff, on which trigger indicators, and "
                "how success is judged.")
