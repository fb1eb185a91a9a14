"""C07: the target provider is established in the EU and not controlled from outside it."""

from .. import facts as F
from ..legal import snc
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    prov, t = F.provider(plan, pid), settings["thresholds"]
    country = F.country_of(prov.get("headquarters"), settings)
    if country is None:
        return unknown(f"{pid}: headquarters {prov.get('headquarters')!r} not recognised as a country")
    if country not in settings["eu_countries"]:
        return failed(f"{pid} is headquartered outside the EU ({prov.get('headquarters')})")
    if (prov.get("jurisdiction") or {}).get("non_eu_law_exposure"):
        return failed(f"{pid} is exposed to non-EU law per the catalogue: {prov['jurisdiction'].get('details')}")
    own = F.section(evidence, "target", "ownership")
    if own and (own.get("non_eu_largest_pct") is not None or own.get("non_eu_total_pct") is not None):
        one, total = own.get("non_eu_largest_pct"), own.get("non_eu_total_pct")
        if one is None or total is None:
            return unknown("evidence target.ownership needs non_eu_largest_pct and non_eu_total_pct")
        if one > t["non_eu_ownership_individual_max_pct"] or total > t["non_eu_ownership_collective_max_pct"]:
            return failed(f"{pid}: non-EU holdings {one} % (largest) / {total} % (total) exceed "
                          f"{t['non_eu_ownership_individual_max_pct']} % / {t['non_eu_ownership_collective_max_pct']} %")
        return passed(f"{pid}: EU headquarters ({country}), non-EU holdings {one} % / {total} % within limits")
    problem, _ = F.qualification_problem(prov, "secnumcloud", F.cutover(evidence, settings), settings)
    if problem is None:
        return passed(f"{pid}: EU headquarters ({country}), no non-EU law exposure, SecNumCloud qualified "
                      "(§19.6 is a condition of the qualification)")
    return unknown(f"{pid}: EU headquarters ({country}) but ownership shares unknown and {problem}: "
                   "give target.ownership in the evidence")


CHECK = Check(
    id="C07", title="Target provider EU-established, non-EU ownership within limits",
    profiles=("fr-public", "health"),
    legal_basis=(snc("§19.6 a) and b)"),),
    inputs=("providers[].headquarters", "providers[].jurisdiction.non_eu_law_exposure",
            "providers[].qualifications", "evidence: target.ownership"),
    thresholds=("non_eu_ownership_individual_max_pct", "non_eu_ownership_collective_max_pct"), evaluate=evaluate,
    description="Registered office in the EU; non-EU entities hold at most 24 % individually and 39 % "
                "collectively of capital and votes.")
