"""C23: migration waves respect dependencies; cutover has RTO/RPO, parallel run and rollback."""

from .. import facts as F
from ..legal import dora, eba
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if not plan.get("waves"):
        return unknown(F.NO_WAVES)
    wave = {r["id"]: r.get("wave") for r in F.resources(plan)}
    early = sorted({r["id"] for r in F.resources(plan) if r.get("wave") is not None
                    for d in r.get("depends_on") or [] if wave.get(d) is not None and wave[d] > r["wave"]})
    if early:
        return failed(f"{len(early)} resource(s) move before something they depend on ({F.listing(early)})", early)
    cut = F.section(evidence, "exit_plan", "cutover") or {}
    missing = [k for k in ("rto_hours", "rpo_hours", "parallel_run_days", "rollback") if cut.get(k) in (None, "")]
    n = len(plan["waves"].get("items") or [])
    if evidence is None:
        return unknown(f"{n} wave(s) follow the dependencies; RTO/RPO, parallel run and rollback: {F.NO_EVIDENCE}")
    if missing:
        return failed(f"{n} wave(s) follow the dependencies, but the cutover lacks "
                      f"{', '.join('exit_plan.cutover.' + k for k in missing)}")
    return passed(f"{n} wave(s) follow the dependencies; cutover RTO {cut['rto_hours']} h, RPO {cut['rpo_hours']} h, "
                  f"{cut['parallel_run_days']} day(s) in parallel, rollback documented")


CHECK = Check(
    id="C23", title="Waves follow dependencies; cutover with RTO/RPO, parallel run, rollback",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(dora("Art. 28(8) (exit without disruption)"), eba("¶108(d) (paragraph unconfirmed)")),
    inputs=("waves", "resources[].wave", "resources[].depends_on", "evidence: exit_plan.cutover"),
    thresholds=(), evaluate=evaluate,
    description="A resource must not move before what it depends on, and each cutover needs recovery "
                "objectives, a parallel run and a way back.")
