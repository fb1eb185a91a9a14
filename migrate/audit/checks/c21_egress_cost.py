"""C21: egress cost with and without the exit waiver, and the waiver's conditions met."""

from .. import facts as F
from ..legal import data_act, ms_exit
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    transfer = plan.get("transfer")
    if not transfer:
        return unknown(F.NO_TRANSFER)
    egress = transfer.get("egress") or {}
    full, waived = egress.get("eur"), egress.get("eur_with_waiver")
    if full is None or waived is None:
        return failed("plan's transfer has no egress cost with and without the waiver (transfer.egress)")
    limit = settings["thresholds"]["egress_waiver_days"]
    if waived < full and (transfer.get("days") or 0) > limit:
        return failed(f"plan counts the exit waiver ({waived:,.2f} instead of {full:,.2f} EUR) but the transfer "
                      f"takes {transfer['days']:.1f} days, over the waiver's {limit} days")
    return passed(f"egress {full:,.2f} EUR, {waived:,.2f} EUR with the exit waiver "
                  f"(source {egress.get('source')}, {egress.get('as_of')})")


CHECK = Check(
    id="C21", title="Egress cost with and without the exit waiver",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 29 (reduced switching charges until 12 January 2027), Art. 34(2)"),
                 ms_exit("Azure Storage internet egress only; transfer within 60 days; subscriptions cancelled")),
    inputs=("transfer.egress.eur", "transfer.egress.eur_with_waiver", "transfer.days"),
    thresholds=("egress_waiver_days",), evaluate=evaluate,
    description="The plan must show egress cost both ways, and only count the waiver when its conditions "
                "(storage egress over the internet, within 60 days) can be met.")
