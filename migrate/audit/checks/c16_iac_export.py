"""C16: the configuration of what moves is held as code (a Terraform/OpenTofu state lists it)."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def scope(ctx):
    return F.moving(ctx.plan)


def evaluate(ctx):
    iac = ((ctx.plan.get("inputs") or {}).get("inventory") or {}).get("iac") or {}
    sources = ", ".join(iac.get("sources") or [])
    under, outside, no_evidence = [], [], []
    for r in ctx.scope:
        declared = F.covering(ctx.evidence, ("exit_plan", "iac_managed"), r["id"], "source")
        if r.get("iac") is True or declared is not None:
            under.append(r["id"])
        elif r.get("iac") is False:
            outside.append(r["id"])
        else:
            no_evidence.append(r["id"])
    if outside:
        return failed(f"{len(outside)} of {len(ctx.scope)} moving resource(s) are not in the IaC state "
                      f"({sources or 'given to migrate plan'}): {F.listing(outside)}; import them or declare "
                      "them under exit_plan.iac_managed", outside)
    if no_evidence:
        return unknown(f"no IaC evidence for {len(no_evidence)} of {len(ctx.scope)} moving resource(s) "
                       f"({F.listing(no_evidence)}): give migrate plan a Terraform/OpenTofu state, or list them "
                       "under exit_plan.iac_managed", no_evidence)
    return passed(f"all {len(under)} moving resource(s) under IaC ({sources or 'exit_plan.iac_managed'})")


CHECK = Check(
    id="C16", title="Configuration held as infrastructure-as-code", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].iac", "inputs.inventory.iac.sources", "evidence: exit_plan.iac_managed[].resources",
            "evidence: exit_plan.iac_managed[].source"),
    preconditions=("scope",), scope=scope, not_applicable="no resource moves", evaluate=evaluate,
    description="Configuration, security settings and access rights are part of what must be exported: each "
                "moving resource should be described by code (a Terraform/OpenTofu state lists it).",
    remediation="Plan with the Terraform/OpenTofu state of the estate (or import the resources first, e.g. "
                "with aztfexport), or declare the state that holds them under exit_plan.iac_managed.")
