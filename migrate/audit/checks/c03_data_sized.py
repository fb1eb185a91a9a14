"""C03: every data-bearing resource has a measured size."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return [r for r in F.data_bearing(ctx.plan) if r.get("service_class") not in ctx.settings["size_not_applicable"]]


def evaluate(ctx):
    missing = [r["id"] for r in ctx.scope if (r.get("sizing") or {}).get("storage_gb") is None]
    unknowns = [f"{len(missing)} of {len(ctx.scope)} data-bearing resource(s) have no measured size "
                f"({F.listing(missing)}): read used capacity (migrate inventory azure reads Azure Monitor)"
                ] if missing else []
    return F.conclude([], unknowns, f"all {len(ctx.scope)} data-bearing resource(s) sized", unknown_ids=missing)


CHECK = Check(
    id="C03", title="Data-bearing resources sized", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].data_bearing", "resources[].sizing.storage_gb", "config: audit.size_not_applicable"),
    preconditions=("scope",), scope=scope, not_applicable="no data-bearing resource whose size matters moves",
    evaluate=evaluate,
    description="Transfer time and cost depend on volumes: a data-bearing resource of unknown size makes them "
                "unknown. Measure the used capacity of every such resource.",
    remediation="Inventory with `migrate inventory azure` (reads used capacity from Azure Monitor) or add sizes "
                "to the inventory.")
