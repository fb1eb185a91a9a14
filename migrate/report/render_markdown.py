"""plan.md: the plan as a document a steering committee or an auditor can read."""

from __future__ import annotations

from tabulate import tabulate

from ..mapping.map import DISPOSITIONS
from .render_table import _money, range_text, total_text, verified_text, vs_azure, waves_lines


def _quals(p: dict) -> str:
    held = [f"{q['id']}{' (' + q['status'] + ')' if q['status'] not in ('qualified', 'certified') else ''}"
            f"{'*' if q['unverified'] else ''}" for q in p["qualifications"] if q["status"] != "none"]
    return ", ".join(held) or "none listed"


def _economics(doc: dict) -> list[str]:
    """TCO per provider, data transfer and best mix (absent from plans written before TCO existed)."""
    if not doc["providers"] or "tco" not in doc["providers"][0]:
        return []
    years = doc["providers"][0]["tco"]["years"]
    t0 = doc["providers"][0]["tco"]
    ge = lambda lb: "≥ " if lb else ""  # noqa: E731
    md = [f"## Total cost of ownership over {years} years", "",
          f"Staying on Azure: **{ge(t0.get('azure_lower_bound'))}{_money(t0['azure_total_eur'])} EUR**. Each provider's "
          "run cost is its whole scenario (what it cannot host stays on Azure at its Azure cost); one-off costs are paid "
          "in month 0; break-even is the first month the cumulative cost at the provider is at or below Azure's, shown "
          "only when neither side is a lower bound.", ""]
    rows = []
    for p in doc["providers"]:
        t, o = p["tco"], p["tco"]["one_off"]
        be = str(t["break_even_month"]) if t["break_even_month"] is not None else ("n/a" if t.get("break_even_note") else "never")
        rows.append([p["name"], ge(t.get("lower_bound")) + _money(t["run_total_eur"]), _money(o["labour_eur"]),
                     _money(o["egress_eur"]), _money(o["dual_running_eur"]), _money(o["training_eur"]),
                     _money(o["forfeited_commitments_eur"]), _money(o["licences_eur"]),
                     ge(t.get("lower_bound")) + _money(t["total_eur"]), be])
    md.append(tabulate(rows, headers=["provider", "run", "labour", "egress", "dual running", "training",
                                      "forfeited commitments", "licences", "TCO", "break-even month"],
                       tablefmt="github", disable_numparse=True))
    i0 = t0["inputs"]
    duals = "; ".join(f"{p['id']} {p['tco']['inputs']['dual_running_months']}" for p in doc["providers"])
    md += ["", f"Labour at {_money(i0['day_rate_eur'])} EUR per person-day ({i0['effort_level']} effort"
               f"{', unverified' if i0['day_rate_unverified'] else ''}); months of dual running ({i0['dual_running_how']} "
               f"for {doc['providers'][0]['id']}): {duals}; each provider's formula is in `plan.json` under "
               "`providers[].tco.formula`.", ""]
    tr = doc["transfer"]
    eg = tr["egress"]
    md += ["## Data transfer", "",
           f"- Data to move: **{'≥ ' if tr.get('lower_bound') else ''}{tr['data_gb']:,.0f} GB** in "
           f"{tr['data_bearing_resources']} data-bearing resources ({tr.get('assumed_size_resources', 0)} sized by a "
           f"stated default, {tr.get('assumed_gb', 0):,.0f} GB; {tr['unknown_size_resources']} of unknown size, not counted)",
           f"- Online: **{tr['days']:,.1f} days** at {tr['bandwidth_mbps']:g} Mbit/s x {tr['efficiency']:g} "
           + (f"(measured by an exit drill, {tr['drill']['file']}, result {tr['drill']['result']})"
              if tr["throughput_source"] == "drill" else "(configured)")
           + (f"; above {tr['threshold_days']:g} days, so **offline transfer (Azure Data Box, "
              f"{tr['data_box']['devices']} device(s)) is recommended**" if tr["offline_recommended"] else ""),
           f"- EU Data Act switching window: {tr['data_act']['window_days']:g} days "
           f"({'met' if tr['data_act']['online_within_window'] else 'not met'} online); switching charges are withdrawn "
           f"from {tr['data_act']['switching_charges_free_from']}",
           f"- Azure internet egress: {_money(eg['eur'])} EUR ({_money(eg['eur_with_waiver'])} EUR with Microsoft's "
           f"exit waiver, which covers Azure Storage data only); counted: **{eg['applied']}, {_money(eg['applied_eur'])} EUR**",
           ""]
    from .render_compare import mix_lines

    mix = mix_lines(doc["best_mix"])
    md += ["## Best provider mix", "", mix[0], ""] + [f"- {line.strip()}" for line in mix[1:]] + [""]
    return md
def _distribution(d: dict | None) -> str:
    if not d:
        return ""
    how = f"Monte Carlo, {d['samples']} samples, seed {d['seed']}" if d["method"] == "monte-carlo" else "normal approximation"
    return (f"; as a distribution ({how}): **P50 {d['p50_days']:,.1f}**, P90 {d['p90_days']:,.1f} person-days, "
            f"{d['duration_months']['p50']:,.1f}-{d['duration_months']['p90']:,.1f} months for a team of {d['team_size']:g} "
            f"at {d['days_per_month']:g} days a month")


