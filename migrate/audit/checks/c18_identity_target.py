"""C18: identity dependencies (Entra ID, managed identities) mapped to an EU-hosted identity provider."""

from .. import facts as F
from ..model import Check, unknown


def evaluate(ctx):
    pid = ctx.target
    ids = [r["id"] for r in F.moving(ctx.plan) if str(r.get("service_class") or "").startswith("identity.")]
    open_ = [r["id"] for r in F.moving(ctx.plan) if r["id"] in set(ids)
             and F.disposition(r, pid) == "stays-on-azure" and F.decision(ctx.evidence, r["id"]) is None]
    idp = F.text(F.section(ctx.evidence, "exit_plan", "identity_provider"))
    unknowns = []
    if open_:
        unknowns.append(f"{len(open_)} identity resource(s) with no target at {pid} and no decision "
                        f"({F.listing(open_)})")
    if not ctx.has_evidence:
        return unknown(f"{len(ids)} identity resource(s); the Entra ID tenant itself is not an ARM resource: "
                       f"{F.NO_EVIDENCE}", ids)
    if not idp:
        unknowns.append("no EU-hosted identity provider named to replace Entra ID (exit_plan.identity_provider)")
    return F.conclude([], unknowns, f"Entra ID replaced by {idp}; {len(ids)} identity resource(s) mapped at {pid}",
                      unknown_ids=open_ or ids, ok_ids=ids)


CHECK = Check(
    id="C18", title="Identity dependencies mapped to an EU-hosted identity provider", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("resources[].service_class", "resources[].targets.<provider>.disposition",
            "resources[].targets.<provider>.status", "evidence: exit_plan.identity_provider",
            "evidence: exit_plan.decisions[].resources", "evidence: exit_plan.decisions[].decision"),
    preconditions=("target",), evaluate=evaluate,
    description="Users, groups, app registrations and managed identities live in Entra ID, a US-operated "
                "directory: the exit needs a named identity provider at the target.",
    remediation="Name the EU-hosted identity provider under exit_plan.identity_provider.")
