"""C06: health data goes to an HDS-certified host whose activities cover the service model."""

from .. import facts as F
from ..legal import hds
from ..model import Check, failed, passed, skipped, unknown
from .c05_secnumcloud_sensitive import qualified_problems


def evaluate(plan, evidence, settings):
    if not F.has_labels(plan, evidence):
        return unknown(F.NO_LABELS)
    pid, why, concerned, bad, unsure = qualified_problems(plan, evidence, settings, "hds", ("health",))
    if not concerned:
        return skipped("no data-bearing resource classified health")
    ids = [r["id"] for r in concerned]
    if pid is None:
        return unknown(why, ids)
    if bad:
        return failed(f"{len(bad)} of {len(concerned)} health resource(s) not on an HDS-certified offer valid at "
                      f"cutover at {pid} ({'; '.join(sorted(set(bad.values()))[:3])}): {F.listing(bad)}", list(bad))
    activities = F.section(evidence, "target", "hds_activities")
    required = set(settings["hds_required_activities"])
    if not activities:
        return unknown(f"HDS offers used at {pid}, but the certificate's activities are not declared "
                       "(evidence target.hds_activities)", ids)
    missing = sorted(required - {int(a) for a in activities})
    if missing:
        return failed(f"{pid}'s HDS certificate does not cover activities {missing} required by "
                      "audit.hds_required_activities", ids)
    if unsure:
        return unknown(f"HDS offers used, but {why}", unsure)
    return passed(f"all {len(concerned)} health resource(s) on HDS offers of {pid} covering activities "
                  f"{sorted(required)}")


CHECK = Check(
    id="C06", title="Health data on an HDS host covering the service model",
    profiles=("health",),
    legal_basis=(hds("Code de la santé publique art. L.1111-8; HDS v2 activities 1-6 (unconfirmed)"),),
    inputs=("resources[].labels.classification", "providers[].offers.<id>.qualifications",
            "providers[].qualifications[].valid_until", "evidence: target.hds_activities"),
    thresholds=("hds_validity_years",), evaluate=evaluate,
    description="Personal health data may only be hosted by an HDS-certified host whose certified activities "
                "(physical sites, hardware, virtual infrastructure, platform, operation, backup) cover what "
                "it runs.")
