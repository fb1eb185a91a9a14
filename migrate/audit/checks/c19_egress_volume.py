"""C19: egress volume estimated, in total and per wave."""

from .. import facts as F
from ..legal import eba, rts
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    transfer = plan.get("transfer")
    if not transfer:
        return unknown(F.NO_TRANSFER)
    unsized = [r["id"] for r in F.data_bearing(plan) if (r.get("sizing") or {}).get("storage_gb") is None]
    if transfer.get("data_gb") is None or transfer.get("unknown_size_resources"):
        return failed(f"egress volume incomplete: {transfer.get('unknown_size_resources') or len(unsized)} "
                      f"data-bearing resource(s) of unknown size ({F.listing(unsized)})", unsized)
    waves = (plan.get("waves") or {}).get("items")
    per_wave = f", {len(waves)} wave(s) with their volume" if waves else " (no per-wave split: plan has no waves)"
    return passed(f"{transfer['data_gb']:,.1f} GB to move over {transfer.get('data_bearing_resources')} "
                  f"data-bearing resource(s){per_wave}")


CHECK = Check(
    id="C19", title="Egress volume estimated, total and per wave",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(eba("¶107(a) (paragraph unconfirmed)"), rts("Art. 10 (unconfirmed)")),
    inputs=("transfer.data_gb", "transfer.unknown_size_resources", "waves.items[].data_gb"),
    thresholds=(), evaluate=evaluate,
    description="The volume of data to move drives transfer time and egress cost; it must be known in total "
                "and per wave.")
