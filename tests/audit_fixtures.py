"""Small plan documents and evidence for the audit tests, built in code so each test shows what it varies."""

import copy

from migrate.audit import preconditions
from migrate.audit.model import Context
from migrate.audit.registry import CHECKS
from migrate.config import default_config

AS_OF = "2026-11-24"
SUB = "/subscriptions/s/resourceGroups/rg/providers"


def settings(**over):
    return {**copy.deepcopy(default_config()["audit"]), "as_of": AS_OF, "target": None, **over}


BY_ID = {c.id: c for c in CHECKS}


def check(cid, doc, evidence=None, **over):
    """One check's finding through the runner's preconditions (evidence None: no evidence file was given)."""
    ctx = Context(plan=doc, evidence=evidence or {}, settings=settings(**over), has_evidence=evidence is not None)
    return preconditions.evaluate(BY_ID[cid], ctx)


def line(status="equivalent", offer="a-obj", runs_on=None, cost="priced", likely=1.0):
    return {"status": status, "offer_id": offer if status not in ("gap", "unmapped", "retire") else None,
            "runs_on": {"offer_id": runs_on, "count": 1} if runs_on else None, "cost_status": cost,
            "monthly_eur": 1.0 if cost == "priced" else None, "effort_days": {"low": 0.5, "likely": likely, "high": 2}}


def res(name, cls="storage.object", *, data=True, prop=False, disp="migrate", gb=10.0, classification="none",
        function="app", critical=False, targets=None, wave=None, depends_on=None, labels=True, iac=None):
    r = {"id": f"{SUB}/x/{name}", "name": name, "type": "microsoft.x/" + cls, "service_class": cls,
         "disposition": disp, "data_bearing": data, "proprietary": prop,
         "sizing": {"storage_gb": gb}, "iac": iac,
         "targets": targets if targets is not None else {"alpha": line(), "beta": line()}}
    if labels:
        r["labels"] = {"classification": classification, "business_function": function, "critical": critical}
    if wave is not None or depends_on is not None:
        r["wave"], r["depends_on"] = wave, sorted(depends_on or [])
    return r


def rid(name):
    return f"{SUB}/x/{name}"


def qual(qid, status="qualified", valid_until="2029-01-01", date=None):
    return {"id": qid, "status": status, "valid_until": valid_until, "date": date, "version": None, "scope": None,
            "source": "https://example.org", "as_of": AS_OF, "unverified": False}


def provider(pid="alpha", *, quals=None, offers=None, hq="Paris, France", exposure=False, gaps=(), **extra):
    return {"id": pid, "name": pid, "headquarters": hq,
            "jurisdiction": {"non_eu_law_exposure": exposure, "details": "test", "source": "https://example.org/j"},
            "qualifications": quals if quals is not None else [qual("secnumcloud"), qual("hds", "certified")],
            "offers": offers if offers is not None else {
                "a-obj": {"qualifications": ["secnumcloud", "hds"]}, "a-vm": {"qualifications": ["secnumcloud", "hds"]},
                "a-plain": {"qualifications": []}},
            "gaps": list(gaps), **extra}


def plan(resources, providers=None, **top):
    return {"format": "migrate-plan", "schema_version": 2, "providers": providers or [provider()],
            "inputs": {"inventory": {"sources": [{"file": "x.json", "format": "resource-graph-json"}]}},
            "resources": resources, **top}


def drill(result="passed", mismatches=0, finished="2026-10-01T10:00:00Z"):
    return {"format": "migrate-drill-evidence", "schema_version": 1, "tool": {"name": "migrate", "version": "0.1.0"},
            "started_at": finished, "finished_at": finished, "duration_seconds": 10,
            "source": {"kind": "azure-blob", "account": "acct", "container": "c", "prefix": "", "endpoint": "http://x"},
            "target": {"kind": "s3", "bucket": "b", "prefix": "", "endpoint_url": "http://y", "region": "r",
                       "provider": None},
            "objects": {"listed": 3, "copied": 3, "skipped": 0, "verified": 3 - mismatches, "mismatched": mismatches,
                        "failed": 0},
            "bytes": {"listed": 300, "copied": 300, "skipped": 0},
            "integrity": {"method": "md5", "description": "Content-MD5 compared"},
            "mismatches": [{"name": f"o{i}", "expected": "a", "actual": "b"} for i in range(mismatches)],
            "throughput": {"bytes_per_second": 30.0, "megabits_per_second": 0.00024, "measured_bytes": 300,
                           "measured_seconds": 10},
            "extrapolation": None, "result": result}


