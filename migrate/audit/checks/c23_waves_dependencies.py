"""C23: migration waves respect dependencies; cutover has RTO/RPO, parallel run and rollback."""

from .. import facts as F
from ..model import Check, failed

CUTOVER = ("rto_hours", "rpo_hours", "parallel_run_days", "rollback")


def evaluate(ctx):
    wave = {r["id"]: r.get("wave") for r in F.resources(ctx.plan)}
    early = sorted({r["id"] for r in F.resources(ctx.plan) if r.get("wave") is not None
                    for d in r.get("depends_on") or [] if wave.get(d) is not None and wave[d] > r["wave"]})
    n = len(ctx.plan["waves"].get("items") or [])
    if early:
        return failed(f"{len(early)} resource(s) move before something they depend on ({F.listing(early)})", early)
    cut = F.section(ctx.evidence, "exit_plan", "cutover") or {}
    missing = [k for k in CUTOVER if cut.get(k) is None or (k == "rollback" and not F.text(cut.get(k)))]
    unknowns = [f"{n} wave(s) follow the dependencies, but the cutover lacks "
                f"{', '.join('exit_plan.cutover.' + k for k in missing)}"] if missing else []
    return F.conclude([], unknowns, f"{n} wave(s) follow the dependencies; cutover RTO {cut.get('rto_hours')} h, RPO "
                      f"{cut.get('rpo_hours')} h, {cut.get('parallel_run_days')} day(s) in parallel, rollback "
                      "documented")


CHECK = Check(
    id="C23", title="Waves follow dependencies; cutover with RTO/RPO, parallel run, rollback", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("waves", "resources[].wave", "resources[].depends_on", "evidence: exit_plan.cutover.rto_hours",
            "evidence: exit_plan.cutover.rpo_hours", "evidence: exit_plan.cutover.parallel_run_days",
            "evidence: exit_plan.cutover.rollback"),
    preconditions=("waves",), evaluate=evaluate,
    description="A resource must not move before what it depends on, and each cutover needs recovery "
                "objectives, a parallel run and a way back.",
    remediation="Plan with --waves, and give the cutover's RTO, RPO, parallel run and rollback.")
