"""C11: the target publishes its jurisdiction, a register of data formats and (health) a transfer map."""

from .. import facts as F
from ..model import Check


def evaluate(ctx):
    pid = ctx.target
    given = F.section(ctx.evidence, "target", "transparency") or {}
    have = {k for k, v in given.items() if F.text(v)}
    if (ctx.provider.get("jurisdiction") or {}).get("source"):
        have.add("jurisdiction_statement")
    needed = ["jurisdiction_statement", "data_format_register"]
    if F.classified(ctx.plan, ctx.evidence, ctx.settings, ("health",)):
        needed.append("transfer_map")
    missing = [k for k in needed if k not in have]
    unknowns = [f"{pid}: not evidenced: {', '.join('target.transparency.' + k for k in missing)}"] if missing else []
    return F.conclude([], unknowns, f"{pid} publishes {', '.join(needed)}")


CHECK = Check(
    id="C11", title="Target publishes jurisdiction, data-format register and transfer map", severity="medium",
    profiles=("fin", "fr-public", "health"),
    inputs=("providers[].jurisdiction.source", "resources[].labels.classification",
            "evidence: target.transparency.jurisdiction_statement",
            "evidence: target.transparency.data_format_register", "evidence: target.transparency.transfer_map",
            *F.LABEL_INPUTS),
    preconditions=("target", "evidence"), evaluate=evaluate,
    description="Providers must state the jurisdiction of their infrastructure and measures against foreign "
                "governmental access, and keep a register of data structures and formats; health data hosts "
                "publish a map of transfers outside the EEA.",
    remediation="Give the URLs of the target's statements under target.transparency.")
