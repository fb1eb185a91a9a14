"""C05: sensitive and health data only on SecNumCloud-qualified offers, valid at the cutover date."""

from .. import facts as F
from ..legal import circular, snc, sren
from ..model import Check, failed, passed, skipped, unknown


def qualified_problems(plan, evidence, settings, qid, families):
    """Shared by C05/C06: (pid, why_no_target, concerned ids, failing {id: reason}, unconfirmed ids)."""
    pid, why = F.target(plan, evidence, settings)
    labs = F.labels(plan, evidence)
    concerned = [r for r in F.data_bearing(plan) if F.class_of(labs[r["id"]].get("classification"), settings)
                 in families]
    if pid is None:
        return None, why, concerned, {}, []
    prov = F.provider(plan, pid)
    on = F.cutover(evidence, settings)
    prov_problem, prov_unknown = F.qualification_problem(prov, qid, on, settings)
    bad, unsure = {}, []
    for r in concerned:
        ln = F.line(r, pid)
        if ln["status"] in ("gap", "unmapped") or not F.offers_of(r, pid):
            bad[r["id"]] = "no target offer"
            continue
        lacking = [o for o in F.offers_of(r, pid) if qid not in (F.offer(prov, o).get("qualifications") or [])]
        if lacking:
            bad[r["id"]] = f"offer {', '.join(lacking)} not {qid}"
        elif prov_problem and not prov_unknown:
            bad[r["id"]] = prov_problem
        elif prov_problem:
            unsure.append(r["id"])
    return pid, prov_problem, concerned, bad, unsure


def evaluate(plan, evidence, settings):
    if not F.has_labels(plan, evidence):
        return unknown(F.NO_LABELS)
    pid, why, concerned, bad, unsure = qualified_problems(plan, evidence, settings, "secnumcloud",
                                                          ("health", "sensitive"))
    if not concerned:
        return skipped("no data-bearing resource classified health or sensitive")
    if pid is None:
        return unknown(why, [r["id"] for r in concerned])
    on = F.cutover(evidence, settings).isoformat()
    if bad:
        reasons = sorted(set(bad.values()))
        return failed(f"{len(bad)} of {len(concerned)} sensitive/health resource(s) not on a SecNumCloud offer "
                      f"valid at {on} at {pid} ({'; '.join(reasons[:3])}): {F.listing(bad)}", list(bad))
    if unsure:
        return unknown(f"offers are SecNumCloud but {why}; cannot tell whether valid at {on}", unsure)
    return passed(f"all {len(concerned)} sensitive/health resource(s) on SecNumCloud offers of {pid} valid at {on}")


CHECK = Check(
    id="C05", title="Sensitive and health data on SecNumCloud offers valid at cutover",
    profiles=("fr-public", "health"),
    legal_basis=(circular("rule R9"), sren("Art. 31"), snc("qualification per offer (§19.6, §19.2)")),
    inputs=("resources[].labels.classification", "resources[].targets.<provider>.offer_id",
            "providers[].offers.<id>.qualifications", "providers[].qualifications[].valid_until",
            "evidence: target.provider", "evidence: target.cutover_date"),
    thresholds=("secnumcloud_validity_years",), evaluate=evaluate,
    description="Data of particular sensitivity (and health data in the French public sector) must sit on an "
                "offer qualified SecNumCloud, immune to non-EU law, whose qualification is still valid on the "
                "cutover date.")
