"""C09: target regions for data, backups, DR and technical data all in the EU."""

from .. import facts as F
from ..legal import hds, snc
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    # plan.json providers may carry `regions` ({id, country}); otherwise the evidence declares them.
    regions = F.provider(plan, pid).get("regions")
    locations = F.section(evidence, "target", "locations") or []
    if not locations and not regions:
        return unknown(f"locations used at {pid} not declared: list them (purpose, region, country) under "
                       "target.locations in the evidence")
    eu = settings["eu_countries"]
    outside = [f"{loc.get('purpose')} in {loc.get('region')} ({loc.get('country')})" for loc in locations
               if F.country_of(loc.get("country"), settings) not in eu]
    outside += [f"region {r.get('id')} ({r.get('country')})" for r in regions or []
                if F.country_of(r.get("country"), settings) not in eu]
    if outside:
        return failed(f"{pid}: locations outside the EU: {'; '.join(outside)}")
    declared = {str(loc.get("purpose")) for loc in locations}
    missing = [p for p in settings["required_location_purposes"] if p not in declared]
    if missing:
        return unknown(f"{pid}: no location declared for {', '.join(missing)} (target.locations)")
    return passed(f"{pid}: {len(locations)} declared location(s) ({', '.join(sorted(declared))}) all in the EU")


CHECK = Check(
    id="C09", title="Target regions, backups and technical data in the EU",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(snc("§19.2 (unconfirmed)"), hds("storage in the EEA (unconfirmed)")),
    inputs=("providers[].regions", "evidence: target.locations"),
    thresholds=(), evaluate=evaluate,
    description="Primary data, backups, disaster-recovery copies and technical data (identities, logs, "
                "directory, certificates) must all be stored in the EU.")
