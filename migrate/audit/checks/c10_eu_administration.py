"""C10: administration and supervision of the target from the EU."""

from .. import facts as F
from ..legal import hds, snc
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    countries = F.section(evidence, "target", "administration_countries")
    if not countries:
        return unknown(f"countries from which {pid} administers and supervises the service not declared "
                       "(target.administration_countries)")
    outside = [c for c in countries if F.country_of(c, settings) not in settings["eu_countries"]]
    if outside:
        return failed(f"{pid} administered from outside the EU: {', '.join(map(str, outside))}")
    return passed(f"{pid} administered from {', '.join(map(str, countries))}")


CHECK = Check(
    id="C10", title="Administration and supervision from the EU",
    profiles=("fr-public", "health"),
    legal_basis=(snc("§19.2 (unconfirmed)"), hds("remote access from third countries (unconfirmed)")),
    inputs=("evidence: target.administration_countries",),
    thresholds=(), evaluate=evaluate,
    description="The provider's administration and supervision staff and tools must operate from the EU.")
