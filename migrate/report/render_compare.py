"""`migrate compare`: providers side by side ranked by TCO, and the best provider mix, from a plan document."""

from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from .render_table import _money

SEVERITIES = ("critical", "high", "medium", "low")


def _quals(p: dict) -> list[str]:
    return sorted({q["id"] for q in p["qualifications"] if q["status"] in ("qualified", "certified")})


def _seal(sov: dict | None) -> dict:
    """Overall SEAL (lowest objective) and the weighted reading of the levels, from plan.json providers[].sovereignty."""
    sov = sov or {}
    levels = {o: v.get("level") for o, v in (sov.get("objectives") or {}).items()}
    return {"seal": sov.get("overall_seal"), "seal_score_pct": sov.get("weighted_score_pct"),
            "seal_levels": "/".join("?" if levels.get(f"SOV-{i}") is None else str(levels[f"SOV-{i}"])
                                    for i in range(1, 9)) if levels else None}


def compare_rows(doc: dict) -> list[dict]:
    """One row per provider: complete exits first (nothing stays on Azure), each group by TCO (ties by id).

    Every TCO covers the whole estate: what a provider cannot host stays on Azure at its Azure cost, so a
    provider that hosts nothing costs what staying costs and never looks cheaper.
    """
    rows = []
    for p in sorted(doc["providers"], key=lambda p: (not p["scenario"]["complete"], p["tco"]["total_eur"], p["id"])):
        t, e, sc = p["tco"], p["effort_days"], p["scenario"]
        by = sc["by_disposition"]
        gaps = {s: sum(g["resources"] for g in p["gaps"] if g["severity"] == s) for s in SEVERITIES}
        dist = p.get("effort_distribution") or {}
        rows.append({
            "rank": len(rows) + 1, "provider": p["id"], "run_eur_month": t["run_monthly_eur"],
            "run_lower_bound": sc["lower_bound"], "run_low_eur_month": sc["range_eur"]["low"],
            "run_high_eur_month": sc["range_eur"]["high"], "verified_share": sc["verified_share"],
            "one_off_eur": t["one_off_total_eur"], "tco_eur": t["total_eur"], "tco_lower_bound": t["lower_bound"],
            "azure_tco_eur": t["azure_total_eur"], "azure_lower_bound": t["azure_lower_bound"],
            "vs_azure_eur": round(t["total_eur"] - t["azure_total_eur"], 2), "break_even_month": t["break_even_month"],
            "break_even_note": t.get("break_even_note"),
            "complete": sc["complete"], "offer": by["offer"]["resources"], "self_managed": by["self-managed"]["resources"],
            "stays_on_azure": by["stays-on-azure"]["resources"], "retire": by["retire"]["resources"],
            "residual_eur_month": by["stays-on-azure"]["monthly_eur"],
            "effort_likely_days": e["likely"], "effort_low_days": e["low"], "effort_high_days": e["high"],
            "effort_p50_days": dist.get("p50_days"), "effort_p90_days": dist.get("p90_days"),
            **{f"gaps_{s}": gaps[s] for s in SEVERITIES},
            "unpriced": sc["unpriced_resources"], "qualifications": _quals(p),
            "non_eu_law_exposure": p["jurisdiction"]["non_eu_law_exposure"],
            **_seal(p.get("sovereignty")),
        })
    return rows


def render_json(doc: dict) -> str:
    out = {"years": doc["providers"][0]["tco"]["years"] if doc["providers"] else None,
           "requirements": doc["inputs"]["requirements"], "azure": doc["azure"], "providers": compare_rows(doc),
           "best_mix": doc["best_mix"], "transfer": doc["transfer"]}
    return json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_csv(doc: dict) -> str:
    rows = compare_rows(doc)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["provider"], lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: (" ".join(v) if isinstance(v, list) else ("" if v is None else v)) for k, v in r.items()})
    return buf.getvalue()


def _effort(r: dict) -> str:
    text = f"{r['effort_likely_days']:,.1f} ({r['effort_low_days']:,.1f}-{r['effort_high_days']:,.1f})"
    if r["effort_p50_days"] is not None:
        text += f" P50 {r['effort_p50_days']:,.0f} P90 {r['effort_p90_days']:,.0f}"
    return text


def _ge(lb: bool) -> str:
    return "≥ " if lb else ""


