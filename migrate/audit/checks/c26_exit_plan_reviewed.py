"""C26: the exit plan was reviewed within the last 12 months."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def evaluate(ctx):
    reviewed = F.date(F.section(ctx.evidence, "exit_plan", "last_reviewed"))
    if reviewed is None:
        return unknown("date of the last review not given (exit_plan.last_reviewed)")
    months, today = ctx.settings["thresholds"]["exit_review_max_age_months"], F.as_of(ctx.settings)
    if reviewed > today:
        return failed(f"review date {reviewed.isoformat()} is after the audit date {today.isoformat()}")
    if F.add_months(reviewed, months) < today:
        return failed(f"last reviewed {reviewed.isoformat()}, more than {months} months before {today.isoformat()}")
    return passed(f"reviewed {reviewed.isoformat()}, within {months} months of {today.isoformat()}")


CHECK = Check(
    id="C26", title="Exit plan reviewed within 12 months", severity="medium",
    profiles=("fin",),
    inputs=("evidence: exit_plan.last_reviewed",),
    preconditions=("evidence",), evaluate=evaluate, thresholds=("exit_review_max_age_months",),
    description="Exit plans must be reviewed periodically; the review is dated.",
    remediation="Review the plan and record the date under exit_plan.last_reviewed.")
