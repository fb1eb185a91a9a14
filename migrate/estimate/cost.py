"""Monthly run cost, on Azure (reference list prices) and at each provider (chosen offers).

Formula for every line, so a report can show it:
    monthly = unit_monthly x instances + aux_unit_monthly x aux_count + storage_rate x storage_gb
where unit_monthly = hour price x 730 + month price. A part that depends on an unknown size
or on usage is not counted as zero: the line's ``cost_status`` says what is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.load import Catalog
from ..mapping.select import HOURS_PER_MONTH
from ..profiles import factorize_rows

# ARM types priced per instance from the VM size table (at the resource's price region).
_VM_PRICED = {"microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets",
              "microsoft.containerservice/managedclusters", "microsoft.containerservice/managedclusters/agentpools"}


def _text(col: pd.Series) -> pd.Series:
    return col.where(col.map(lambda v: isinstance(v, str)), "").str.lower()


def _sku_keys(res: pd.DataFrame) -> list[pd.Series]:
    """Candidate price keys, most specific first (conventions documented in azure.yaml)."""
    name, tier = _text(res["sku"]), _text(res["sku_tier"])
    capacity = res["sku_capacity"].map(lambda c: "" if c != c else f"{int(c)}")
    redis = res["type"].eq("microsoft.cache/redis") & name.ne("") & capacity.ne("")
    per_vcore = res["type"].isin(["microsoft.sql/servers/databases", "microsoft.sql/servers/elasticpools"]) \
        & name.str.match(r"^(gp|bc|hs)_") & capacity.ne("")
    composed = pd.Series("", index=res.index)
    composed[redis] = name[redis] + "_" + np.where(name[redis] == "premium", "p", "c") + capacity[redis]
    composed[per_vcore] = name[per_vcore] + "_" + capacity[per_vcore]
    return [composed.where(composed.ne(""), name), name, tier, pd.Series("", index=res.index)]


_PRICE_KEY_COLS = ["type", "sku", "sku_tier", "sku_capacity", "vm_size", "os_type", "sizing", "location"]


def azure_baseline(res: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Azure monthly list cost per resource: azure_monthly, azure_cost_status, azure_formula inputs.

    Prices are looked up once per distinct (type, SKU, size) profile, then applied to every row.
    """
    codes, uniq = factorize_rows(res, _PRICE_KEY_COLS)
    unit = _unit_prices(uniq, catalog).take(codes).reset_index(drop=True)
    unit.index = res.index
    return _monthly(res, unit)


def price_region(location: pd.Series, catalog: Catalog) -> pd.Series:
    """The region whose reference prices apply: the resource's own when catalogued, else the reference region."""
    known = set(catalog.vm_prices.index.get_level_values("region")) | set(catalog.azure_prices["region"])
    return location.where(location.isin(known), catalog.azure_region)


