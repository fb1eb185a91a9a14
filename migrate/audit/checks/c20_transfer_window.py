"""C20: transfer time fits the Data Act's 30-day switching window, or a documented extension."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def evaluate(ctx):
    transfer, t = ctx.plan["transfer"], ctx.settings["thresholds"]
    if transfer.get("days") is None:
        return unknown(f"the plan's transfer estimate has no duration ({transfer.get('unknown_size_resources')} "
                       "data-bearing resource(s) of unknown size)")
    days, window, ext_max = transfer["days"], t["switching_window_days"], t["switching_extension_max_days"]
    partial = bool(transfer.get("unknown_size_resources"))
    at_least = "at least " if partial else ""
    how = f"{at_least}{days:.1f} day(s) at {transfer.get('bandwidth_mbps')} Mbit/s ({transfer.get('throughput_source')})"
    ext = F.section(ctx.evidence, "exit_plan", "switching_extension_days")
    if days <= window and not partial:
        return passed(f"transfer takes {how}, within {window} days")
    if days > window and ext is not None and (ext < days or ext > ext_max):
        return failed(f"transfer takes {how}, over the {window}-day window, and the documented extension of {ext} "
                      f"days does not cover it within {ext_max} days (exit_plan.switching_extension_days)")
    if days > window and ext is not None and not partial:
        return passed(f"transfer takes {how}: over {window} days, within the documented extension of {ext} days")
    offline = " (offline transfer recommended by the plan)" if transfer.get("offline_recommended") else ""
    if days > window and ext is not None:
        return unknown(f"transfer takes {how}: the documented extension of {ext} days covers that, but "
                       f"{transfer['unknown_size_resources']} data-bearing resource(s) of unknown size may take it "
                       "further (see C03)")
    if days > window:
        return unknown(f"transfer takes {how}, over the {window}-day window{offline}: document an extension of at "
                       f"most {ext_max} days covering it (exit_plan.switching_extension_days)"
                       + ("; sizes of some resources unknown (see C03)" if partial else ""))
    return unknown(f"transfer takes {how}: {transfer['unknown_size_resources']} data-bearing resource(s) of unknown "
                   "size may take it over the window (see C03)")


CHECK = Check(
    id="C20", title="Transfer time within the 30-day switching window", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("transfer.days", "transfer.bandwidth_mbps", "transfer.unknown_size_resources",
            "evidence: exit_plan.switching_extension_days"),
    preconditions=("transfer",), evaluate=evaluate,
    thresholds=("switching_window_days", "switching_extension_max_days"),
    description="Switching must complete within a 30-day transitional period, extendable to 7 months only "
                "when technically unfeasible and justified.",
    remediation="Raise the bandwidth (measure it with migrate drill), plan an offline transfer, or document the "
                "extension under exit_plan.switching_extension_days.")
