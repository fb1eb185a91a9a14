"""C29: every contract carries the exit clauses; notice at most 2 months, retrieval at least 30 days."""

from .. import facts as F
from ..model import Check, unknown


def evaluate(ctx):
    contracts = F.section(ctx.evidence, "contracts") or []
    if not any(c.get("party") == "azure" for c in contracts):
        return unknown("the Azure contract is not described (contracts[] with party: azure)")
    t, fails, unknowns = ctx.settings["thresholds"], [], []
    for i, c in enumerate(contracts):
        name = f"contracts[{i}] ({c.get('name')})"
        clauses = c.get("clauses") or {}
        absent = [k for k in ctx.settings["required_clauses"] if clauses.get(k) is False]
        blank = [k for k in ctx.settings["required_clauses"] if clauses.get(k) is None]
        if absent:
            fails.append(f"{name}: no clause for {', '.join(absent)}")
        if blank:
            unknowns.append(f"{name}: clause reference not given for {', '.join(blank)} (contracts[{i}].clauses)")
        notice, retrieval = c.get("notice_days"), c.get("retrieval_days")
        if notice is None:
            unknowns.append(f"{name}: notice period not given (contracts[{i}].notice_days)")
        elif notice > t["switching_notice_max_days"]:
            fails.append(f"{name}: notice {notice} days > {t['switching_notice_max_days']}")
        if retrieval is None:
            unknowns.append(f"{name}: data retrieval period not given (contracts[{i}].retrieval_days)")
        elif retrieval < t["retrieval_min_days"]:
            fails.append(f"{name}: data retrieval period {retrieval} days < {t['retrieval_min_days']}")
    return F.conclude(fails, unknowns, f"{len(contracts)} contract(s) carry all {len(ctx.settings['required_clauses'])} "
                      f"exit clauses, notice <= {t['switching_notice_max_days']} days, retrieval >= "
                      f"{t['retrieval_min_days']} days")


CHECK = Check(
    id="C29", title="Contract exit clauses (locations, data return, termination, transition, erasure)",
    severity="high", profiles=("fin", "fr-public", "health"),
    inputs=("evidence: contracts[].party", "evidence: contracts[].name", "evidence: contracts[].clauses",
            "evidence: contracts[].notice_days", "evidence: contracts[].retrieval_days",
            "config: audit.required_clauses"),
    preconditions=("evidence",), evaluate=evaluate,
    thresholds=("switching_notice_max_days", "retrieval_min_days"),
    description="Each contract (Azure, and the target's) must state service and data locations, data return, "
                "termination rights, a transition period with exit assistance, the exportable data and erasure, "
                "with a notice of at most 2 months and a retrieval period of at least 30 days.",
    remediation="Give every contract's clause references (false where the contract has none), notice and "
                "retrieval periods; negotiate the missing clauses.")