def _gb(x: float | None) -> str:
    return "unknown size" if x is None else f"{x:,.0f} GB"


def _waves(doc: dict) -> list[str]:
    if not doc.get("waves"):
        return []
    md = ["## Migration waves", "",
          "Waves are consecutive runs of a topological order of coupled groups (dependency cycles, a resource with "
          "its children, a database with the resources referencing it), so every dependency moves in the same or "
          "an earlier wave. Data-bearing resources are listed with the data to transfer.", ""]
    md.append(waves_lines(doc, "github")[1])
    md.append("")
    for it in doc["waves"]["items"]:
        data = ", ".join(f"`{d['id'].rsplit('/', 1)[-1]}` ({_gb(d['data_gb'])})" for d in it["data_bearing"]) or "none"
        md.append(f"- Wave {it['number']}: {len(it['resources'])} resources; data-bearing: {data}")
    deps = doc.get("dependencies")
    if deps and deps["cycles"]:
        md += ["", "Dependency cycles (moved as one group):", ""]
        md += ["- " + ", ".join(f"`{i.rsplit('/', 1)[-1]}`" for i in c) for c in deps["cycles"]]
    return md + [""]


def _azure_costs(ac: dict | None) -> list[str]:
    """The cost export's reconciliation: resources, shared lines, costs outside the inventory."""
    if not ac:
        return []
    files = ", ".join(f"{f['file']} ({f['format']}{' ' + f['version'] if f['version'] else ''}, {f['rows']:,} rows)"
                      for f in ac["files"])
    rates = "; ".join(f"{c} at {r['rate']} EUR ({r['source']}, {r['as_of']})" for c, r in ac["exchange_rates"].items())
    md = ["", "## Azure cost export", "", f"- Files: {files}; billing currency {ac['billing_currency']}"
          + (f"; converted: {rates}" if rates else ""),
          f"- Resources in the inventory: **{_money(ac['resources_monthly_eur'])} EUR/month**; shared charges: "
          f"**{_money(ac['shared_monthly_eur'])} EUR/month** (kept as their own lines, not spread)",
          f"- Costs of {ac['unmatched_costs']['resources']} resource(s) absent from the inventory: "
          f"{_money(ac['unmatched_costs']['monthly_eur'])} EUR/month (not in the totals)",
          f"- Inventory resources with no cost in the export: {ac['resources_without_cost']['count']}", ""]
    rows = [[s["category"], s["description"], _money(s["monthly_eur"])] for s in ac["shared_charges"]]
    if rows:
        md.append(tabulate(rows, headers=["shared charge", "description", "EUR/month"], tablefmt="github",
                           disable_numparse=True))
    return md


def _sovereignty(sov: dict | None) -> list[str]:
    """The provider's SEAL levels (EU Cloud Sovereignty Framework), when the catalogue has them."""
    if not sov:
        return []
    objs = sov["objectives"]
    levels = "/".join("?" if (objs.get(f"SOV-{i}") or {}).get("level") is None else str(objs[f"SOV-{i}"]["level"])
                      for i in range(1, 9))
    sources = sorted({v["source"] for v in objs.values()})
    bases = ", ".join(sorted({v["basis"] for v in objs.values()}))
    overall = "?" if sov["overall_seal"] is None else sov["overall_seal"]
    return [f"- Sovereignty ({sov['framework']}): overall SEAL-{overall}; SOV-1..SOV-8 {levels}; weighted "
            f"{sov['weighted_score_pct']} % ({bases}) — " + ", ".join(f"[source]({u})" for u in sources)]


