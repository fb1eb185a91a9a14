"""C24: the exit timeline fits the end date and notice period of every Azure contract."""

import datetime

from .. import facts as F
from ..model import Check, unknown


def _finish(ctx) -> tuple[datetime.date | None, str]:
    finish = F.date(F.section(ctx.evidence, "exit_plan", "planned_end"))
    if finish is not None:
        return finish, "exit_plan.planned_end"
    pid, why = F.target(ctx.plan, ctx.evidence, ctx.settings)
    months = (((F.provider(ctx.plan, pid).get("effort_distribution") or {}).get("duration_months") or {}).get("p90")
              if pid else None)
    if months is None:
        return None, ("no planned end (exit_plan.planned_end) and no P90 duration in the plan "
                      "(providers[].effort_distribution)" + (f"; {why}" if why else ""))
    return F.add_months(F.as_of(ctx.settings), months), f"as-of + P90 duration {months} months at {pid}"


def evaluate(ctx):
    azure = [(i, c) for i, c in enumerate(F.section(ctx.evidence, "contracts") or []) if c.get("party") == "azure"]
    if not azure:
        return unknown("no Azure contract described (contracts[] with party: azure, end_date, notice_days)")
    finish, source = _finish(ctx)
    today = F.as_of(ctx.settings)
    fails, unknowns = [], []
    if finish is None:
        unknowns.append(source)
    for i, c in azure:
        name = f"contracts[{i}] ({c.get('name')})"
        end, notice = F.date(c.get("end_date")), c.get("notice_days")
        if end is None:
            unknowns.append(f"{name}: end date not given (contracts[{i}].end_date)")
            continue
        if finish is not None and finish > end:
            fails.append(f"exit ends {finish.isoformat()} ({source}), after {name} ends {end.isoformat()}")
        if notice is None:
            unknowns.append(f"{name}: notice period not given (contracts[{i}].notice_days)")
        elif today > end - datetime.timedelta(days=notice):
            fails.append(f"{name}: notice of {notice} days had to be given by "
                         f"{(end - datetime.timedelta(days=notice)).isoformat()}")
    return F.conclude(fails, unknowns, f"exit ends {finish.isoformat() if finish else '?'} ({source}), before each of "
                      f"{len(azure)} Azure contract(s) ends, with notice still possible")


CHECK = Check(
    id="C24", title="Timeline fits contract end, notice and transition terms", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("evidence: contracts[].party", "evidence: contracts[].name", "evidence: contracts[].end_date",
            "evidence: contracts[].notice_days", "evidence: exit_plan.planned_end", "evidence: target.provider",
            "providers[].effort_distribution.duration_months.p90"),
    preconditions=("evidence",), evaluate=evaluate,
    description="The exit must finish before every Azure contract ends, with notice given in time.",
    remediation="Describe every Azure contract (end_date, notice_days) and the planned end; start earlier or "
                "renegotiate the end date.")
