"""C19: egress volume estimated, in total and per wave."""

from .. import facts as F
from ..model import Check, passed, unknown


def evaluate(ctx):
    transfer = ctx.plan["transfer"]
    unsized = [r["id"] for r in F.data_bearing(ctx.plan) if (r.get("sizing") or {}).get("storage_gb") is None
               and r.get("service_class") not in ctx.settings["size_not_applicable"]]
    if transfer.get("data_gb") is None or transfer.get("unknown_size_resources"):
        n = transfer.get("unknown_size_resources") or len(unsized)
        return unknown(f"egress volume covers only sized resources: {n} data-bearing resource(s) of unknown size "
                       f"({F.listing(unsized)}); measure them (see C03)", unsized)
    waves = (ctx.plan.get("waves") or {}).get("items")
    per_wave = f", {len(waves)} wave(s) with their volume" if waves else " (no per-wave split: plan has no waves)"
    return passed(f"{transfer['data_gb']:,.1f} GB to move over {transfer.get('data_bearing_resources')} "
                  f"data-bearing resource(s){per_wave}")


CHECK = Check(
    id="C19", title="Egress volume estimated, total and per wave", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("transfer.data_gb", "transfer.unknown_size_resources", "waves.items[].data_gb",
            "resources[].sizing.storage_gb"),
    preconditions=("transfer",), evaluate=evaluate,
    description="The volume of data to move drives transfer time and egress cost; it must be known in total "
                "and per wave.",
    remediation="Measure the data-bearing resources' used capacity and re-run migrate plan.")
