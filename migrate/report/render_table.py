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


def _tco_cells(p: dict) -> list:
    """TCO and break-even columns (absent from plans written before TCO existed)."""
    t = p.get("tco")
    if t is None:
        return []
    return [_money(t["total_eur"]), "never" if t["break_even_month"] is None else t["break_even_month"]]


def _tco_headers(doc: dict) -> list[str]:
    return [f"TCO {doc['providers'][0]['tco']['years']}y EUR", "break-even month"]


def _p50_p90(dist: dict) -> list[str]:
    m = dist["duration_months"]
    return [f"{dist['p50_days']:,.1f} / {dist['p90_days']:,.1f}", f"{m['p50']:,.1f}-{m['p90']:,.1f}"]


def waves_lines(doc: dict, tablefmt: str = "simple") -> list[str]:
    """The waves table: one row per wave, effort likely (low-high) per provider."""
    w = doc["waves"]
    pids = doc["inputs"]["providers"]
    rows = [[it["number"], len(it["resources"]), it["groups"], len(it["data_bearing"]),
             f"{it['data_gb']:,.0f}" + (f" +{it['unknown_size']} unknown" if it["unknown_size"] else ""),
             *[f"{it['effort_days'][p]['likely']:,.1f} ({it['effort_days'][p]['low']:,.1f}-{it['effort_days'][p]['high']:,.1f})"
               for p in pids]] for it in w["items"]]
    par = w["parameters"]
    how = f"{par['waves']} requested" if par.get("waves") else f"at most {par['max_wave_days']:g} working days of a team of {par['team_size']:g}"
    deps = doc.get("dependencies") or {}
    head = (f"Migration waves ({how}; dependencies move in the same or an earlier wave; "
            f"{deps.get('edges', 0)} dependencies, {len(deps.get('cycles', []))} cycle(s) moved as one group; "
            f"{par['not_moving']} retired resource(s) not moved):")
    return [head, tabulate(rows, headers=["wave", "resources", "groups", "data-bearing", "data GB",
                                          *[f"{p} likely (low-high)" for p in pids]],
                           tablefmt=tablefmt, disable_numparse=True)]


def _basis(doc: dict) -> str:
    ac = doc.get("azure_costs")
    if not ac:
        return "reference list prices"
    months = ac["months"]
    span = f"{months[0]}..{months[-1]}" if len(months) > 1 else (months[0] if months else "no month")
    return (f"actual {ac['basis']} cost, {span}: resources {_money(ac['resources_monthly_eur'])} + shared "
            f"{_money(ac['shared_monthly_eur'])}; not in inventory {_money(ac['unmatched_costs']['monthly_eur'])}")


def iac_line(iac: dict) -> str:
    """IaC coverage in one line: resources and today's monthly cost not under IaC (from plan.json inputs.inventory.iac)."""
    cost = iac.get("cost") or {}
    share = cost.get("share_not_under_iac")
    money = (f"{_money(cost['monthly_eur_not_under_iac'])} of {_money(cost['monthly_eur'])} EUR/month"
             f" ({share:.0%})" if share is not None else "cost share unknown") if cost else "cost share unknown"
    unpriced = cost.get("resources_without_cost_not_under_iac")
    return (f"Not under IaC ({', '.join(iac['sources'])}): {iac['not_under_iac']} of {iac['resources']} resources, "
            f"{money}" + (f"; {unpriced} of them without a monthly cost" if unpriced else ""))


def render(doc: dict, tablefmt: str = "simple", top_gaps: int = 5) -> str:
    inv = doc["inputs"]["inventory"]
    reqs = ", ".join(doc["inputs"]["requirements"]) or "none"
    az = doc["azure"]
    out = [f"Exit plan for {inv['resources']} Azure resources  |  requirements: {reqs}  |  currency: EUR excl. VAT",
           f"Azure today ({_basis(doc)}): {_money(az['monthly_eur'])} EUR/month  "
           f"(cost status: {', '.join(f'{k} {v}' for k, v in az['cost_status'].items())})", ""]
    if inv.get("iac"):
        out[-1:-1] = [iac_line(inv["iac"])]
    if not inv.get("complete", True):
        failed = ", ".join(str(f.get("scope", f)) if isinstance(f, dict) else str(f) for f in inv.get("failed_scopes", []))
        out[-1:-1] = [f"WARNING: partial inventory, these scopes could not be read: {failed}"]
    rows = []
    team = None
    for p in doc["providers"]:
        e = p["effort_days"]
        dist = p.get("effort_distribution")
        team = dist["team_size"] if dist else team
        rows.append([p["id"], _money(p["monthly_eur"]), _delta(p), *[p["status"][s] for s in STATUS_COLS],
                     f"{e['likely']:,.1f} ({e['low']:,.1f}-{e['high']:,.1f})", *(_p50_p90(dist) if dist else []),
                     p["cost_status"].get("estimate", 0), p["cost_status"].get("none", 0) + p["cost_status"].get("usage", 0),
                     *_tco_cells(p)])
    headers = ["provider", "EUR/month", "vs Azure*", *STATUS_COLS, "effort person-days likely (low-high)",
               *(["P50 / P90 days", f"months P50-P90 (team {team:g})"] if team is not None else []), "quoted est.", "unpriced",
               *(_tco_headers(doc) if doc["providers"] and "tco" in doc["providers"][0] else [])]
    out.append(tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True))
    out.append("* on resources priced both on Azure and at the provider; unpriced = usage-based or no target (see plan.json).")
    if doc["providers"] and "tco" in doc["providers"][0]:
        t = doc["providers"][0]["tco"]
        out.append(f"TCO over {t['years']} years = run + labour + egress + dual running + training + forfeited commitments"
                   f" + licences; staying on Azure: {_money(t['azure_total_eur'])} EUR (`migrate compare` for the best mix).")
    if doc.get("waves"):
        out += ["", *waves_lines(doc, tablefmt)]
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
