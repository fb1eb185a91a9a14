"""C08: no non-EU subcontractor or technology licensor can reach the data."""

from .. import facts as F
from ..legal import snc
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    declared = F.section(evidence, "target", "non_eu_technical_access")
    if declared is True:
        return failed(f"evidence declares that a non-EU third party can technically access data at {pid}")
    if declared is False:
        return passed(f"evidence declares no non-EU third party with technical access at {pid}")
    prov = F.provider(plan, pid)
    used = sorted({o for r in F.data_bearing(plan) for o in F.offers_of(r, pid)})
    not_snc = [o for o in used if "secnumcloud" not in (F.offer(prov, o).get("qualifications") or [])]
    if used and not not_snc:
        return passed(f"every offer holding data at {pid} is SecNumCloud-qualified (§19.6 c-d)")
    return unknown(f"{len(not_snc)} offer(s) holding data at {pid} are not SecNumCloud ({', '.join(not_snc[:3])}): "
                   "declare target.non_eu_technical_access in the evidence after reviewing subcontractors and "
                   "technology licences")


CHECK = Check(
    id="C08", title="No non-EU third party with technical access to the data",
    profiles=("fr-public", "health"),
    legal_basis=(snc("§19.6 c) and d)"),),
    inputs=("providers[].offers.<id>.qualifications", "evidence: target.non_eu_technical_access"),
    thresholds=(), evaluate=evaluate,
    description="No subcontractor or technology licensor subject to non-EU law may be able to obtain the data "
                "(a concern for offers built on hyperscaler technology).")
