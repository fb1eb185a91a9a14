"""C15: every data resource has a structured, commonly used export format."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return F.data_bearing(ctx.plan)


def evaluate(ctx):
    known = ctx.settings["export_formats"]
    missing = [r for r in ctx.scope if r.get("service_class") not in known
               and F.covering(ctx.evidence, ("exit_plan", "export_formats"), r["id"], "format") is None]
    classes = sorted({str(r.get("service_class")) for r in missing})
    unknowns = [f"{len(missing)} data-bearing resource(s) of classes with no known export format "
                f"({', '.join(classes)}): {F.listing(F.ids(missing))}; add exit_plan.export_formats entries"
                ] if missing else []
    return F.conclude([], unknowns, f"all {len(ctx.scope)} data-bearing resource(s) have an export format (config "
                      "audit.export_formats or evidence)", unknown_ids=F.ids(missing))


CHECK = Check(
    id="C15", title="Each data resource has a structured, common export format", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].data_bearing", "resources[].service_class", "config: audit.export_formats",
            "evidence: exit_plan.export_formats[].resources", "evidence: exit_plan.export_formats[].format"),
    preconditions=("scope",), scope=scope, not_applicable="no data-bearing resource moves", evaluate=evaluate,
    description="Data must leave in a structured, commonly used and machine-readable format, not a "
                "provider-only one.",
    remediation="Name the format and tool for each class config audit.export_formats lacks, under "
                "exit_plan.export_formats.")
