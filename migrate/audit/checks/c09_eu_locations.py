"""C09: target regions for data, backups, DR and technical data all in the EU."""

from .. import facts as F
from ..model import Check


def evaluate(ctx):
    pid, eu = ctx.target, ctx.settings["eu_countries"]
    # plan.json providers may carry `regions` ({id, country}); the evidence declares where each purpose goes.
    regions = ctx.provider.get("regions") or []
    locations = F.section(ctx.evidence, "target", "locations") or []
    outside = [f"{loc.get('purpose')} in {loc.get('region')} ({loc.get('country')})" for loc in locations
               if F.country_of(loc.get("country"), ctx.settings) not in eu]
    outside += [f"region {r.get('id')} ({r.get('country')})" for r in regions
                if F.country_of(r.get("country"), ctx.settings) not in eu]
    declared = {str(loc.get("purpose")) for loc in locations}
    missing = [p for p in ctx.settings["required_location_purposes"] if p not in declared]
    fails = [f"{pid}: locations outside the EU: {'; '.join(outside)}"] if outside else []
    unknowns = [f"{pid}: no location declared for {', '.join(missing)} (target.locations: purpose, region, "
                "country)"] if missing else []
    return F.conclude(fails, unknowns, f"{pid}: {len(locations)} declared location(s) ({', '.join(sorted(declared))}) "
                      "all in the EU")


CHECK = Check(
    id="C09", title="Target regions, backups and technical data in the EU", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("providers[].regions", "evidence: target.locations[].purpose", "evidence: target.locations[].region",
            "evidence: target.locations[].country", "config: audit.required_location_purposes"),
    preconditions=("target",), evaluate=evaluate,
    description="Primary data, backups, disaster-recovery copies and technical data (identities, logs, "
                "directory, certificates) must all be stored in the EU.",
    remediation="Declare every purpose's location under target.locations, in EU regions.")
