"""C17: keys that cannot leave (HSM, customer-managed keys) have a re-keying step."""

from .. import facts as F
from ..legal import eba, snc
from ..model import Check, failed, passed, skipped, unknown


def evaluate(plan, evidence, settings):
    vaults = [r for r in F.moving(plan) if r.get("service_class") == "security.kms"]
    if not vaults:
        return skipped("no key vault or HSM in the plan")
    ids = [r["id"] for r in vaults]
    if evidence is None:
        return unknown(f"{len(vaults)} key vault(s)/HSM(s); {F.NO_EVIDENCE}", ids)
    missing = [i for i in ids if F.covering(evidence, ("exit_plan", "rekeying"), i) is None]
    if missing:
        return failed(f"{len(missing)} of {len(vaults)} key vault(s)/HSM(s) without a re-keying step "
                      f"({F.listing(missing)}): HSM keys are not exportable; add exit_plan.rekeying", missing)
    return passed(f"all {len(vaults)} key vault(s)/HSM(s) have a re-keying step", ids)


CHECK = Check(
    id="C17", title="Key Vault and HSM keys have a re-keying step",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(snc("§19.2 d) (unconfirmed)"), eba("¶107(b) (paragraph unconfirmed)")),
    inputs=("resources[].service_class", "evidence: exit_plan.rekeying"),
    thresholds=(), evaluate=evaluate,
    description="Keys held in an HSM or Managed HSM never leave it: data encrypted with them must be "
                "re-encrypted under keys created at the target, in a planned step.")
