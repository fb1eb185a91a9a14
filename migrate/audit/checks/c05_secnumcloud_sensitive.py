"""C05: sensitive and health data only on SecNumCloud-qualified offers, valid at the cutover date."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.classified(ctx.plan, ctx.evidence, ctx.settings, ("health", "sensitive"))


def evaluate(ctx):
    on = F.cutover(ctx.evidence, ctx.settings)
    bad, unsure, why = F.qualification_gaps(ctx.plan, ctx.target, list(ctx.scope), "secnumcloud", on, ctx.settings)
    why_not = "; ".join(sorted(set(bad.values()))[:3])
    fails = [f"{len(bad)} of {len(ctx.scope)} sensitive/health resource(s) not on a SecNumCloud offer valid at "
             f"{on.isoformat()} at {ctx.target} ({why_not}): {F.listing(bad)}"] if bad else []
    unknowns = [f"offers are SecNumCloud but {why}; cannot tell whether valid at {on.isoformat()}"] if unsure else []
    return F.conclude(fails, unknowns, f"all {len(ctx.scope)} sensitive/health resource(s) on SecNumCloud offers of "
                      f"{ctx.target} valid at {on.isoformat()}", fail_ids=list(bad), unknown_ids=unsure,
                      ok_ids=F.ids(ctx.scope))


CHECK = Check(
    id="C05", title="Sensitive and health data on SecNumCloud offers valid at cutover", severity="critical",
    profiles=("fr-public", "health"),
    inputs=("resources[].labels.classification", "resources[].targets.<provider>.offer_id",
            "resources[].targets.<provider>.runs_on", "providers[].offers.<id>.qualifications",
            "providers[].qualifications[].valid_until", "evidence: target.provider", "evidence: target.cutover_date",
            *F.LABEL_INPUTS),
    preconditions=("labels", "scope", "target"), scope=scope,
    not_applicable="no data-bearing resource classified health or sensitive", evaluate=evaluate,
    thresholds=("secnumcloud_validity_years",),
    description="Data of particular sensitivity (and health data in the French public sector) must sit on an "
                "offer qualified SecNumCloud, immune to non-EU law, whose qualification is still valid on the "
                "cutover date.",
    remediation="Plan with --require secnumcloud, choose a target whose offers are qualified, or move the cutover "
                "before the qualification ends.")