def full_evidence():
    """Evidence under which every evidence-driven check passes (with plan(...) targeting alpha)."""
    return {
        "target": {"provider": "alpha", "cutover_date": "2027-06-30", "fallback_provider": "beta",
                   "locations": [{"purpose": p, "region": "par", "country": "FR"} for p in ("primary", "backup",
                                                                                             "technical")],
                   "administration_countries": ["FR"], "non_eu_technical_access": False,
                   "hds_activities": [1, 2, 3, 4, 5, 6],
                   "transparency": {"jurisdiction_statement": "https://a/j", "data_format_register": "https://a/r",
                                    "transfer_map": "https://a/t"},
                   "reversibility": {"swipo_adherent": True}},
        "exit_plan": {"document": {"path": "exit.pdf", "exists": True},
                      "approved_by": {"by": "management body", "date": "2026-06-15"},
                      "last_reviewed": "2026-06-01",
                      "scenarios": ["interruption", "failed-delivery", "termination", "legal-change"],
                      "roles": ["CIO"], "resources": "4 FTE", "triggers": ["SLA breach"],
                      "success_criteria": ["all data verified"], "planned_end": "2027-06-30",
                      "cutover": {"rto_hours": 4, "rpo_hours": 1, "parallel_run_days": 14, "rollback": "DNS back"},
                      "iac_managed": [{"resources": ["*"], "source": "terraform state infra.tfstate"}],
                      "identity_provider": "Keycloak at alpha",
                      "erasure_step": "Azure deletion certificate",
                      "rekeying": [{"resources": ["*/vault*"], "step": "new keys"}]},
        "exit_tests": [{"date": "2026-10-01", "kind": "drill",
                        "drill_evidence": {"path": "drill.json", "exists": True, "document": drill()}}],
        "contracts": [{"party": "azure", "name": "MCA", "end_date": "2027-12-31", "notice_days": 30,
                       "retrieval_days": 30,
                       "clauses": {k: "§1" for k in settings()["required_clauses"]}},
                      {"party": "target", "name": "alpha terms", "end_date": "2030-12-31", "notice_days": 60,
                       "retrieval_days": 30, "clauses": {k: "§2" for k in settings()["required_clauses"]}}],
        "register_of_information": {"exit_plan_exists": True, "alternatives": ["alpha", "beta"]},
        "data_classification": [{"resources": ["*/nothing-matches"], "classification": "none"}],
        "critical_functions": [{"name": "research", "resources": ["*/nothing-matches"], "critical": True}],
    }


TRANSFER_DOC = {"data_gb": 500.0, "data_bearing_resources": 2, "unknown_size_resources": 0, "bandwidth_mbps": 1000,
                "efficiency": 0.7, "days": 12.0, "offline_recommended": False, "threshold_days": 30,
                "egress": {"eur": 40.0, "eur_with_waiver": 0.0, "tiers": [], "source": "https://x",
                           "as_of": "2026-11-24"},
                "throughput_source": "config"}


def sovereignty(levels=(3, 3, 3, 3, 3, 3, 3, 3), basis="secondary"):
    """plan.json providers[].sovereignty with one level per objective SOV-1 ... SOV-8."""
    objectives = {f"SOV-{i}": {"level": lv, "source": "https://example.org/card", "as_of": AS_OF, "basis": basis,
                               "rule": None, "verified": False} for i, lv in enumerate(levels, 1)}
    known = [lv for lv in levels if lv is not None]
    return {"framework": "Cloud Sovereignty Framework 1.2.1", "objectives": objectives,
            "overall_seal": min(known) if len(known) == 8 else None, "weighted_score_pct": None, "score_rule": "test"}


def clean_plan():
    """A plan on which, with full_evidence(), every check passes (C32 needs config audit.sovereignty_require)."""
    waves = {"parameters": {}, "items": [{"number": 1}]}
    return plan([res("h", classification="health", critical=True, wave=1, depends_on=[]),
                 res("vault1", "security.kms", prop=True, wave=1, critical=True),
                 res("vm1", "compute.vm", data=False, wave=1, critical=True)],
                [provider("alpha", tco={"total_eur": 1.0}, sovereignty=sovereignty()), provider("beta")],
                transfer=TRANSFER_DOC, waves=waves)
