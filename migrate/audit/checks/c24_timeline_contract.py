"""C24: the exit timeline fits the contract's end date and notice period."""

import datetime

from .. import facts as F
from ..legal import data_act, rts
from ..model import Check, failed, passed, unknown


def evaluate(plan, evidence, settings):
    if evidence is None:
        return unknown(F.NO_EVIDENCE)
    azure = [c for c in F.section(evidence, "contracts") or [] if c.get("party") == "azure"]
    end = F.date(azure[0].get("end_date")) if azure else None
    if end is None:
        return unknown("end date of the Azure contract not given (contracts[party=azure].end_date)")
    finish = F.date(F.section(evidence, "exit_plan", "planned_end"))
    source = "exit_plan.planned_end"
    if finish is None:
        pid, why = F.target(plan, evidence, settings)
        months = (((F.provider(plan, pid).get("effort_distribution") or {}).get("duration_months") or {}).get("p90")
                  if pid else None)
        if months is None:
            return unknown("no planned end (exit_plan.planned_end) and no P90 duration in the plan "
                           "(providers[].effort_distribution)" + (f"; {why}" if why else ""))
        finish, source = F.add_months(F.as_of(settings), months), f"as-of + P90 duration {months} months at {pid}"
    notice = azure[0].get("notice_days") or 0
    last_notice = end - datetime.timedelta(days=notice)
    if finish > end:
        return failed(f"exit ends {finish.isoformat()} ({source}), after the Azure contract ends {end.isoformat()}")
    if F.as_of(settings) > last_notice:
        return failed(f"notice of {notice} days had to be given by {last_notice.isoformat()}")
    return passed(f"exit ends {finish.isoformat()} ({source}), before the Azure contract ends {end.isoformat()}; "
                  f"notice ({notice} days) due by {last_notice.isoformat()}")


CHECK = Check(
    id="C24", title="Timeline fits contract end, notice and transition terms",
    profiles=("fin", "fr-public", "health"),
    legal_basis=(rts("Art. 10 (unconfirmed)"), data_act("Art. 25(2)(d) notice (letter unconfirmed)")),
    inputs=("evidence: contracts[].end_date", "evidence: contracts[].notice_days", "evidence: exit_plan.planned_end",
            "providers[].effort_distribution.duration_months.p90"),
    thresholds=(), evaluate=evaluate,
    description="The exit must finish before the contract ends, with notice given in time.")
