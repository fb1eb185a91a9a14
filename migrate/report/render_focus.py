"""focus-projection.csv: the projected monthly cost at each target provider as FOCUS 1.0 rows.

One row per resource and provider line that has a cost (equivalent, partial or self-managed, priced
or estimated): ProviderName is the target provider, the costs are the plan's monthly figure in EUR
(excl. VAT) for one month, ChargePeriod is that month. Lines without a cost (gaps, usage-based,
retired) are left out; plan.json lists them. ResourceId keeps the Azure id of the resource being
moved, since the target's id does not exist yet. Migrate's own fields are ``x_`` columns, as FOCUS
prescribes for provider-specific columns.
"""

from __future__ import annotations

import csv
import datetime
import io

# FOCUS 1.0 columns (FinOps Foundation, FOCUS_Spec 1.0), in the spec's alphabetical order.
FOCUS_10_COLUMNS = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
    "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
    "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
    "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
    "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId",
    "SubAccountName", "Tags"]
X_COLUMNS = ["x_ServiceClass", "x_MigrateStatus", "x_Disposition", "x_CostStatus", "x_Estimate", "x_Verified",
             "x_CostLow", "x_CostHigh", "x_QuantityAssumed", "x_AzureMonthlyCost", "x_Formula"]

# Service class family (before the dot) -> FOCUS ServiceCategory (one of the spec's fixed values).
SERVICE_CATEGORY = {
    "compute": "Compute", "container": "Compute", "web": "Web", "storage": "Storage", "backup": "Storage",
    "db": "Databases", "cache": "Databases", "analytics": "Analytics", "messaging": "Integration",
    "integration": "Integration", "network": "Networking", "security": "Security", "identity": "Identity",
    "monitoring": "Management and Governance", "governance": "Management and Governance",
    "ai": "AI and Machine Learning", "health": "Business Applications", "platform": "Other"}


def projection_month(doc: dict, configured: str | None, today: datetime.date | None = None) -> datetime.date:
    """The month the rows are dated: configured, else the one after the cost export, else next month."""
    if configured:
        d = datetime.date.fromisoformat(str(configured)[:7] + "-01")
        return d
    months = (doc.get("azure_costs") or {}).get("months") or []
    base = datetime.date.fromisoformat(months[-1] + "-01") if months else (today or datetime.date.today())
    return _next_month(base.replace(day=1))


def _next_month(d: datetime.date) -> datetime.date:
    return d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1)


def _stamp(d: datetime.date) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def _money(x: float) -> str:
    return f"{x:.2f}"


def render(doc: dict, configured_month: str | None = None, today: datetime.date | None = None) -> str:
    start = projection_month(doc, configured_month, today)
    end = _next_month(start)
    names = {p["id"]: p["name"] for p in doc["providers"]}
    rows = []
    for r in doc["resources"]:
        for pid, t in sorted(r["targets"].items()):
            # An unpriced line has no cost to project (the scenario total says it is a lower bound); retired and
            # included lines cost nothing.
            if t["monthly_eur"] is None or t["cost_status"] in ("retired", "included"):
                continue
            family = (r["service_class"] or "other").split(".")[0]
            cost = _money(t["monthly_eur"])
            # What stays on Azure in this scenario is still billed by Microsoft: the row says so.
            who = "Microsoft" if t["disposition"] == "stays-on-azure" else names[pid]
            rows.append({
                "BilledCost": cost, "EffectiveCost": cost, "ListCost": cost, "ContractedCost": cost,
                "BillingAccountId": f"migrate-projection-{pid}", "BillingAccountName": f"Projection at {names[pid]}",
                "BillingCurrency": "EUR", "BillingPeriodStart": _stamp(start), "BillingPeriodEnd": _stamp(end),
                "ChargePeriodStart": _stamp(start), "ChargePeriodEnd": _stamp(end),
                "ChargeCategory": "Usage", "ChargeFrequency": "Recurring",
                "ChargeDescription": t["offer_name"] or t["rule"] or "", "PricingCategory": "Standard",
                "InvoiceIssuerName": who, "ProviderName": who, "PublisherName": who,
                "ResourceId": r["id"], "ResourceName": r["name"] or "", "ResourceType": r["service_class"] or r["type"],
                "ServiceCategory": SERVICE_CATEGORY.get(family, "Other"),
                "ServiceName": t["offer_name"] or r["service_class"] or r["type"],
                "SkuId": t["offer_id"] or "", "SkuPriceId": t["offer_id"] or "",
                "x_ServiceClass": r["service_class"] or "", "x_MigrateStatus": t["status"],
                "x_Disposition": t["disposition"], "x_CostStatus": t["cost_status"],
                "x_Estimate": str(bool(t["estimate"])).lower(), "x_Verified": str(bool(t["verified"])).lower(),
                "x_CostLow": _money(t["range_eur"]["low"]), "x_CostHigh": _money(t["range_eur"]["high"]),
                "x_QuantityAssumed": str(bool(t["quantity_assumed"])).lower(),
                "x_AzureMonthlyCost": "" if r["azure"]["monthly_eur"] is None else _money(r["azure"]["monthly_eur"]),
                "x_Formula": t["formula"] or ""})
    rows.sort(key=lambda x: (x["BillingAccountId"], x["ResourceId"]))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FOCUS_10_COLUMNS + X_COLUMNS, restval="", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
