"""C25: a documented exit plan, approved (who and when), covering the required scenarios."""

from .. import facts as F
from ..model import Check


def evaluate(ctx):
    fails, unknowns = [], []
    doc = F.section(ctx.evidence, "exit_plan", "document")
    ok, text = F.document(doc)
    if doc in (None, ""):
        unknowns.append("no exit plan document given (exit_plan.document)")
    elif not ok:
        fails.append(f"exit plan document {text}")
    approval = F.section(ctx.evidence, "exit_plan", "approved_by") or {}
    by, on = F.text(approval.get("by")), F.date(approval.get("date"))
    if not by or on is None:
        unknowns.append("approval not evidenced: give exit_plan.approved_by.by (who) and exit_plan.approved_by.on "
                        "(when)")
    elif on > F.as_of(ctx.settings):
        fails.append(f"approval dated {on.isoformat()}, after the audit date {F.as_of(ctx.settings).isoformat()}")
    scenarios = F.section(ctx.evidence, "exit_plan", "scenarios") or []
    given = {str(s).lower() for s in scenarios}
    missing = [s for s in ctx.settings["required_scenarios"] if s not in given]
    if not scenarios:
        wanted = ", ".join(ctx.settings["required_scenarios"])
        unknowns.append(f"scenarios covered not given (exit_plan.scenarios: {wanted})")
    elif missing:
        fails.append(f"exit plan does not cover scenario(s) {', '.join(missing)} (exit_plan.scenarios)")
    return F.conclude(fails, unknowns, f"exit plan {text}, approved by {by} on {on.isoformat() if on else '?'}, "
                      f"covers {', '.join(ctx.settings['required_scenarios'])}")


CHECK = Check(
    id="C25", title="Documented, approved exit plan covering the required scenarios", severity="critical",
    profiles=("fin", "fr-public", "health"),
    inputs=("evidence: exit_plan.document", "evidence: exit_plan.approved_by.by",
            "evidence: exit_plan.approved_by.date", "evidence: exit_plan.scenarios",
            "config: audit.required_scenarios"),
    preconditions=("evidence",), evaluate=evaluate,
    description="The exit plan must be written down, approved (by whom, when), and cover persistent "
                "interruption, failed delivery, unexpected termination and a change of law "
                "(config audit.required_scenarios).",
    remediation="Give the plan document, its approval and the scenarios it covers under exit_plan.")
