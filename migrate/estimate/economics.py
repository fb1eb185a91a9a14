"""The economics of leaving: TCO per provider, the data transfer and the best provider mix, from a plan's tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .best_mix import best_mix
from .tco import cents, licence_lines, licence_summary, provider_tco
from .transfer import transfer_estimate


def class_costs(lines: pd.DataFrame, lic: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """Per (service_class, provider): TCO in cents over the horizon (run + licences + labour), feasible, resources.

    Only classes with at least one resource that moves (not retired, not included in a parent) take part;
    a provider has one line per resource, so lines count resources.
    """
    months = 12 * int(cfg["years"])
    level = cfg["labour"]["effort_level"]
    df = pd.DataFrame({"service_class": lines["service_class"], "provider": lines["provider"],
                       "run": lines["monthly_eur"].fillna(0.0), "licence": lic["licence_monthly"],
                       "effort": lines[f"effort_{level}"], "gap": lines["status"].eq("gap"),
                       "moving": ~lines["status"].isin(["retire", "unmapped"]) & ~lines["included"].astype(bool),
                       "rix": lines["rix"]})
    df = df[df["service_class"].notna()]
    g = df.groupby(["service_class", "provider"], sort=True).agg(
        run=("run", "sum"), licence=("licence", "sum"), effort=("effort", "sum"), gap=("gap", "any"),
        moving=("moving", "any"), resources=("rix", "size")).reset_index()
    moving_classes = set(g.loc[g["moving"], "service_class"])
    g = g[g["service_class"].isin(moving_classes)]
    rate = float(cfg["labour"]["day_rate_eur"])
    g["tco_cents"] = [cents(r) * months + cents(li) * months + cents(e * rate)
                      for r, li, e in zip(g["run"], g["licence"], g["effort"])]
    g["feasible"] = ~g["gap"]
    return g[["service_class", "provider", "tco_cents", "feasible", "resources"]].reset_index(drop=True)


def exit_economics(lines: pd.DataFrame, res: pd.DataFrame, summary: dict, *, egress_price: dict | None,
                   config: dict, requirements: list[str], drill: dict | None = None,
                   drill_file: str | None = None) -> dict:
    """{"tco": {provider: providers[i].tco}, "transfer": ..., "best_mix": ...} for plan.json."""
    cfg = config["tco"]
    transfer = transfer_estimate(res, egress_price, cfg, drill, drill_file)
    egress_eur = transfer["egress"]["applied_eur"]
    azure_monthly = float(summary["azure"]["monthly_eur"])
    lic = licence_lines(lines, res, cfg)
    level = cfg["labour"]["effort_level"]
    tcos = {}
    for s in summary["providers"]:
        mask = (lines["provider"] == s["id"]).to_numpy()
        lp = lic[mask]
        lic_doc = licence_summary(lp, cfg)
        tcos[s["id"]] = provider_tco(
            run_monthly=s["monthly_eur"], effort_days=s["effort_days"][level], azure_monthly=azure_monthly,
            licence_monthly=float(np.round(lp["licence_monthly"].sum(), 2)), egress_eur=egress_eur, cfg=cfg,
            inputs={"egress_regime": transfer["egress"]["applied"], "data_gb": transfer["data_gb"],
                    "licences": lic_doc, "azure_basis": summary["azure"].get("basis", "list-prices"),
                    "unpriced_resources": int(s["cost_status"].get("none", 0) + s["cost_status"].get("usage", 0)),
                    "gap_resources": int(s["status"].get("gap", 0))})
    any_tco = next(iter(tcos.values()), None)
    shared = 0
    if any_tco is not None:
        shared = sum(cents(any_tco["one_off"][k]) for k in ("egress_eur", "dual_running_eur", "forfeited_commitments_eur"))
    years = int(cfg["years"])
    mix = best_mix(class_costs(lines, lic, cfg), [s["id"] for s in summary["providers"]], shared_cents=shared,
                   training_cents=cents(cfg["training"]["per_provider_eur"]),
                   penalty_cents=cents(cfg["best_mix"]["penalty_per_extra_provider_eur_per_year"]) * years,
                   max_providers=int(cfg["best_mix"]["max_providers"]), requirements=requirements, years=years)
    return {"tco": tcos, "transfer": transfer, "best_mix": mix}
