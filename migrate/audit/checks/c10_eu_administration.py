"""C10: administration and supervision of the target from the EU."""

from .. import facts as F
from ..model import Check


def evaluate(ctx):
    pid = ctx.target
    countries = F.section(ctx.evidence, "target", "administration_countries") or []
    outside = [c for c in countries if F.country_of(c, ctx.settings) not in ctx.settings["eu_countries"]]
    fails = [f"{pid} administered from outside the EU: {', '.join(map(str, outside))}"] if outside else []
    unknowns = [] if countries else [f"countries from which {pid} administers and supervises the service not "
                                     "declared (target.administration_countries)"]
    return F.conclude(fails, unknowns, f"{pid} administered from {', '.join(map(str, countries))}")


CHECK = Check(
    id="C10", title="Administration and supervision from the EU", severity="high",
    profiles=("fr-public", "health"),
    inputs=("evidence: target.administration_countries",),
    preconditions=("target",), evaluate=evaluate,
    description="The provider's administration and supervision staff and tools must operate from the EU.",
    remediation="Ask the provider where administration and supervision happen and declare the countries.")
