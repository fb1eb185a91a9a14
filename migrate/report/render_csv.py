"""resources.csv: one row per resource and provider, for spreadsheets."""

from __future__ import annotations

import csv
import io

COLUMNS = ["id", "name", "type", "resource_group", "location", "service_class", "data_bearing", "proprietary",
           "vcpu", "memory_gb", "node_count", "storage_gb", "azure_monthly_eur", "azure_cost_status",
           "provider", "status", "offer_id", "offer_name", "rule", "reason", "monthly_eur", "cost_status",
           "estimate", "unverified", "effort_low_days", "effort_likely_days", "effort_high_days", "formula"]


def _cell(v):
    return "" if v is None else v


def render(doc: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    waves = bool(doc.get("waves"))  # the wave column only when waves were planned
    w.writerow(COLUMNS + (["wave"] if waves else []))
    for r in doc["resources"]:
        s = r["sizing"]
        for pid in sorted(r["targets"]):
            t = r["targets"][pid]
            w.writerow([_cell(x) for x in (
                r["id"], r["name"], r["type"], r["resource_group"], r["location"], r["service_class"], r["data_bearing"],
                r["proprietary"], s["vcpu"], s["memory_gb"], s["node_count"], s["storage_gb"], r["azure"]["monthly_eur"],
                r["azure"]["cost_status"], pid, t["status"], t["offer_id"], t["offer_name"], t["rule"], t["reason"],
                t["monthly_eur"], t["cost_status"], t["estimate"], t["unverified"], t["effort_days"]["low"],
                t["effort_days"]["likely"], t["effort_days"]["high"], t["formula"],
                *([r.get("wave")] if waves else []))])
    return buf.getvalue()
