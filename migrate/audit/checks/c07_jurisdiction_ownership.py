"""C07: the target provider is established in the EU and not controlled from outside it."""

from .. import facts as F
from ..model import Check, failed, passed, unknown


def evaluate(ctx):
    pid, prov, t = ctx.target, ctx.provider, ctx.settings["thresholds"]
    country = F.country_of(prov.get("headquarters"), ctx.settings)
    if country is None:
        return unknown(f"{pid}: headquarters {prov.get('headquarters')!r} not recognised as a country")
    if country not in ctx.settings["eu_countries"]:
        return failed(f"{pid} is headquartered outside the EU ({prov.get('headquarters')})")
    if (prov.get("jurisdiction") or {}).get("non_eu_law_exposure"):
        return failed(f"{pid} is exposed to non-EU law per the catalogue: {prov['jurisdiction'].get('details')}")
    own = F.section(ctx.evidence, "target", "ownership")
    if own:
        one, total = own.get("non_eu_largest_pct"), own.get("non_eu_total_pct")
        if one is None or total is None:
            return unknown("target.ownership needs non_eu_largest_pct and non_eu_total_pct")
        one_max, all_max = t["non_eu_ownership_individual_max_pct"], t["non_eu_ownership_collective_max_pct"]
        if one > one_max or total > all_max:
            return failed(f"{pid}: non-EU holdings {one} % (largest) / {total} % (total) exceed {one_max} % / "
                          f"{all_max} % ({own.get('source')})")
        return passed(f"{pid}: EU headquarters ({country}), non-EU holdings {one} % / {total} % within limits "
                      f"({own.get('source')})")
    problem, _ = F.qualification_problem(prov, "secnumcloud", F.cutover(ctx.evidence, ctx.settings), ctx.settings)
    if problem is None:
        return passed(f"{pid}: EU headquarters ({country}), no non-EU law exposure, SecNumCloud qualified "
                      "(§19.6 is a condition of the qualification)")
    return unknown(f"{pid}: EU headquarters ({country}) but ownership shares unknown and {problem}: "
                   "give target.ownership (non_eu_largest_pct, non_eu_total_pct, source) in the evidence")


CHECK = Check(
    id="C07", title="Target established in the EU, non-EU holdings within limits", severity="high",
    profiles=("fr-public", "health"),
    inputs=("providers[].headquarters", "providers[].jurisdiction.non_eu_law_exposure",
            "providers[].qualifications[].valid_until", "evidence: target.ownership.non_eu_largest_pct",
            "evidence: target.ownership.non_eu_total_pct", "evidence: target.ownership.source",
            "evidence: target.cutover_date"),
    preconditions=("target",), evaluate=evaluate,
    thresholds=("non_eu_ownership_individual_max_pct", "non_eu_ownership_collective_max_pct"),
    description="The provider must have its registered office and central administration in the EU, with no "
                "non-EU entity holding more than 24 % alone or 39 % together of its capital and votes.",
    remediation="Give target.ownership from the provider's annual report, or choose a SecNumCloud-qualified target.")