def render(doc: dict) -> str:
    inv = doc["inputs"]["inventory"]
    reqs = ", ".join(doc["inputs"]["requirements"]) or "none"
    md = ["# Azure exit plan", "",
          f"- Resources: **{inv['resources']}** from {', '.join(s['file'] for s in inv.get('sources', [])) or 'inventory'}",
          f"- Providers: {', '.join(doc['inputs']['providers'])}; requirements: {reqs}",
          (f"- Azure today (reference list prices at each resource's region, France Central where not catalogued): "
           f"**{total_text(doc['azure'])} EUR/month**" if "azure_costs" not in doc else
           f"- Azure today (actual {doc['azure_costs']['basis']} cost from the cost export, months "
           f"{', '.join(doc['azure_costs']['months'])}): **{total_text(doc['azure'])} EUR/month**")
          + f", range {range_text(doc['azure'])}, verified {verified_text(doc['azure'])}",
          f"- Generated by migrate {doc['generator']['version']}; all amounts EUR excluding VAT, {doc['inputs']['hours_per_month']} hours a month.",
          ""]
    if inv.get("iac"):
        from .render_table import iac_line

        md[-1:-1] = [f"- {iac_line(inv['iac'])}"]
    if not inv.get("complete", True):
        md += ["> **Partial inventory**: some scopes could not be read: "
               + ", ".join(str(f.get("scope", f)) if isinstance(f, dict) else str(f) for f in inv.get("failed_scopes", [])), ""]
    md += ["## Providers side by side", ""]
    az = doc["azure"]
    rows = []
    for p in doc["providers"]:
        sc = p["scenario"]
        by = sc["by_disposition"]
        rows.append([p["name"], total_text(sc), range_text(sc), verified_text(sc), vs_azure(p, az),
                     by["offer"]["resources"], by["self-managed"]["resources"], by["stays-on-azure"]["resources"],
                     by["retire"]["resources"],
                     f"{p['effort_days']['likely']:,.1f} ({p['effort_days']['low']:,.1f}-{p['effort_days']['high']:,.1f})",
                     sc.get("estimate_resources", 0), _quals(p), "yes" if p["jurisdiction"]["non_eu_law_exposure"] else "no"])
    md.append(tabulate(rows, headers=["provider", "EUR/month", "range", "verified", "vs Azure", "offer", "self-managed",
                                      "stays on Azure", "retire", "effort days likely (range)", "quoted estimates",
                                      "qualifications", "non-EU law exposure"],
                       tablefmt="github", disable_numparse=True))
    md += ["", "Each provider's EUR/month covers every resource: hosted on an offer, run by you on the provider's own "
               "offers (self-managed, priced as a bill of materials), kept on Azure at its Azure cost, or retired. "
               "≥ marks a lower bound (a line has no figure); *range* is low-high from the certainty of each price and "
               "quantity; *verified* is the share read at a primary source; † a side of *vs Azure* is a lower bound; "
               "`*` marks a qualification the catalogue could not verify.", ""]
    for p in doc["providers"]:
        sc = p["scenario"]
        by = sc["by_disposition"]
        md += [f"## {p['name']}", "",
               f"- Legal entity: {p['legal_entity']} ({p['headquarters']})",
               f"- Jurisdiction: {p['jurisdiction']['details']} — [source]({p['jurisdiction']['source']}), {p['jurisdiction']['as_of']}",
               *_sovereignty(p.get("sovereignty")),
               f"- Monthly run cost of the scenario: **{total_text(sc)} EUR** (range {range_text(sc)}, verified "
               f"{verified_text(sc)}): " + ", ".join(f"{d} {by[d]['resources']} ({'≥ ' if by[d]['lower_bound'] else ''}"
                                                       f"{_money(by[d]['monthly_eur'])})" for d in DISPOSITIONS),
               f"- Exit: {'complete' if sc['complete'] else 'incomplete: ' + str(by['stays-on-azure']['resources']) + ' resource(s) stay on Azure'}",
               f"- Effort: **{p['effort_days']['likely']:,.1f} person-days** likely, "
               f"{p['effort_days']['low']:,.1f}-{p['effort_days']['high']:,.1f} range"
               + _distribution(p.get("effort_distribution")), ""]
        if p["gaps"]:
            md.append(tabulate([[g["severity"], g["service_class"], g["resources"], g["reason"], g["replacement"] or "",
                                 ("≥ " if g.get("residual_lower_bound") else "") + _money(g.get("residual_monthly_eur"))]
                                for g in p["gaps"]],
                               headers=["severity", "service class", "resources", "why it stays on Azure",
                                        "usual replacement", "Azure EUR/month kept"],
                               tablefmt="github", disable_numparse=True))
            md.append("")
    md += _economics(doc)
    md += _waves(doc)
    md += ["## Resources", ""]
    pids = doc["inputs"]["providers"]
    rows = []
    for r in doc["resources"]:
        cells = [r["name"], r["type"], r["service_class"] or "—", _money(r["azure"]["monthly_eur"])]
        for pid in pids:
            t = r["targets"][pid]
            cells.append(f"{t['disposition']}: {t['offer_name'] or '—'} ({_money(t['monthly_eur'])}"
                         f"{'' if t['verified'] else '*'})")
        rows.append(cells)
    md.append(tabulate(rows, headers=["resource", "type", "class", "Azure EUR/month", *pids], tablefmt="github",
                       disable_numparse=True))
    md += _azure_costs(doc.get("azure_costs"))
    if doc["unmapped_types"]:
        md += ["", "## Unmapped ARM types", "", "Not in the Azure taxonomy: listed here, not dropped.", ""]
        md += [f"- `{u['type']}`: {u['resources']}" for u in doc["unmapped_types"]]
    md += ["", "## Sources and assumptions", "",
           "- Catalogues: " + ", ".join(f"{c['file']} ({c['sha256']})" for c in doc["inputs"]["catalogs"]),
           "- Every price in `plan.json` lists its source and date under `providers[].offers`; Azure prices under "
           "`resources[].azure.sources`, each with its basis; a line marked `*` uses a figure not read at a primary source.",
           "- Effort model: `inputs.config.effort` in plan.json (override with `--config`)."]
    for w in doc["inputs"]["warnings"]:
        md.append(f"- Warning: {w}")
    return "\n".join(md) + "\n"
