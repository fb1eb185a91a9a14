"""The terminal summary: per provider, monthly cost vs Azure, statuses, effort, top gaps."""

from __future__ import annotations

from tabulate import tabulate

STATUS_COLS = ("equivalent", "partial", "self-managed", "gap", "retire", "unmapped")


def _money(x: float | None) -> str:
    return "unknown" if x is None else f"{x:,.2f}"


def _delta(p: dict) -> str:
    c = p["comparable"]
    if not c["azure_monthly_eur"]:
        return "n/a"
    pct = 100.0 * (c["provider_monthly_eur"] - c["azure_monthly_eur"]) / c["azure_monthly_eur"]
    return f"{pct:+.0f}%"


def _basis(doc: dict) -> str:
    ac = doc.get("azure_costs")
    if not ac:
        return "reference list prices"
    months = ac["months"]
    span = f"{months[0]}..{months[-1]}" if len(months) > 1 else (months[0] if months else "no month")
    return (f"actual {ac['basis']} cost, {span}: resources {_money(ac['resources_monthly_eur'])} + shared "
            f"{_money(ac['shared_monthly_eur'])}; not in inventory {_money(ac['unmatched_costs']['monthly_eur'])}")


def render(doc: dict, tablefmt: str = "simple", top_gaps: int = 5) -> str:
    inv = doc["inputs"]["inventory"]
    reqs = ", ".join(doc["inputs"]["requirements"]) or "none"
    az = doc["azure"]
    out = [f"Exit plan for {inv['resources']} Azure resources  |  requirements: {reqs}  |  currency: EUR excl. VAT",
           f"Azure today ({_basis(doc)}): {_money(az['monthly_eur'])} EUR/month  "
           f"(cost status: {', '.join(f'{k} {v}' for k, v in az['cost_status'].items())})", ""]
    if not inv.get("complete", True):
        failed = ", ".join(str(f.get("scope", f)) if isinstance(f, dict) else str(f) for f in inv.get("failed_scopes", []))
        out[-1:-1] = [f"WARNING: partial inventory, these scopes could not be read: {failed}"]
    rows = []
    for p in doc["providers"]:
        e = p["effort_days"]
        rows.append([p["id"], _money(p["monthly_eur"]), _delta(p), *[p["status"][s] for s in STATUS_COLS],
                     f"{e['likely']:,.1f} ({e['low']:,.1f}-{e['high']:,.1f})",
                     p["cost_status"].get("estimate", 0), p["cost_status"].get("none", 0) + p["cost_status"].get("usage", 0)])
    headers = ["provider", "EUR/month", "vs Azure*", *STATUS_COLS, "effort person-days likely (low-high)", "quoted est.", "unpriced"]
    out.append(tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True))
    out.append("* on resources priced both on Azure and at the provider; unpriced = usage-based or no target (see plan.json).")
    for p in doc["providers"]:
        if not p["gaps"]:
            continue
        out.append("")
        out.append(f"Top gaps at {p['id']}:")
        for g in p["gaps"][:top_gaps]:
            out.append(f"  [{g['severity']}] {g['service_class']} ({g['resources']} resource(s)): {g['reason']}"
                       + (f" -> {g['replacement']}" if g.get("replacement") else ""))
    if doc["unmapped_types"]:
        out.append("")
        out.append("Unmapped ARM types (not in provider_catalogs/azure.yaml; listed, not dropped):")
        for u in doc["unmapped_types"]:
            out.append(f"  {u['type']}: {u['resources']}")
    for w in doc["inputs"]["warnings"]:
        out.append(f"warning: {w}")
    return "\n".join(out) + "\n"
