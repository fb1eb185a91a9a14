"""C12: the target is itself reversible (SWIPO adherence or a published reversibility policy)."""

from .. import facts as F
from ..legal import data_act, swipo
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    rev = F.section(evidence, "target", "reversibility") or {}
    if rev.get("swipo_adherent") or rev.get("policy"):
        how = "SWIPO adherent" if rev.get("swipo_adherent") else f"reversibility policy {rev['policy']}"
        return passed(f"{pid}: {how}")
    return failed(f"{pid}: no SWIPO adherence or reversibility policy evidenced (target.reversibility)")


CHECK = Check(
    id="C12", title="Target provider itself reversible",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 23, Art. 25"), swipo("IaaS Code of Conduct, transparency statement")),
    inputs=("evidence: target.reversibility",),
    thresholds=(), evaluate=evaluate,
    description="Do not trade one lock-in for another: the target must document how to leave it.")