def mix_lines(mix: dict) -> list[str]:
    """The best-mix paragraph shared by the table and plan.md."""
    reqs = ", ".join(mix["requirements"]) or "none"
    out = [f"Best mix (requirements: {reqs}; penalty {_money(mix['penalty_per_extra_provider_eur'])} EUR per extra "
           f"provider over {mix['years']} years; training {_money(mix['training_per_provider_eur'])} EUR per provider):"]
    if mix["tco_eur"] is None:
        out.append(f"  {mix.get('note', 'no feasible mix')}")
    else:
        out.append(f"  {' + '.join(mix['providers'])}: TCO {_ge(mix.get('lower_bound'))}{_money(mix['tco_eur'])} EUR "
                   "over the whole estate (classes no provider can take stay on Azure at their Azure cost)")
        if mix.get("note"):
            out.append(f"  {mix['note']}")
        s = mix["single_best"]
        if s and len(mix["providers"]) > 1:
            out.append(f"  single best provider: {s['provider']} {_ge(s.get('lower_bound'))}{_money(s['tco_eur'])} EUR "
                       f"(the mix saves {_money(s['saving_of_mix_eur'])} EUR)")
        for pid in mix["providers"]:
            classes = [a["service_class"] for a in mix["assignment"] if a["provider"] == pid]
            out.append(f"  {pid} ({len(classes)} classes): {', '.join(classes)}")
    if mix["unplaced"]:
        out.append("  stays on Azure (no provider can take the class): "
                   + ", ".join(f"{u['service_class']} ({u['resources']}, {_ge(u.get('lower_bound'))}"
                               f"{_money(u.get('azure_monthly_eur'))} EUR/month)" for u in mix["unplaced"]))
    return out


def _seal_cell(r: dict) -> str:
    if r["seal_levels"] is None:
        return "-"
    score = "?" if r["seal_score_pct"] is None else f"{r['seal_score_pct']:g} %"
    overall = "?" if r["seal"] is None else r["seal"]
    return f"SEAL-{overall} ({r['seal_levels']}; {score})"


def render_table(doc: dict) -> str:
    rows = compare_rows(doc)
    years = doc["providers"][0]["tco"]["years"] if doc["providers"] else 0
    reqs = ", ".join(doc["inputs"]["requirements"]) or "none"
    az = doc["azure"]
    out = [f"Providers ranked by {years}-year TCO  |  requirements: {reqs}  |  EUR excl. VAT",
           f"Staying on Azure: {_ge(az['lower_bound'])}{_money(az['monthly_eur'])} EUR/month, "
           f"{_ge(az['lower_bound'])}{_money(rows[0]['azure_tco_eur']) if rows else '0.00'} EUR over {years} years; "
           f"verified {'n/a' if az.get('verified_share') is None else format(100 * az['verified_share'], '.0f') + '%'}", ""]
    table = [[r["rank"], r["provider"], _ge(r["run_lower_bound"]) + _money(r["run_eur_month"]),
              f"{r['run_low_eur_month']:,.0f}-{r['run_high_eur_month']:,.0f}",
              "n/a" if r["verified_share"] is None else f"{100 * r['verified_share']:.0f}%",
              _money(r["one_off_eur"]), _ge(r["tco_lower_bound"]) + _money(r["tco_eur"]),
              f"{r['vs_azure_eur']:+,.0f}" + ("†" if r["tco_lower_bound"] or r["azure_lower_bound"] else ""),
              r["break_even_month"] if r["break_even_month"] is not None else ("n/a" if r["break_even_note"] else "never"),
              "yes" if r["complete"] else f"no ({r['stays_on_azure']})", _effort(r), r["unpriced"],
              _seal_cell(r), ", ".join(r["qualifications"]) or "-"] for r in rows]
    out.append(tabulate(table, headers=["#", "provider", "run EUR/month", "range", "verified", "one-off EUR", "TCO EUR",
                                        "vs Azure EUR", "break-even month", "complete exit (stay)",
                                        "effort days likely (low-high)", "unpriced", "SEAL (SOV-1..8; score)",
                                        "qualifications"],
                        tablefmt="simple", disable_numparse=True))
    out.append("Every run cost covers the whole estate: what a provider cannot host stays on Azure at its Azure cost "
               "(a provider that hosts nothing costs what staying costs). TCO = run x months + labour + egress + dual "
               "running + training + forfeited commitments + licences (plan.json providers[].tco); ≥: a lower bound "
               "(a line has no figure); †: a side of the difference is a lower bound; break-even n/a: not computed on a "
               "lower bound. Complete exits rank first.\n"
               "SEAL: EU Cloud Sovereignty Framework, lowest level over SOV-1..SOV-8 (per objective after it), and the "
               "levels weighted by the framework's weights (a reading of the levels, not the framework's own score); "
               "sources in `migrate catalog sovereignty`.")
    tr = doc["transfer"]
    out += ["", f"Data to move: {_ge(tr.get('lower_bound'))}{tr['data_gb']:,.0f} GB in {tr['data_bearing_resources']} "
                f"data-bearing resources ({tr.get('assumed_size_resources', 0)} sized by a stated default, "
                f"{tr['unknown_size_resources']} of unknown size); {tr['days']:,.1f} days at {tr['bandwidth_mbps']:g} "
                f"Mbit/s x {tr['efficiency']:g} ({tr['throughput_source']}); egress {tr['egress']['applied']}: "
                f"{_money(tr['egress']['applied_eur'])} EUR"
                + ("; offline transfer (Data Box) recommended" if tr["offline_recommended"] else ""), ""]
    out += mix_lines(doc["best_mix"])
    return "\n".join(out) + "\n"
