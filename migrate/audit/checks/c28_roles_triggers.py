"""C28: roles, resources, triggers and success criteria of the exit are defined."""

from .. import facts as F
from ..model import Check

KEYS = ("roles", "resources", "triggers", "success_criteria")


def _given(value) -> bool:
    if isinstance(value, list):
        return any(F.text(v) for v in value)
    return F.text(value) is not None


def evaluate(ctx):
    missing = [k for k in KEYS if not _given(F.section(ctx.evidence, "exit_plan", k))]
    unknowns = [f"not defined: {', '.join('exit_plan.' + k for k in missing)}"] if missing else []
    return F.conclude([], unknowns, "roles, resources, triggers and success criteria defined")


CHECK = Check(
    id="C28", title="Roles, resources, triggers and success criteria defined", severity="medium",
    profiles=("fin",),
    inputs=tuple(f"evidence: exit_plan.{k}" for k in KEYS),
    preconditions=("evidence",), evaluate=evaluate,
    description="Who decides and runs the exit, with what budget and staff, on which trigger indicators, and "
                "how success is judged.",
    remediation="Fill in exit_plan.roles, resources, triggers and success_criteria.")
