"""C08: no non-EU subcontractor or technology licensor can reach the data."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def evaluate(ctx):
    pid = ctx.target
    declared = F.section(ctx.evidence, "target", "non_eu_technical_access")
    if declared is True:
        return failed(f"evidence declares that a non-EU third party can technically access data at {pid}")
    if declared is False:
        return passed(f"evidence declares no non-EU third party with technical access at {pid}")
    used = sorted({o for r in F.data_bearing(ctx.plan) for o in F.offers_of(r, pid)})
    not_snc = [o for o in used if "secnumcloud" not in (F.offer(ctx.provider, o).get("qualifications") or [])]
    if used and not not_snc:
        return passed(f"every offer holding data at {pid} is SecNumCloud-qualified (§19.6 c-d)")
    return unknown(f"{len(not_snc)} offer(s) holding data at {pid} are not SecNumCloud ({', '.join(not_snc[:3])}): "
                   "declare target.non_eu_technical_access in the evidence after reviewing subcontractors and "
                   "technology licences")


CHECK = Check(
    id="C08", title="No non-EU third party with technical access to the data", severity="high",
    profiles=("fr-public", "health"),
    inputs=("providers[].offers.<id>.qualifications", "resources[].targets.<provider>.offer_id",
            "evidence: target.non_eu_technical_access"),
    preconditions=("target",), evaluate=evaluate,
    description="No subcontractor or technology licensor subject to non-EU law may be able to obtain the data "
                "(a concern for offers built on hyperscaler technology).",
    remediation="Review the target's subcontractors and technology licences and declare "
                "target.non_eu_technical_access, or use SecNumCloud-qualified offers.")
