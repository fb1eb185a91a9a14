"""C11: the target publishes its jurisdiction, a register of data formats and (health) a transfer map."""

from .. import facts as F
from ..legal import data_act, hds
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    pid, why = F.target(plan, evidence, settings)
    if pid is None:
        return unknown(why)
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    given = F.section(evidence, "target", "transparency") or {}
    have = {k for k, v in given.items() if v}
    if (F.provider(plan, pid).get("jurisdiction") or {}).get("source"):
        have.add("jurisdiction_statement")
    needed = ["jurisdiction_statement", "data_format_register"]
    labs = F.labels(plan, evidence)
    if any(F.class_of(labs[r["id"]].get("classification"), settings) == "health" for r in F.data_bearing(plan)):
        needed.append("transfer_map")
    missing = [k for k in needed if k not in have]
    if missing:
        return failed(f"{pid}: not evidenced: {', '.join('target.transparency.' + k for k in missing)}")
    return passed(f"{pid} publishes {', '.join(needed)}")


CHECK = Check(
    id="C11", title="Target publishes jurisdiction, data-format register and transfer map",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(data_act("Art. 28(1), Art. 26"), hds("published map of transfers outside the EEA (unconfirmed)")),
    inputs=("providers[].jurisdiction.source", "evidence: target.transparency"),
    thresholds=(), evaluate=evaluate,
    description="Providers must state the jurisdiction of their infrastructure and measures against foreign "
                "governmental access, and keep a register of data structures and formats.")
