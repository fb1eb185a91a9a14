"""C06: health data goes to an HDS-certified host whose activities cover the service model."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.classified(ctx.plan, ctx.evidence, ctx.settings, ("health",))


def evaluate(ctx):
    on = F.cutover(ctx.evidence, ctx.settings)
    bad, unsure, why = F.qualification_gaps(ctx.plan, ctx.target, list(ctx.scope), "hds", on, ctx.settings)
    fails, unknowns = [], []
    if bad:
        fails.append(f"{len(bad)} of {len(ctx.scope)} health resource(s) not on an HDS-certified offer valid at "
                     f"cutover at {ctx.target} ({'; '.join(sorted(set(bad.values()))[:3])}): {F.listing(bad)}")
    activities = F.section(ctx.evidence, "target", "hds_activities")
    required = set(ctx.settings["hds_required_activities"])
    if not activities:
        unknowns.append(f"the activities {ctx.target}'s HDS certificate covers are not declared "
                        "(target.hds_activities)")
    else:
        missing = sorted(required - {int(a) for a in activities})
        if missing:
            fails.append(f"{ctx.target}'s HDS certificate does not cover activities {missing} required by "
                         "config audit.hds_required_activities")
    if unsure:
        unknowns.append(f"HDS offers used, but {why}")
    ids = F.ids(ctx.scope)
    return F.conclude(fails, unknowns, f"all {len(ctx.scope)} health resource(s) on HDS offers of {ctx.target} "
                      f"covering activities {sorted(required)}", fail_ids=list(bad) or ids,
                      unknown_ids=unsure or ids, ok_ids=ids)


CHECK = Check(
    id="C06", title="Health data on an HDS host covering the service model", severity="critical",
    profiles=("health",),
    inputs=("resources[].labels.classification", "providers[].offers.<id>.qualifications",
            "providers[].qualifications[].valid_until", "evidence: target.hds_activities",
            "evidence: target.cutover_date", "config: audit.hds_required_activities", *F.LABEL_INPUTS),
    preconditions=("labels", "scope", "target"), scope=scope,
    not_applicable="no data-bearing resource classified health",
    evaluate=evaluate, thresholds=("hds_validity_years",),
    description="Personal health data may only be hosted by an HDS-certified host whose certified activities "
                "(physical sites, hardware, virtual infrastructure, platform, operation, backup) cover what "
                "it runs.",
    remediation="Plan with --require hds and declare the certificate's activities under target.hds_activities.")
