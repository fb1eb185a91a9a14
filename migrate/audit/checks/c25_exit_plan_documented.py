"""C25: a documented exit plan covering the required scenarios."""

from .. import facts as F
from ..legal import dora, rts
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    ok, text = F.document(F.section(evidence, "exit_plan", "document"))
    if not ok:
        return failed(f"exit plan document (exit_plan.document): {text}")
    given = {str(s).lower() for s in F.section(evidence, "exit_plan", "scenarios") or []}
    missing = [s for s in settings["required_scenarios"] if s not in given]
    if missing:
        return failed(f"exit plan {text} does not cover scenario(s) {', '.join(missing)} (exit_plan.scenarios)")
    return passed(f"exit plan {text} covers {', '.join(settings['required_scenarios'])}")


CHECK = Check(
    id="C25", title="Documented exit plan covering the required scenarios",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(dora("Art. 28(7)-(8)"), rts("Art. 10 scenarios (a)-(c) (unconfirmed)")),
    inputs=("evidence: exit_plan.document", "evidence: exit_plan.scenarios"),
    thresholds=(), evaluate=evaluate,
    description="The exit plan must be written down and cover persistent interruption, failed delivery, "
                "unexpected termination and a change of law (audit.required_scenarios).")
