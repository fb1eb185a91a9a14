"""C12: the target is itself reversible (SWIPO adherence or a published reversibility policy)."""

from .. import facts as F
from ..model import Check, passed, unknown


def evaluate(ctx):
    rev = F.section(ctx.evidence, "target", "reversibility") or {}
    if rev.get("swipo_adherent") is True:
        return passed(f"{ctx.target}: SWIPO adherent")
    if F.text(rev.get("policy")):
        return passed(f"{ctx.target}: reversibility policy {rev['policy']}")
    return unknown(f"{ctx.target}: no SWIPO adherence or reversibility policy evidenced "
                   "(target.reversibility.swipo_adherent or target.reversibility.policy)")


CHECK = Check(
    id="C12", title="Target provider itself reversible", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("evidence: target.reversibility.swipo_adherent", "evidence: target.reversibility.policy"),
    preconditions=("target", "evidence"), evaluate=evaluate,
    description="Do not trade one lock-in for another: the target must document how to leave it.",
    remediation="Give the target's reversibility policy URL, or its SWIPO register entry.")
