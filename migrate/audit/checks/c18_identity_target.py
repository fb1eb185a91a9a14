"""C18: identity dependencies (Entra ID, managed identities) mapped to an EU-hosted identity provider."""

from .. import facts as F
from ..legal import snc
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    ids = [r["id"] for r in F.moving(plan) if str(r.get("service_class") or "").startswith("identity.")]
    if pid is None:
        return unknown(why, ids)
    open_ = [i for i, r in ((r["id"], r) for r in F.moving(plan) if r["id"] in set(ids))
             if F.line(r, pid)["status"] in ("gap", "unmapped") and F.decision(evidence, i) is None]
    idp = F.section(evidence, "exit_plan", "identity_provider")
    if open_:
        return failed(f"{len(open_)} identity resource(s) with no target at {pid} ({F.listing(open_)})", open_)
    if evidence is None:
        return unknown(f"{len(ids)} identity resource(s) mapped at {pid}; the Entra ID tenant itself is not an "
                       f"ARM resource: {F.NO_EVIDENCE}", ids)
    if not idp:
        return failed("no EU-hosted identity provider named to replace Entra ID (exit_plan.identity_provider)", ids)
    return passed(f"Entra ID replaced by {idp}; {len(ids)} identity resource(s) mapped at {pid}", ids)


CHECK = Check(
    id="C18", title="Identity dependencies mapped to an EU-hosted identity provider",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(snc("§19.2 d) technical data (identities, directory) in the EU (unconfirmed)"),),
    inputs=("resources[].service_class", "resources[].targets.<provider>.status",
            "evidence: exit_plan.identity_provider"),
    thresholds=(), evaluate=evaluate,
    description="Users, groups, app registrations and managed identities live in Entra ID, a US-operated "
                "directory: the exit needs a named identity provider at the target.")
