"""The economics of leaving: TCO per provider, the data transfer and the best provider mix, from a plan's tables.

Every figure compares complete scenarios: a provider's run cost covers every resource (what it cannot host
stays on Azure at its Azure cost), its one-off costs cover what moves there, and staying covers the same
estate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .best_mix import best_mix
from .tco import cents, licence_lines, licence_summary, provider_tco
from .transfer import data_volume, tiered_cost, transfer_estimate


def class_costs(lines: pd.DataFrame, res: pd.DataFrame, lic: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """Per (service_class, provider): TCO in cents over the horizon (run + licences + labour), whether the class
    can be placed there, and its resources.

    A class can be placed at a provider when every one of its resources there has a priced disposition
    (offer, self-managed, retire; an included child follows its parent): nothing of it stays on Azure and
    nothing is unpriced. Only classes with at least one resource that moves take part.
    """
    months = 12 * int(cfg["years"])
    level = cfg["labour"]["effort_level"]
    gpu = _gpu_rows(res)[lines["rix"].to_numpy()]
    # GPU machines are placed apart from the other VMs of their class: few providers sell GPUs, and they must
    # not keep every VM of the estate on Azure.
    unit = pd.Series([f"{c} (GPU)" if g and isinstance(c, str) else c for c, g in zip(lines["service_class"], gpu)],
                     index=lines.index, dtype=object)
    df = pd.DataFrame({"service_class": unit, "provider": lines["provider"],
                       "run": lines["monthly_eur"], "licence": lic["licence_monthly"],
                       "effort": lines[f"effort_{level}"],
                       "blocked": lines["disposition"].eq("stays-on-azure") | lines["monthly_eur"].isna(),
                       "moving": ~lines["status"].isin(["retire", "unmapped"]) & ~lines["included"].astype(bool),
                       "rix": lines["rix"]})
    df = df[df["service_class"].notna()]
    g = df.groupby(["service_class", "provider"], sort=True).agg(
        run=("run", "sum"), licence=("licence", "sum"), effort=("effort", "sum"), blocked=("blocked", "any"),
        moving=("moving", "any"), resources=("rix", "size")).reset_index()
    moving_classes = set(g.loc[g["moving"], "service_class"])
    g = g[g["service_class"].isin(moving_classes)]
    rate = float(cfg["labour"]["day_rate_eur"])
    g["tco_cents"] = [cents(r) * months + cents(li) * months + cents(e * rate)
                      for r, li, e in zip(g["run"], g["licence"], g["effort"])]
    g["feasible"] = ~g["blocked"]
    return g[["service_class", "provider", "tco_cents", "feasible", "resources"]].reset_index(drop=True)


def _egress(gb: float, egress_price: dict | None, regime: str) -> float:
    if egress_price is None or regime == "data-act":
        return 0.0
    tiers = egress_price.get("tiers") or [{"up_to_gb": None, "amount": egress_price["amount"]}]
    return tiered_cost(gb, tiers)[0]


def exit_economics(lines: pd.DataFrame, res: pd.DataFrame, summary: dict, *, egress_price: dict | None,
                   config: dict, requirements: list[str], drill: dict | None = None,
                   drill_file: str | None = None) -> dict:
    """{"tco": {provider: providers[i].tco}, "transfer": ..., "best_mix": ...} for plan.json."""
    cfg = config["tco"]
    transfer = transfer_estimate(res, egress_price, cfg, drill, drill_file)
    regime = transfer["egress"]["applied"]
    waiver_types = set(cfg["egress"]["waiver_types"])
    az = summary["azure"]
    azure_monthly = float(az["monthly_eur"])
    lic = licence_lines(lines, res, cfg)
    level = cfg["labour"]["effort_level"]
    az_cost = res["azure_monthly"].to_numpy(dtype="float64")
    tcos = {}
    for s in summary["providers"]:
        mask = (lines["provider"] == s["id"]).to_numpy()
        g = lines[mask]
        moving = g["disposition"].isin(["offer", "self-managed"]).to_numpy()
        moving_rows = g["rix"].to_numpy()[moving]
        vol = data_volume(res, moving_rows)
        gb = float(vol["gb"].sum())
        waivable = float(vol.loc[vol["type"].isin(waiver_types), "gb"].sum())
        egress = _egress(gb - waivable if regime == "waiver" else gb, egress_price, regime)
        lp = lic[mask]
        sc = s["scenario"]
        dist = s.get("effort_distribution") or {}
        tcos[s["id"]] = provider_tco(
            run_monthly=sc["monthly_eur"], run_lower_bound=sc["lower_bound"], effort_days=s["effort_days"][level],
            azure_monthly=azure_monthly, azure_lower_bound=az["lower_bound"],
            moving_azure_monthly=float(np.nansum(az_cost[moving_rows])), moves=bool(moving.any()),
            programme_months=(dist.get("duration_months") or {}).get("p50"),
            licence_monthly=float(np.round(lp["licence_monthly"].sum(), 2)), egress_eur=egress, cfg=cfg,
            inputs={"egress_regime": regime, "data_gb": round(gb, 3),
                    "data_assumed_gb": round(float(vol.loc[vol["assumed"], "gb"].sum()), 3),
                    "data_unknown_resources": int(vol["unknown"].sum()),
                    "licences": licence_summary(lp, cfg), "azure_basis": az.get("basis", "list-prices"),
                    "unpriced_resources": int(sc["unpriced_resources"]),
                    "residual_resources": int(sc["by_disposition"]["stays-on-azure"]["resources"]),
                    "residual_monthly_eur": sc["by_disposition"]["stays-on-azure"]["monthly_eur"]})
    years = int(cfg["years"])
    mix = best_mix(class_costs(lines, res, lic, cfg), [s["id"] for s in summary["providers"]],
                   residual=_residual_by_class(lines, res), tcos=tcos,
                   training_cents=cents(cfg["training"]["per_provider_eur"]),
                   penalty_cents=cents(cfg["best_mix"]["penalty_per_extra_provider_eur_per_year"]) * years,
                   max_providers=int(cfg["best_mix"]["max_providers"]), requirements=requirements, years=years,
                   azure_total_cents=cents(azure_monthly) * 12 * years, azure_lower_bound=az["lower_bound"])
    return {"tco": tcos, "transfer": transfer, "best_mix": mix}


def _gpu_rows(res: pd.DataFrame) -> np.ndarray:
    """Resources that are GPU machines, or included in one (its extensions follow it)."""
    gpu = res["gpu_count"].fillna(0).to_numpy() > 0
    host = res["host_rix"].to_numpy()
    return np.where(host >= 0, gpu[np.maximum(host, 0)], gpu)


def _residual_by_class(lines: pd.DataFrame, res: pd.DataFrame) -> dict[str, tuple[float, bool]]:
    """Azure monthly cost of each class's resources (what stays on Azure when no provider can take the class)."""
    first = lines.drop_duplicates("rix")
    rix = first["rix"].to_numpy()
    cost = res["azure_monthly"].to_numpy(dtype="float64")[rix]
    gpu = _gpu_rows(res)[rix]
    cls = first["service_class"].to_numpy(dtype=object)
    df = pd.DataFrame({"service_class": [f"{c} (GPU)" if g and isinstance(c, str) else c for c, g in zip(cls, gpu)],
                       "cost": cost})
    df = df[df["service_class"].notna()]
    out = {}
    for cls, g in df.groupby("service_class"):
        out[cls] = (float(np.nansum(g["cost"])), bool(g["cost"].isna().any()))
    return out
