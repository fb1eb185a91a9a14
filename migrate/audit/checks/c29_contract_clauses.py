"""C29: contract exit clauses present, notice at most 2 months, retrieval at least 30 days."""

from .. import facts as F
from ..legal import data_act, dora
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    contracts = F.section(evidence, "contracts") or []
    if not any(c.get("party") == "azure" for c in contracts):
        return failed("the Azure contract is not described (contracts[] with party: azure)")
    t, problems = settings["thresholds"], []
    for c in contracts:
        name = c.get("name") or c.get("party")
        clauses = c.get("clauses") or {}
        missing = [k for k in settings["required_clauses"] if not clauses.get(k)]
        if missing:
            problems.append(f"{name}: no clause for {', '.join(missing)}")
        if c.get("notice_days") is not None and c["notice_days"] > t["switching_notice_max_days"]:
            problems.append(f"{name}: notice {c['notice_days']} days > {t['switching_notice_max_days']}")
        if c.get("retrieval_days") is None or c["retrieval_days"] < t["retrieval_min_days"]:
            problems.append(f"{name}: data retrieval period {c.get('retrieval_days')} days, "
                            f"needs >= {t['retrieval_min_days']}")
    if problems:
        return failed("; ".join(problems))
    return passed(f"{len(contracts)} contract(s) carry all {len(settings['required_clauses'])} exit clauses")


CHECK = Check(
    id="C29", title="Contract exit clauses (locations, data return, termination, transition, erasure)",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(dora("Art. 30(2)(b), (d), (h); Art. 30(3)(f)"),
                 data_act("Art. 25(2): 30-day transition, notice <= 2 months, retrieval >= 30 days, erasure")),
    inputs=("evidence: contracts[].clauses", "evidence: contracts[].notice_days", "evidence: contracts[].retrieval_days"),
    thresholds=("switching_notice_max_days", "retrieval_min_days"), evaluate=evaluate,
    description="Each contract (Azure, and the target's) must state service and data locations, data return, "
                "termination rights, a transition period with exit assistance, the exportable data and erasure.")
