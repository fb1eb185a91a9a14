"""C17: keys that cannot leave (HSM, customer-managed keys) have a re-keying step."""

from .. import facts as F
from ..model import Check


def scope(ctx):
    return [r for r in F.moving(ctx.plan) if r.get("service_class") == "security.kms"]


def evaluate(ctx):
    missing = [r["id"] for r in ctx.scope
               if F.covering(ctx.evidence, ("exit_plan", "rekeying"), r["id"], "step") is None]
    unknowns = [f"{len(missing)} of {len(ctx.scope)} key vault(s)/HSM(s) without a re-keying step "
                f"({F.listing(missing)}): HSM keys are not exportable; add exit_plan.rekeying entries with a step"
                ] if missing else []
    return F.conclude([], unknowns, f"all {len(ctx.scope)} key vault(s)/HSM(s) have a re-keying step",
                      unknown_ids=missing, ok_ids=F.ids(ctx.scope))


CHECK = Check(
    id="C17", title="Key Vault and HSM keys have a re-keying step", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].service_class", "evidence: exit_plan.rekeying[].resources",
            "evidence: exit_plan.rekeying[].step"),
    preconditions=("scope", "evidence"), scope=scope, not_applicable="no key vault or HSM moves", evaluate=evaluate,
    description="Keys held in an HSM or Managed HSM never leave it: data encrypted with them must be "
                "re-encrypted under keys created at the target, in a planned step.",
    remediation="Add exit_plan.rekeying entries naming the vaults and the re-keying step.")
