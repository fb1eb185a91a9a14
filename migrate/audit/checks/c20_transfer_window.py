"""C20: transfer time fits the Data Act's 30-day switching window, or a documented extension."""

from .. import facts as F
from ..legal import data_act
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    transfer, t = plan.get("transfer"), settings["thresholds"]
    if not transfer:
        return unknown(F.NO_TRANSFER)
    if transfer.get("days") is None:
        return unknown(f"plan's transfer estimate has no duration ({transfer.get('unknown_size_resources')} "
                       "data-bearing resource(s) of unknown size?)")
    days, window = transfer["days"], t["switching_window_days"]
    how = f"{days:.1f} day(s) at {transfer.get('bandwidth_mbps')} Mbit/s ({transfer.get('throughput_source')})"
    if days <= window:
        return passed(f"transfer takes {how}, within {window} days")
    ext = F.section(evidence, "exit_plan", "switching_extension_days")
    if ext is not None and days <= ext <= t["switching_extension_max_days"]:
        return passed(f"transfer takes {how}: over {window} days, within the documented extension of {ext} days")
    offline = " (offline transfer recommended by the plan)" if transfer.get("offline_recommended") else ""
    return failed(f"transfer takes {how}, over the {window}-day window{offline}, and no extension of at most "
                  f"{t['switching_extension_max_days']} days covering it is documented "
                  "(exit_plan.switching_extension_days)")


CHECK = Check(
    id="C20", title="Transfer time within the 30-day switching window",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 25(2)(a); Art. 25(4)-(5) extension up to 7 months"),),
    inputs=("transfer.days", "transfer.bandwidth_mbps", "evidence: exit_plan.switching_extension_days"),
    thresholds=("switching_window_days", "switching_extension_max_days"), evaluate=evaluate,
    description="Switching must complete within a 30-day transitional period, extendable to 7 months only "
                "when technically unfeasible and justified.")
