"""C27: the exit was tested within 12 months with a real export/import and a measured time."""

from .. import facts as F
from ..model import Check, failed, passed, unknown

REAL_KINDS = ("drill", "full", "partial")       # a tabletop walk-through moves no data


def _drill_problem(doc: dict) -> str | None:
    if doc.get("format") != "migrate-drill-evidence":
        return "not a migrate drill evidence file"
    mismatched = len(doc.get("mismatches") or []) or (doc.get("objects") or {}).get("mismatched") or 0
    failed_n = (doc.get("objects") or {}).get("failed") or 0
    if doc.get("result") != "passed":
        return f"result {doc.get('result')!r}"
    if mismatched or failed_n:
        return f"{mismatched} mismatched and {failed_n} failed object(s)"
    if not (doc.get("throughput") or {}).get("bytes_per_second"):
        return "no measured throughput"
    return None


def evaluate(ctx):
    tests = F.section(ctx.evidence, "exit_tests") or []
    if not tests:
        return unknown("no exit test recorded (exit_tests[]: kind, date, drill_evidence)")
    months, today = ctx.settings["thresholds"]["exit_test_max_age_months"], F.as_of(ctx.settings)
    notes, best = [], None
    for i, t in enumerate(tests):
        drill = t.get("drill_evidence") if isinstance(t.get("drill_evidence"), dict) else None
        doc = (drill or {}).get("document")
        when = F.date(t.get("date")) or (F.date(doc.get("finished_at")) if doc else None)
        label = f"exit_tests[{i}] ({when.isoformat() if when else 'undated'})"
        if t.get("kind") not in REAL_KINDS:
            notes.append(f"{label} is a {t.get('kind')} test: no data moved")
        elif when is None or when > today or F.add_months(when, months) < today:
            notes.append(f"{label} is not within {months} months before {today.isoformat()}")
        elif doc is None:
            report = F.document(t.get("report"))[1] if t.get("report") else None
            notes.append(f"{label} has no drill evidence (exit_tests[].drill_evidence) with a measured result"
                         + (f" (report {report} alone measures nothing the audit can read)" if report else ""))
        elif _drill_problem(doc):
            notes.append(f"{label}: drill evidence {drill.get('path')}: {_drill_problem(doc)}")
        elif best is None or when > best[0]:
            best = (when, doc, drill.get("path"))
    if best:
        when, doc, path = best
        tp = doc["throughput"]
        return passed(f"drill of {when.isoformat()} ({path}) passed: {(doc.get('objects') or {}).get('verified')} "
                      f"object(s) verified, 0 mismatches, {tp.get('megabits_per_second')} Mbit/s measured")
    return failed("; ".join(notes))


CHECK = Check(
    id="C27", title="Exit tested within 12 months with a real transfer", severity="critical",
    profiles=("fin", "fr-public", "health"),
    inputs=("evidence: exit_tests[].date", "evidence: exit_tests[].kind", "evidence: exit_tests[].drill_evidence",
            "evidence: exit_tests[].report"),
    preconditions=("evidence",), evaluate=evaluate, thresholds=("exit_test_max_age_months",),
    description="A paper exercise is not a test: a drill must have moved real data, verified it (0 mismatches) "
                "and measured the throughput, within the last 12 months (`migrate drill` writes the evidence).",
    remediation="Run `migrate drill` on a sample of the data and record it under exit_tests with its evidence.")
