"""Run the registry's checks on a plan and evidence, and build the audit document (pure)."""

from __future__ import annotations

from .model import SKIPPED, Check, Finding, skipped
from .registry import CHECKS

FORMAT = "migrate-audit"
SCHEMA_VERSION = 1


def run_audit(plan: dict, evidence: dict | None, settings: dict, profile: str = "all",
              checks: tuple[Check, ...] = CHECKS) -> list[tuple[Check, Finding]]:
    """Every check in registry order, each with its finding; checks outside the profile are SKIPPED."""
    out = []
    for check in checks:
        if profile != "all" and profile not in check.profiles:
            out.append((check, skipped(f"not part of profile {profile} (applies to {', '.join(check.profiles)})")))
        else:
            out.append((check, check.evaluate(plan, evidence, settings)))
    return out


def audit_document(results: list[tuple[Check, Finding]], *, plan_file: str, plan_sha256: str, as_of: str,
                   profile: str, evidence_file: str | None, settings: dict) -> dict:
    """The audit JSON document (what `migrate report` renders; read back by sources.saved.outputs.load_audit)."""
    counts = {s.lower(): 0 for s in ("PASS", "FAIL", "UNKNOWN", SKIPPED)}
    checks = []
    for check, finding in results:
        counts[finding.status.lower()] += 1
        checks.append({
            "id": check.id, "title": check.title, "profiles": list(check.profiles),
            "legal_basis": [{"regulation": b.regulation, "article": b.article, "source": b.source}
                            for b in check.legal_basis],
            "inputs": list(check.inputs), "status": finding.status, "reason": finding.reason,
            "resources": list(finding.resources),
            "thresholds": {k: settings["thresholds"][k] for k in check.thresholds},
        })
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "plan": {"file": plan_file, "sha256": plan_sha256},
            "as_of": as_of, "profile": profile, "evidence": {"file": evidence_file} if evidence_file else None,
            "summary": counts, "checks": checks}
