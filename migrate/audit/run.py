"""Run the registry's checks on a plan and evidence, and build the audit document (pure)."""

from __future__ import annotations

from . import preconditions
from .frameworks import Framework, legal_basis, requirement_status
from .model import FAIL, SKIPPED, UNKNOWN, Check, Context, Finding, skipped
from .registry import CHECKS

FORMAT = "migrate-audit"
SCHEMA_VERSION = 1      # additions keep version 1: readers of version 1 find every key they read
EXIT_READY, EXIT_FAIL, EXIT_UNKNOWN = 0, 1, 3


def run_audit(plan: dict, evidence: dict | None, settings: dict, profile: str = "all",
              checks: tuple[Check, ...] = CHECKS) -> list[tuple[Check, Finding]]:
    """Every check in registry order, each with its finding: checks outside the profile are SKIPPED, the others
    go through their declared preconditions (preconditions.py) before their own evaluation."""
    ctx = Context(plan=plan, evidence=evidence or {}, settings=settings, has_evidence=evidence is not None)
    out = []
    for check in checks:
        if profile != "all" and profile not in check.profiles:
            out.append((check, skipped(f"not part of profile {profile} (applies to {', '.join(check.profiles)})")))
        else:
            out.append((check, preconditions.evaluate(check, ctx)))
    return out


def exit_code(summary: dict) -> int:
    """0 when every applicable check passes, 1 when one fails, 3 when none fails but some are unknown."""
    if summary["fail"]:
        return EXIT_FAIL
    if summary["unknown"]:
        return EXIT_UNKNOWN
    return EXIT_READY


def verdict(summary: dict) -> str:
    """The one line an auditor reads first."""
    if summary["fail"] or summary["unknown"]:
        return f"exit-ready: no — {summary['fail']} fail, {summary['unknown']} unknown"
    return f"exit-ready: yes — {summary['pass']} pass, {summary['skipped']} skipped"


def _framework_doc(framework: Framework, statuses: dict[str, str]) -> dict:
    reqs = []
    for r in framework.requirements:
        st = [statuses[c] for c in r.checks if c in statuses]
        reqs.append({"id": r.id, "ref": r.ref, "summary": r.summary, "checks": list(r.checks),
                     "status": requirement_status(st), "verified": dict(r.verified)})
    return {"id": framework.id, "title": framework.title, "document": dict(framework.document),
            "requirements": reqs}


def audit_document(results: list[tuple[Check, Finding]], *, plan_file: str, plan_sha256: str, as_of: str,
                   profile: str, evidence_file: str | None, settings: dict,
                   framework: Framework | None = None) -> dict:
    """The audit JSON document (what `migrate report` renders; read back by sources.saved.outputs.load_audit)."""
    counts = {s.lower(): 0 for s in ("PASS", FAIL, UNKNOWN, SKIPPED)}
    checks = []
    for check, finding in results:
        counts[finding.status.lower()] += 1
        checks.append({
            "id": check.id, "title": check.title, "severity": check.severity, "profiles": list(check.profiles),
            "legal_basis": [{"regulation": b.regulation, "article": b.article, "source": b.source,
                             "confirmed": b.confirmed} for b in legal_basis(check.id)],
            "inputs": list(check.inputs), "preconditions": list(check.preconditions),
            "status": finding.status, "reason": finding.reason, "resources": list(finding.resources),
            "remediation": check.remediation if finding.status in (FAIL, UNKNOWN) else None,
            "thresholds": {k: settings["thresholds"][k] for k in check.thresholds},
        })
    statuses = {c["id"]: c["status"] for c in checks}
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "plan": {"file": plan_file, "sha256": plan_sha256},
            "as_of": as_of, "profile": profile, "evidence": {"file": evidence_file} if evidence_file else None,
            "summary": counts, "exit_ready": not counts["fail"] and not counts["unknown"], "verdict": verdict(counts),
            "framework": _framework_doc(framework, statuses) if framework else None, "checks": checks}
