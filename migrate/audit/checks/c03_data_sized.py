"""C03: every data-bearing resource has a measured size."""

from .. import facts as F
from ..legal import eba, rts
from ..model import Check, failed, passed


def evaluate(plan, evidence, settings):
    rs = [r for r in F.data_bearing(plan) if r.get("service_class") not in settings["size_not_applicable"]]
    missing = [r["id"] for r in rs if (r.get("sizing") or {}).get("storage_gb") is None]
    if missing:
        return failed(f"{len(missing)} of {len(rs)} data-bearing resource(s) have no measured size "
                      f"({F.listing(missing)}): read used capacity (migrate inventory azure reads Azure Monitor)",
                      missing)
    return passed(f"all {len(rs)} data-bearing resource(s) sized")


CHECK = Check(
    id="C03", title="Data-bearing resources sized",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(eba("¶107(a) (paragraph unconfirmed)"), rts("Art. 10 (unconfirmed)")),
    inputs=("resources[].data_bearing", "resources[].sizing.storage_gb", "config: audit.size_not_applicable"),
    thresholds=(), evaluate=evaluate,
    description="Transfer time and cost depend on volumes: a data-bearing resource of unknown size makes them "
                "unknown. Measure the used capacity of every such resource.")
