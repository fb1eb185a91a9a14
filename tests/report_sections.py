"""Contract-shaped optional plan sections and audit files (the formats plan.schema.json and the audit JSON define), for the report tests.

Other areas write these sections (TCO, effort distribution, waves, transfer, best mix, cost export,
audit); the report must render them when present and leave them out when absent. The figures here
are built from the plan's own totals so that a test can check the report shows exactly them.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

ONE_OFF_KEYS = ["labour_eur", "egress_eur", "dual_running_eur", "training_eur", "forfeited_commitments_eur", "licences_eur"]


OPTIONAL_TOP = ("waves", "dependencies", "transfer", "best_mix", "azure_costs")
OPTIONAL_PROVIDER = ("tco", "effort_distribution")


def bare(doc: dict) -> dict:
    """The plan without any optional section: what a plan looks like when no other area adds to it."""
    doc = {k: v for k, v in copy.deepcopy(doc).items() if k not in OPTIONAL_TOP}
    for p in doc["providers"]:
        for k in OPTIONAL_PROVIDER:
            p.pop(k, None)
    return doc


def with_provider_sections(doc: dict, years: int = 3) -> dict:
    """providers[i].tco and providers[i].effort_distribution (keys plan.schema.json already allows)."""
    doc = copy.deepcopy(doc)
    azure = doc["azure"]["monthly_eur"]
    for i, p in enumerate(doc["providers"]):
        one_off = {"labour_eur": round(p["effort_days"]["likely"] * 800.0, 2), "egress_eur": 90.0 * (i + 1),
                   "dual_running_eur": round(azure * 2, 2), "training_eur": 5000.0, "forfeited_commitments_eur": 0.0,
                   "licences_eur": 1000.0}
        one_off_total = round(sum(one_off.values()), 2)
        run = p["monthly_eur"]
        cumulative = [{"month": m, "provider_eur": round(one_off_total + run * m, 2), "azure_eur": round(azure * m, 2)}
                      for m in range(12 * years + 1)]
        below = [c["month"] for c in cumulative if c["provider_eur"] < c["azure_eur"]]
        p["tco"] = {"years": years, "run_monthly_eur": run, "run_total_eur": round(run * 12 * years, 2),
                    "one_off": one_off, "one_off_total_eur": one_off_total,
                    "total_eur": round(one_off_total + run * 12 * years, 2), "azure_total_eur": round(azure * 12 * years, 2),
                    "break_even_month": below[0] if below else None, "cumulative": cumulative,
                    "inputs": {"day_rate_eur": 800.0}, "formula": "one-off (labour + egress + dual running + training "
                                                                  "+ commitments + licences) + run monthly x months"}
        p["effort_distribution"] = {"method": "monte-carlo", "seed": 7, "samples": 10000,
                                    "p50_days": round(p["effort_days"]["likely"] * 1.05, 1),
                                    "p90_days": round(p["effort_days"]["likely"] * 1.4, 1),
                                    "mean_days": round(p["effort_days"]["likely"] * 1.1, 1), "team_size": 4,
                                    "duration_months": {"p50": 2.5, "p90": 3.5}, "days_per_month": 18}
    return doc


def with_top_level_sections(doc: dict) -> dict:
    """waves, transfer, best_mix and azure_costs: top-level keys the other areas add to plan.schema.json."""
    doc = with_provider_sections(doc)
    ids = [r["id"] for r in doc["resources"]]
    thirds = [ids[0::3], ids[1::3], ids[2::3]]
    by_id = {r["id"]: r for r in doc["resources"]}
    items = []
    for n, wave in enumerate(thirds, start=1):
        effort = {p["id"]: {k: round(sum(by_id[i]["targets"][p["id"]]["effort_days"][k] for i in wave), 2)
                            for k in ("low", "likely", "high")} for p in doc["providers"]}
        items.append({"number": n, "resources": sorted(wave), "groups": 1, "data_gb": 100.0 * n, "unknown_size": 0,
                      "data_bearing": [], "effort_days": effort})
    for r in doc["resources"]:
        r["wave"] = next(n for n, w in enumerate(thirds, start=1) if r["id"] in w)
        r["depends_on"] = []
    doc["waves"] = {"parameters": {"max_wave_days": 40}, "items": items}
    doc["transfer"] = {"data_gb": 600.0, "data_bearing_resources": 4, "unknown_size_resources": 1, "bandwidth_mbps": 1000,
                       "efficiency": 0.7, "days": 0.08, "offline_recommended": False, "threshold_days": 30,
                       "egress": {"eur": 42.5, "eur_with_waiver": 0.0, "tiers": [], "source": "https://azure.microsoft.com/"
                                  "pricing/details/bandwidth/", "as_of": "2026-11-24"}, "throughput_source": "config"}
    doc["best_mix"] = {"requirements": [], "penalty_per_extra_provider_eur": 20000.0,
                       "assignment": [{"service_class": "compute.vm", "provider": doc["providers"][0]["id"],
                                       "tco_eur": 1234.5}],
                       "providers": [doc["providers"][0]["id"]], "tco_eur": 1234.5,
                       "single_best": {"provider": doc["providers"][0]["id"], "tco_eur": 1500.0}}
    doc["azure_costs"] = {"basis": "effective", "files": [{"file": "focus.csv", "format": "focus", "version": "1.0",
                                                           "rows": 120}], "billing_currency": "EUR", "exchange_rates": {},
                          "months": ["2026-08", "2026-09"], "resources_monthly_eur": 4000.0, "shared_monthly_eur": 250.0,
                          "shared_charges": [{"category": "support", "description": "Support plan", "monthly_eur": 250.0}],
                          "unmatched_costs": {"resources": 1, "monthly_eur": 12.0, "top": []},
                          "resources_without_cost": {"count": 2, "ids": []}}
    return doc


CHECKS = [
    ("EXIT-DATA-01", "PASS", "Data-bearing resources are classified and sized", []),
    ("EXIT-SNC-03", "FAIL", "Health data only on SecNumCloud & HDS offers <script>alert(1)</script>", None),
    ("EXIT-TEST-12", "UNKNOWN", "Exit plan tested within 12 months", []),
    ("EXIT-CONTRACT-20", "SKIPPED", "Contract exit clauses (DORA Art. 30)", []),
]


def audit_doc(plan_file: Path, doc: dict, plan_bytes: bytes | None = None) -> dict:
    """An audit file in the format of `migrate audit --format json`, recording the sha256 of plan_file (or of plan_bytes if given)."""
    digest = hashlib.sha256(plan_bytes if plan_bytes is not None else Path(plan_file).read_bytes()).hexdigest()
    failing = [r["id"] for r in doc["resources"] if r["data_bearing"]][:3]
    checks = []
    for cid, status, title, resources in CHECKS:
        checks.append({"id": cid, "title": title, "profiles": ["health", "fin"],
                       "legal_basis": [{"regulation": "DORA", "article": "Art. 28(8)",
                                        "source": "https://eur-lex.europa.eu/eli/reg/2022/2554/oj"}],
                       "inputs": ["resources"], "status": status,
                       "reason": f"{status.lower()} because of the fixture", "resources": failing if resources is None else [],
                       "thresholds": {"max_days": 30}})
    summary = {k.lower(): sum(1 for c in checks if c["status"] == k) for k in ("PASS", "FAIL", "UNKNOWN", "SKIPPED")}
    return {"format": "migrate-audit", "schema_version": 1, "plan": {"file": Path(plan_file).name, "sha256": digest},
            "as_of": "2026-11-24", "profile": "health", "evidence": None, "summary": summary, "checks": checks}