def _unit_prices(res: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per profile: VM hourly price and the matched reference price (hour, month, gb_month, ref), in its price region."""
    out = pd.DataFrame(index=res.index)
    region = price_region(res["location"], catalog)
    out["azure_price_region"] = region
    size_key = _text(res["vm_size"])
    looked = catalog.vm_prices.reindex(pd.MultiIndex.from_arrays([size_key, region]))
    windows = res["os_type"].eq("windows").to_numpy()
    vm_hour = np.where(windows & looked["windows_hour"].notna().to_numpy(), looked["windows_hour"].to_numpy(),
                       looked["linux_hour"].to_numpy())
    is_vm = res["type"].isin(_VM_PRICED).to_numpy() | res["sizing"].eq("compute").to_numpy()
    out["azure_vm_hour"] = np.where(is_vm, vm_hour, np.nan)

    # Reference prices: match on the composed SKU key, the SKU name, the SKU tier, then any SKU of the type.
    prices = catalog.azure_prices.set_index(["type", "sku_key", "region"])
    found = pd.DataFrame(index=res.index, columns=["hour", "month", "gb_month"], dtype="float64")
    found["price_ref"] = None
    for sku in _sku_keys(res):
        missing = found["hour"].isna()
        if not missing.any():
            break
        idx = pd.MultiIndex.from_arrays([res.loc[missing, "type"], sku[missing], region[missing]])
        hit = prices.reindex(idx)
        hit.index = res.index[missing]
        ok = hit["hour"].notna()
        found.loc[hit.index[ok], ["hour", "month", "gb_month"]] = hit.loc[ok, ["hour", "month", "gb_month"]].to_numpy()
        found.loc[hit.index[ok], "price_ref"] = [f"{t}|{k}|{r}" for t, k, r in zip(res.loc[hit.index[ok], "type"],
                                                                                   sku[missing][ok], region[missing][ok])]
    out["azure_price_ref"] = found["price_ref"]
    out[["hour", "month", "gb_month"]] = found[["hour", "month", "gb_month"]]
    return out


def _monthly(res: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Monthly cost per resource from its unit prices, node count and storage size."""
    out = found[["azure_vm_hour", "azure_price_ref", "azure_price_region"]].copy()
    has_vm = ~np.isnan(out["azure_vm_hour"].to_numpy())
    vm_part = np.where(has_vm, out["azure_vm_hour"].fillna(0).to_numpy() * HOURS_PER_MONTH, 0.0)
    control = (found["hour"].fillna(0) * HOURS_PER_MONTH + found["month"].fillna(0)).to_numpy()
    unit = vm_part + control
    # AKS: the reference price is the control plane (per cluster); the VM price is per node.
    per_node = res["type"].eq("microsoft.containerservice/managedclusters").to_numpy()
    instances = res["node_count"].to_numpy()
    fixed = np.where(per_node, control + vm_part * instances, unit * instances)
    rate = found["gb_month"].fillna(0).to_numpy()
    storage_gb = res["storage_gb"].to_numpy()
    storage = np.where(rate > 0, rate * storage_gb, 0.0)
    priced = has_vm | found["hour"].notna().to_numpy()
    storage_unknown = (rate > 0) & np.isnan(storage_gb)
    monthly = np.where(priced, fixed + np.nan_to_num(storage), np.nan)
    only_storage = priced & (fixed == 0) & storage_unknown
    monthly = np.where(only_storage, np.nan, monthly)
    disp = res["disposition"].to_numpy()
    out["azure_unit_monthly"] = np.where(per_node, control, unit)
    out["azure_node_monthly"] = np.where(per_node, vm_part, 0.0)
    out["azure_storage_rate"] = rate
    status = np.select([~priced & (disp == "included"), ~priced, only_storage, storage_unknown,
                        res["sizing"].eq("usage").to_numpy()],
                       ["included", "none", "none", "partial", "usage"], default="priced")
    out["azure_monthly"] = np.where(status == "included", 0.0, monthly)
    out["azure_cost_status"] = status
    return out


def target_costs(lines: pd.DataFrame) -> pd.DataFrame:
    """Adds monthly_eur and cost_status to mapping lines (one per resource and provider)."""
    sizing = lines["sizing"].to_numpy()
    status = lines["status"].to_numpy()
    unit = lines["unit_monthly"].fillna(0).to_numpy()
    instances = np.where(sizing == "compute", lines["node_count"].to_numpy(), 1.0)
    fixed = unit * instances
    aux = lines["aux_unit_monthly"].fillna(0).to_numpy() * np.nan_to_num(lines["aux_count"].to_numpy().astype("float64"))
    rate = lines["storage_rate"].fillna(0).to_numpy()
    storage_gb = lines["storage_gb"].to_numpy()
    storage = rate * storage_gb
    storage_unknown = (rate > 0) & np.isnan(storage_gb)
    priced = lines["priced"].fillna(False).to_numpy().astype(bool) | (aux > 0) | (rate > 0)
    total = fixed + aux + np.nan_to_num(storage)
    lines["instances"] = instances
    lines["monthly_eur"] = total
    estimate = lines["quote_only"].fillna(False).to_numpy().astype(bool) | lines["aux_quote_only"].fillna(False).to_numpy().astype(bool)
    only_storage = storage_unknown & (fixed + aux == 0)
    cost_status = np.select(
        [lines["included"].to_numpy(), status == "retire", np.isin(status, ["gap", "unmapped"]), ~priced | only_storage,
         storage_unknown, sizing == "usage", estimate],
        ["included", "retired", "none", "none", "partial", "usage", "estimate"], default="priced")
    lines["cost_status"] = cost_status
    lines.loc[np.isin(cost_status, ["included", "retired"]), "monthly_eur"] = 0.0
    lines.loc[cost_status == "none", "monthly_eur"] = np.nan
    lines.loc[np.isin(cost_status, ["usage"]) & ~priced, "monthly_eur"] = np.nan
    lines["estimate"] = estimate & ~np.isin(cost_status, ["none", "included", "retired"])
    lines["monthly_eur"] = lines["monthly_eur"].round(2)
    return lines
