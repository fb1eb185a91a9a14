"""resources.csv: one row per resource and provider, for spreadsheets."""

from __future__ import annotations

import csv
import io

COLUMNS = ["id", "name", "type", "resource_group", "location", "service_class", "data_bearing", "proprietary",
           "vcpu", "memory_gb", "node_count", "storage_gb", "storage_origin", "azure_monthly_eur", "azure_cost_status",
           "azure_verified", "provider", "status", "disposition", "offer_id", "offer_name", "rule", "reason",
           "monthly_eur", "low_eur", "high_eur", "cost_status", "lower_bound", "verified", "estimate", "quantity_assumed",
           "effort_low_days", "effort_likely_days", "effort_high_days", "formula"]


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
                r["proprietary"], s["vcpu"], s["memory_gb"], s["node_count"], s["storage_gb"], s.get("storage_origin"),
                r["azure"]["monthly_eur"], r["azure"]["cost_status"], r["azure"]["verified"], pid, t["status"],
                t["disposition"], t["offer_id"], t["offer_name"], t["rule"], t["reason"], t["monthly_eur"],
                t["range_eur"]["low"], t["range_eur"]["high"], t["cost_status"], t["lower_bound"], t["verified"],
                t["estimate"], t["quantity_assumed"], t["effort_days"]["low"],
                t["effort_days"]["likely"], t["effort_days"]["high"], t["formula"],
                *([r.get("wave")] if waves else []))])
    return buf.getvalue()
