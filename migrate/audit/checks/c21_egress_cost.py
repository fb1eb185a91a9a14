"""C21: egress cost with and without the exit waiver, and the waiver's conditions met."""

from ..model import Check, failed, passed, unknown


def evaluate(ctx):
    transfer = ctx.plan["transfer"]
    egress = transfer.get("egress") or {}
    full, waived = egress.get("eur"), egress.get("eur_with_waiver")
    if full is None or waived is None:
        return unknown("the plan's transfer has no egress cost with and without the waiver (transfer.egress)")
    limit, days = ctx.settings["thresholds"]["egress_waiver_days"], transfer.get("days")
    if waived < full:
        if days is None:
            return unknown(f"the plan counts the exit waiver ({waived:,.2f} instead of {full:,.2f} EUR) but the "
                           f"transfer duration is unknown, so the {limit}-day condition cannot be checked")
        if days > limit:
            return failed(f"the plan counts the exit waiver ({waived:,.2f} instead of {full:,.2f} EUR) but the "
                          f"transfer takes {days:.1f} days, over the waiver's {limit} days")
    if transfer.get("unknown_size_resources"):
        return unknown(f"egress {full:,.2f} EUR ({waived:,.2f} EUR with the waiver) covers only sized resources: "
                       f"{transfer['unknown_size_resources']} data-bearing resource(s) of unknown size (see C03)")
    return passed(f"egress {full:,.2f} EUR, {waived:,.2f} EUR with the exit waiver "
                  f"(source {egress.get('source')}, {egress.get('as_of')})")


CHECK = Check(
    id="C21", title="Egress cost with and without the exit waiver", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("transfer.egress.eur", "transfer.egress.eur_with_waiver", "transfer.days",
            "transfer.unknown_size_resources"),
    preconditions=("transfer",), evaluate=evaluate, thresholds=("egress_waiver_days",),
    description="The plan must show egress cost both ways, and only count the waiver when its conditions "
                "(storage egress over the internet, within 60 days) can be met.",
    remediation="Size every data-bearing resource; count the waiver only if the transfer fits in 60 days.")
