"""Total cost of ownership over N years per provider, its cumulative curve and break-even against Azure.

Amounts are kept in integer cents so the parts add up to the total exactly; the formula of each
provider's TCO is in config section ``tco`` (migrate/data/config/tco.yaml).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from ..errors import MigrateError
from ..validation import number

LICENCE_KINDS = ("windows_server", "sql_server")


def check_tco(file: str, cfg: dict) -> None:
    """Config section ``tco``: numbers in range, known effort level, well-formed commitments."""
    if isinstance(cfg["years"], bool) or not isinstance(cfg["years"], int) or not 1 <= cfg["years"] <= 30:
        raise MigrateError(file, f"expected a whole number of years from 1 to 30, got {cfg['years']!r}",
                           place="tco.years", fix="give e.g. 3")
    number(file, cfg["labour"]["day_rate_eur"], "tco.labour.day_rate_eur")
    if cfg["labour"]["effort_level"] not in ("low", "likely", "high"):
        raise MigrateError(file, f"unknown effort level {cfg['labour']['effort_level']!r}",
                           place="tco.labour.effort_level", fix="use low, likely or high")
    dr = cfg["dual_running"]
    if dr.get("months") is not None:
        number(file, dr["months"], "tco.dual_running.months")
    share = number(file, dr["overlap"], "tco.dual_running.overlap")
    if share > 1:
        raise MigrateError(file, f"expected a share from 0 to 1, got {share!r}", place="tco.dual_running.overlap",
                           fix="give e.g. 0.5")
    number(file, dr["tail_months"], "tco.dual_running.tail_months")
    number(file, cfg["training"]["per_provider_eur"], "tco.training.per_provider_eur")
    if not isinstance(cfg["commitments"], list):
        raise MigrateError(file, "expected a list", place="tco.commitments",
                           fix="give [{name, monthly_eur, remaining_months}, ...] or []")
    for i, c in enumerate(cfg["commitments"]):
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise MigrateError(file, "expected {name, monthly_eur, remaining_months}", place=f"tco.commitments[{i}]",
                               fix="give each commitment a name, monthly_eur and remaining_months")
        number(file, c.get("monthly_eur"), f"tco.commitments[{i}].monthly_eur")
        number(file, c.get("remaining_months"), f"tco.commitments[{i}].remaining_months")
    for kind in LICENCE_KINDS:
        number(file, cfg["licences"][kind]["eur_per_core_month"], f"tco.licences.{kind}.eur_per_core_month")
        number(file, cfg["licences"][kind]["min_cores"], f"tco.licences.{kind}.min_cores")
    t = cfg["transfer"]
    number(file, t["bandwidth_mbps"], "tco.transfer.bandwidth_mbps", minimum=1e-9)
    eff = number(file, t["efficiency"], "tco.transfer.efficiency", minimum=1e-9)
    if eff > 1:
        raise MigrateError(file, f"expected a share from 0 to 1, got {eff!r}", place="tco.transfer.efficiency",
                           fix="give e.g. 0.7")
    for key in ("offline_threshold_days", "data_act_window_days"):
        number(file, t[key], f"tco.transfer.{key}")
    number(file, t["data_box"]["usable_tb"], "tco.transfer.data_box.usable_tb", minimum=1e-9)
    number(file, cfg["best_mix"]["penalty_per_extra_provider_eur_per_year"],
           "tco.best_mix.penalty_per_extra_provider_eur_per_year")
    mp = cfg["best_mix"]["max_providers"]
    if isinstance(mp, bool) or not isinstance(mp, int) or mp < 1:
        raise MigrateError(file, f"expected a whole number >= 1, got {mp!r}", place="tco.best_mix.max_providers",
                           fix="give e.g. 3")
    done = cfg["egress"].get("switch_completed_on")
    if done is not None:
        try:
            day = dt.date.fromisoformat(str(done))
        except ValueError:
            raise MigrateError(file, f"expected a date YYYY-MM-DD or null, got {done!r}",
                               place="tco.egress.switch_completed_on", fix="give e.g. 2027-03-31") from None
        # YAML reads an unquoted date as a date object; plan.json records the config, so keep it as text.
        cfg["egress"]["switch_completed_on"] = day.isoformat()


def cents(eur: float) -> int:
    return int(round(float(eur) * 100))


def eur(c: int) -> float:
    return round(c / 100.0, 2)


def licence_lines(lines: pd.DataFrame, res: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """Per mapping line: licence cores and EUR/month for Windows Server and SQL Server at the target.

    A licence is needed where the class and target status are listed in config (Windows: os_type
    windows). Cores per instance are max(vCPU, min_cores); unknown vCPU counts min_cores (flagged);
    0 vCPU (a database inside an elastic pool) counts none, its pool carries them.
    """
    rix = lines["rix"].to_numpy()
    # per resource, then picked per line (lines are resources x providers)
    windows = res["os_type"].astype("string").str.lower().eq("windows").fillna(False).to_numpy(dtype=bool)
    out = pd.DataFrame(index=lines.index)
    for kind in LICENCE_KINDS:
        lc = cfg["licences"][kind]
        mask = lines["service_class"].isin(lc["classes"]).to_numpy() & lines["status"].isin(lc["statuses"]).to_numpy() \
            & ~lines["included"].to_numpy(dtype=bool)
        if kind == "windows_server":
            mask &= windows[rix]
        vcpu = res["vcpu"].to_numpy(dtype="float64")[rix]
        nodes = res["node_count"].to_numpy(dtype="float64")[rix]
        assumed = mask & np.isnan(vcpu)
        per = np.where(np.isnan(vcpu), float(lc["min_cores"]),
                       np.where(vcpu > 0, np.maximum(vcpu, float(lc["min_cores"])), 0.0))
        cores = np.where(mask, per * nodes, 0.0)
        out[f"{kind}_resources"] = mask.astype(int)
        out[f"{kind}_cores"] = cores
        out[f"{kind}_assumed"] = assumed.astype(int)
        out[f"{kind}_monthly"] = cores * float(lc["eur_per_core_month"])
    out["licence_monthly"] = sum(out[f"{k}_monthly"] for k in LICENCE_KINDS)
    return out


def licence_summary(lic: pd.DataFrame, cfg: dict) -> dict:
    """Totals of licence_lines for one provider, with price and source per kind."""
    out = {}
    for kind in LICENCE_KINDS:
        lc = cfg["licences"][kind]
        out[kind] = {"resources": int(lic[f"{kind}_resources"].sum()), "cores": float(lic[f"{kind}_cores"].sum()),
                     "cores_assumed_resources": int(lic[f"{kind}_assumed"].sum()),
                     "eur_per_core_month": float(lc["eur_per_core_month"]), "min_cores": float(lc["min_cores"]),
                     "monthly_eur": round(float(lic[f"{kind}_monthly"].sum()), 2), "source": lc["source"],
                     "as_of": str(lc["as_of"]), "unverified": bool(lc.get("unverified", False))}
    return out


def dual_running_months(cfg: dict, programme_months: float | None) -> tuple[int, str]:
    """Months both estates are paid, and how that figure was found (config or programme duration)."""
    dr = cfg["dual_running"]
    if dr.get("months") is not None:
        return int(round(float(dr["months"]))), "tco.dual_running.months"
    if programme_months is None:
        return int(round(float(dr["tail_months"]))), "tail only (no programme duration)"
    m = float(programme_months) * float(dr["overlap"]) + float(dr["tail_months"])
    return int(math.ceil(m - 1e-9)), (f"programme P50 {programme_months:g} months x overlap {float(dr['overlap']):g} "
                                      f"+ tail {float(dr['tail_months']):g}, rounded up")


def commitments_forfeited(cfg: dict, months: int, dual: int) -> tuple[list[dict], list[int]]:
    """Per commitment the months owed after Azure is switched off (within the horizon), and cents owed per month."""
    per_month = [0] * (months + 1)
    detail = []
    for c in sorted(cfg["commitments"], key=lambda c: c["name"]):
        end = min(int(c["remaining_months"]), months)
        owed = list(range(dual + 1, end + 1))
        for m in owed:
            per_month[m] += cents(c["monthly_eur"])
        detail.append({"name": c["name"], "monthly_eur": float(c["monthly_eur"]),
                       "remaining_months": float(c["remaining_months"]), "forfeited_months": len(owed),
                       "eur": eur(cents(c["monthly_eur"]) * len(owed))})
    return detail, per_month


def provider_tco(*, run_monthly: float, run_lower_bound: bool, effort_days: float, azure_monthly: float,
                 azure_lower_bound: bool, moving_azure_monthly: float, moves: bool, programme_months: float | None,
                 licence_monthly: float, egress_eur: float, cfg: dict, inputs: dict | None = None) -> dict:
    """``providers[i].tco`` of plan.json: run and one-off parts, cumulative curve and break-even month.

    ``run_monthly`` is the provider's whole scenario (what stays on Azure at its Azure cost), so a scenario
    in which nothing moves (``moves`` false) has no one-off cost and costs exactly what staying costs.
    """
    years = int(cfg["years"])
    months = 12 * years
    dual, dual_how = dual_running_months(cfg, programme_months) if moves else (0, "nothing moves")
    dual = min(dual, months)
    rate = float(cfg["labour"]["day_rate_eur"])
    run_c, az_c, lic_c, mov_c = cents(run_monthly), cents(azure_monthly), cents(licence_monthly), cents(moving_azure_monthly)
    commit_detail, commit_per_month = commitments_forfeited(cfg, months, dual) if moves else ([], [0] * (months + 1))
    one_off = {"labour_eur": cents(effort_days * rate) if moves else 0, "egress_eur": cents(egress_eur) if moves else 0,
               "dual_running_eur": mov_c * dual,
               "training_eur": cents(cfg["training"]["per_provider_eur"]) if moves else 0,
               "forfeited_commitments_eur": sum(commit_per_month), "licences_eur": lic_c * months}
    upfront = one_off["labour_eur"] + one_off["egress_eur"] + one_off["training_eur"]
    cumulative, prov, azure, break_even = [{"month": 0, "provider_eur": eur(upfront), "azure_eur": 0.0}], upfront, 0, None
    comparable = moves and not run_lower_bound and not azure_lower_bound
    for m in range(1, months + 1):
        prov += run_c + lic_c + (mov_c if m <= dual else 0) + commit_per_month[m]
        azure += az_c
        cumulative.append({"month": m, "provider_eur": eur(prov), "azure_eur": eur(azure)})
        if comparable and break_even is None and prov <= azure:
            break_even = m
    run_total = run_c * months
    one_off_total = sum(one_off.values())
    total = run_total + one_off_total
    level = cfg["labour"]["effort_level"]
    ge = lambda lb: ">= " if lb else ""  # noqa: E731
    formula = (f"run {ge(run_lower_bound)}{eur(run_c):,.2f} EUR/month x {months} months = {eur(run_total):,.2f}"
               f" + labour {effort_days:,.2f} person-days ({level}) x {rate:,.2f} = {eur(one_off['labour_eur']):,.2f}"
               f" + egress {eur(one_off['egress_eur']):,.2f}"
               f" + dual running {dual} months ({dual_how}) x {eur(mov_c):,.2f} = {eur(one_off['dual_running_eur']):,.2f}"
               f" + training {eur(one_off['training_eur']):,.2f}"
               f" + forfeited commitments {eur(one_off['forfeited_commitments_eur']):,.2f}"
               f" + licences {eur(lic_c):,.2f} EUR/month x {months} = {eur(one_off['licences_eur']):,.2f}"
               f" = {ge(run_lower_bound)}{eur(total):,.2f} EUR; staying on Azure: {ge(azure_lower_bound)}{eur(az_c):,.2f}"
               f" x {months} = {eur(az_c * months):,.2f} EUR")
    why_no_break_even = None
    if not moves:
        why_no_break_even = "nothing moves in this scenario: it costs what staying costs"
    elif run_lower_bound or azure_lower_bound:
        why_no_break_even = ("not computed: " + " and ".join(
            w for w, lb in (("the provider's scenario", run_lower_bound), ("Azure today", azure_lower_bound)) if lb)
            + " is a lower bound (a line has no figure)")
    return {
        "years": years,
        "run_monthly_eur": eur(run_c),
        "run_total_eur": eur(run_total),
        "one_off": {k: eur(v) for k, v in one_off.items()},
        "one_off_total_eur": eur(one_off_total),
        "total_eur": eur(total),
        "lower_bound": bool(run_lower_bound),
        "azure_total_eur": eur(az_c * months),
        "azure_lower_bound": bool(azure_lower_bound),
        "break_even_month": break_even,
        "break_even_note": why_no_break_even,
        "cumulative": cumulative,
        "inputs": {"months": months, "azure_monthly_eur": eur(az_c), "effort_days": round(float(effort_days), 3),
                   "effort_level": level, "day_rate_eur": rate,
                   "day_rate_source": cfg["labour"].get("day_rate_source"),
                   "day_rate_as_of": str(cfg["labour"].get("day_rate_as_of")),
                   "day_rate_unverified": bool(cfg["labour"].get("day_rate_unverified", False)),
                   "dual_running_months": dual, "dual_running_how": dual_how,
                   "moving_azure_monthly_eur": eur(mov_c), "training_eur": float(cfg["training"]["per_provider_eur"]),
                   "training_unverified": bool(cfg["training"].get("unverified", False)),
                   "licence_monthly_eur": eur(lic_c), "commitments": commit_detail, **(inputs or {})},
        "formula": formula,
    }
