"""Monthly run cost of every resource on Azure and in every provider's scenario, with its uncertainty.

Azure (reference list prices, or the cost export's actual cost):
    monthly = VM hour price x 730 x instances + reference price (hour x 730 + month) + per-GB price x GB
              + sum over meters of meter price x quantity
A provider line is the sum of its priced parts (mapping ``parts``):
    monthly = sum(count x unit price) + (shared estate parts / resources sharing them)
              + sum(per-GB price x gb_factor) x GB + sum over meters of meter price x quantity
In each provider's scenario every resource has one disposition: ``offer`` and ``self-managed`` cost
their parts, ``stays-on-azure`` keeps its Azure cost (a residual), ``retire`` costs 0, an included child
costs 0 with its parent. A part whose price or quantity is missing leaves the line without a figure
(``unpriced``): every total it enters is then a lower bound. Quantities are the estate's
(estimate/quantities.py), the same on both sides.

The range of a line multiplies each part by the band of its price's basis and, for quantity-driven
parts, by the band of the quantity's origin (config ``uncertainty``); a line is verified when every
price it uses is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.load import Catalog
from ..mapping.select import HOURS_PER_MONTH
from ..profiles import factorize_rows
from .quantities import wide

# ARM types priced per instance from the VM size table (at the resource's price region).
_VM_PRICED = {"microsoft.compute/virtualmachines", "microsoft.compute/virtualmachinescalesets",
              "microsoft.containerservice/managedclusters", "microsoft.containerservice/managedclusters/agentpools"}
_TIMED = ("hour", "month")


def band(bands: dict, basis) -> tuple[float, float]:
    b = bands.get(basis if isinstance(basis, str) else "unknown") or bands["unknown"]
    return float(b[0]), float(b[1])


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
    dtu = res["type"].eq("microsoft.sql/servers/databases") & name.isin(["basic", "standard", "premium"]) & capacity.ne("")
    composed[dtu] = [DTU_OBJECTIVES.get((n, c), "") for n, c in zip(name[dtu], capacity[dtu])]
    # One SKU (S0) serves every kind of AI services account; what it bills depends on the kind (OpenAI: tokens).
    if "kind" in res:
        by_kind = res["type"].isin(PRICED_BY_KIND) & _text(res["kind"]).ne("")
        composed[by_kind] = _text(res["kind"])[by_kind]
    return [composed.where(composed.ne(""), name), name, tier, pd.Series("", index=res.index)]


# ARM types whose reference price is keyed by the resource's kind (azure.yaml `sku: [<kind>]`), the SKU name saying
# nothing of what is billed.
PRICED_BY_KIND = frozenset({"microsoft.cognitiveservices/accounts"})


# DTU purchase model: the service objective of a tier at a DTU count (Microsoft, "DTU-based resource limits for
# single databases", learn.microsoft.com/azure/azure-sql/database/resource-limits-dtu-single-databases).
DTU_OBJECTIVES = {("basic", "5"): "basic", ("standard", "10"): "s0", ("standard", "20"): "s1", ("standard", "50"): "s2",
                  ("standard", "100"): "s3", ("standard", "200"): "s4", ("standard", "400"): "s6",
                  ("standard", "800"): "s7", ("standard", "1600"): "s9", ("standard", "3000"): "s12",
                  ("premium", "125"): "p1", ("premium", "250"): "p2", ("premium", "500"): "p4", ("premium", "1000"): "p6",
                  ("premium", "1750"): "p11", ("premium", "4000"): "p15"}

_PRICE_KEY_COLS = ["type", "sku", "sku_tier", "sku_capacity", "kind", "vm_size", "os_type", "sizing", "location"]


def price_region(location: pd.Series, catalog: Catalog) -> pd.Series:
    """The region whose reference prices apply: the resource's own when catalogued, else the reference region."""
    known = set(catalog.vm_prices.index.get_level_values("region")) | set(catalog.azure_prices["region"])
    return location.where(location.isin(known), catalog.azure_region)


# ------------------------------------------------------------------ Azure
def azure_baseline(res: pd.DataFrame, catalog: Catalog, q: pd.DataFrame, bands: dict, qbands: dict) -> pd.DataFrame:
    """Azure monthly list cost per resource and how it was found.

    Columns: azure_monthly (NaN unpriced), azure_cost_status (priced, included, unpriced), azure_low/high,
    azure_verified, azure_basis, the unit prices behind the formula and azure_meters ([(meter, rate)]).
    Prices are looked up once per distinct (type, SKU, size, region) profile, then applied to every row.
    """
    codes, uniq = factorize_rows(res, [c for c in _PRICE_KEY_COLS if c in res])
    unit = _unit_prices(uniq, catalog).take(codes).reset_index(drop=True)
    unit.index = res.index
    return _monthly(res, unit, q, bands, qbands)


def _unit_prices(res: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per profile: VM hourly price and the matched reference price (hour, month, gb_month, meters), in its price region."""
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
    out["vm_unverified"] = looked["price_unverified"].fillna(True).to_numpy(dtype=bool)
    out["vm_basis"] = looked["price_basis"].to_numpy()

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
    ref = prices.reindex(pd.MultiIndex.from_tuples([tuple(r.split("|", 2)) if isinstance(r, str) else ("", "", "")
                                                    for r in found["price_ref"]]))
    out["ref_unverified"] = ref["unverified"].fillna(False).to_numpy(dtype=bool)
    out["ref_basis"] = ref["basis"].to_numpy()
    out["ref_priced"] = [bool(c) if isinstance(c, list) else False for c in ref["components"]]
    out["azure_meters"] = [[(c["unit"], float(c["amount"])) for c in comps if c["unit"] not in (*_TIMED, "gb_month", "gb")]
                           if isinstance(comps, list) else [] for comps in ref["components"]]
    return out


def _monthly(res: pd.DataFrame, found: pd.DataFrame, q: pd.DataFrame, bands: dict, qbands: dict) -> pd.DataFrame:
    out = found[["azure_vm_hour", "azure_price_ref", "azure_price_region", "azure_meters"]].copy()
    n = len(res)
    has_vm = ~np.isnan(out["azure_vm_hour"].to_numpy())
    vm_part = np.where(has_vm, out["azure_vm_hour"].fillna(0).to_numpy() * HOURS_PER_MONTH, 0.0)
    has_ref = found["azure_price_ref"].notna().to_numpy()
    control = (found["hour"].fillna(0) * HOURS_PER_MONTH + found["month"].fillna(0)).to_numpy()
    # AKS: the reference price is the control plane (per cluster); the VM price is per node.
    per_node = res["type"].eq("microsoft.containerservice/managedclusters").to_numpy()
    instances = res["node_count"].to_numpy()
    fixed_vm = np.where(per_node, vm_part * instances, vm_part * instances)
    fixed_ref = np.where(per_node, control, control * instances)
    rate = found["gb_month"].fillna(0).to_numpy()
    gb = res["storage_gb"].to_numpy(dtype="float64")
    gb_origin = res["storage_origin"].to_numpy() if "storage_origin" in res else np.full(n, None, dtype=object)
    storage = rate * gb
    storage_missing = (rate > 0) & np.isnan(gb)
    # Meters of the matched price, times the estate's quantities.
    meters = sorted({m for ms in out["azure_meters"] for m, _ in ms})
    qty, qorigin = wide(q, n, meters)
    meter_cost = np.zeros(n)
    meter_missing = np.zeros(n, dtype=bool)
    meter_low = np.zeros(n)
    meter_high = np.zeros(n)
    rix = res["rix"].to_numpy()
    vm_band = np.array([band(bands, b) for b in found["vm_basis"]]).reshape(n, 2)
    ref_band = np.array([band(bands, b) for b in found["ref_basis"]]).reshape(n, 2)
    for i, ms in enumerate(out["azure_meters"]):
        for m, r in ms:
            v = qty[rix[i], meters.index(m)]
            if np.isnan(v):
                meter_missing[i] = True
                continue
            ql, qh = qbands.get(qorigin[rix[i], meters.index(m)], (1.0, 1.0))
            meter_cost[i] += r * v
            meter_low[i] += r * v * ref_band[i, 0] * ql
            meter_high[i] += r * v * ref_band[i, 1] * qh
    priced = has_vm | (has_ref & found["ref_priced"].to_numpy())
    monthly = fixed_vm + fixed_ref + np.nan_to_num(storage) + meter_cost
    gbl = np.array([qbands.get(o, (1.0, 1.0)) for o in gb_origin]) if n else np.zeros((0, 2))
    low = fixed_vm * vm_band[:, 0] + fixed_ref * ref_band[:, 0] + np.nan_to_num(storage) * ref_band[:, 0] * gbl[:, 0] + meter_low
    high = fixed_vm * vm_band[:, 1] + fixed_ref * ref_band[:, 1] + np.nan_to_num(storage) * ref_band[:, 1] * gbl[:, 1] + meter_high
    disp = res["disposition"].to_numpy()
    unpriced = ~priced | storage_missing | meter_missing
    included = ~priced & (disp == "included")
    status = np.select([included, unpriced], ["included", "unpriced"], default="priced")
    out["azure_monthly"] = np.where(status == "included", 0.0, np.where(status == "unpriced", np.nan, monthly)).round(2)
    out["azure_low"] = np.where(status == "priced", low, np.where(status == "included", 0.0, np.nan))
    out["azure_high"] = np.where(status == "priced", high, np.where(status == "included", 0.0, np.nan))
    out["azure_cost_status"] = status
    verified = np.where(has_vm, ~found["vm_unverified"].to_numpy(dtype=bool), True) \
        & np.where(has_ref, ~found["ref_unverified"].to_numpy(dtype=bool), True)
    out["azure_verified"] = np.where(status == "priced", verified, status == "included")
    out["azure_quantity_assumed"] = ((rate > 0) & (gb_origin == "default")) | np.array(
        [any(qorigin[rix[i], meters.index(m)] == "default" for m, _ in ms) for i, ms in enumerate(out["azure_meters"])],
        dtype=bool)
    out["azure_unit_monthly"] = np.where(per_node, control, vm_part + control)
    out["azure_node_monthly"] = np.where(per_node, vm_part, 0.0)
    out["azure_storage_rate"] = rate
    return out


# ------------------------------------------------------------------ providers
def part_totals(parts: pd.DataFrame, n_plines: int, meters: list[str], bands: dict) -> dict[str, np.ndarray]:
    """Per profile line: fixed cost (resource-scoped parts), per-GB rate, meter rates, with low/high and flags."""
    z = lambda: np.zeros(n_plines)  # noqa: E731
    t = {"fixed": z(), "fixed_low": z(), "fixed_high": z(), "gb_rate": z(), "gb_low": z(), "gb_high": z(),
         "unpriced": np.zeros(n_plines, dtype=bool), "unverified": np.zeros(n_plines, dtype=bool),
         "meter": np.zeros((n_plines, len(meters))), "meter_low": np.zeros((n_plines, len(meters))),
         "meter_high": np.zeros((n_plines, len(meters)))}
    if parts.empty:
        return t
    pl = parts["pline"].to_numpy(dtype="int64")
    b = np.array([band(bands, x) for x in parts["basis"]])
    per_resource = parts["per"].eq("resource").to_numpy()
    unit = parts["count"].to_numpy() * parts["unit_monthly"].to_numpy()
    fixed = np.where(per_resource, unit, 0.0)
    np.add.at(t["fixed"], pl, fixed)
    np.add.at(t["fixed_low"], pl, fixed * b[:, 0])
    np.add.at(t["fixed_high"], pl, fixed * b[:, 1])
    gbr = np.where(per_resource, parts["gb_rate"].to_numpy() * parts["gb_factor"].to_numpy(), 0.0)
    np.add.at(t["gb_rate"], pl, gbr)
    np.add.at(t["gb_low"], pl, gbr * b[:, 0])
    np.add.at(t["gb_high"], pl, gbr * b[:, 1])
    np.logical_or.at(t["unpriced"], pl, ~parts["priced"].to_numpy(dtype=bool))
    np.logical_or.at(t["unverified"], pl, parts["unverified"].to_numpy(dtype=bool))
    is_meter = parts["meter"].notna().to_numpy()
    for j, m in enumerate(meters):
        sel = is_meter & parts["meter"].eq(m).to_numpy()
        r = parts["meter_rate"].to_numpy()
        np.add.at(t["meter"][:, j], pl[sel], r[sel])
        np.add.at(t["meter_low"][:, j], pl[sel], r[sel] * b[sel, 0])
        np.add.at(t["meter_high"][:, j], pl[sel], r[sel] * b[sel, 1])
    return t


def estate_shares(parts: pd.DataFrame, lines: pd.DataFrame, bands: dict) -> pd.DataFrame:
    """Parts priced once for the estate (a DNS pair, a Vault cluster), per (provider, class): their cost and the
    number of resources sharing it (moving lines on the pattern, not included, not retired)."""
    est = parts[parts["per"].eq("estate")]
    cols = ["provider", "service_class", "estate_eur", "estate_low", "estate_high", "sharing"]
    if est.empty:
        return pd.DataFrame(columns=cols)
    b = np.array([band(bands, x) for x in est["basis"]])
    cost = est["count"].to_numpy() * est["unit_monthly"].to_numpy()
    key = est.merge(lines[["pline", "service_class"]].drop_duplicates("pline"), on="pline", how="left",
                    suffixes=("_part", ""))
    # The estate set is the same for every profile of a class at a provider: one per (provider, class, part role).
    key["cost"], key["low"], key["high"] = cost, cost * b[:, 0], cost * b[:, 1]
    one = key.drop_duplicates(["provider", "service_class", "role"])
    tot = one.groupby(["provider", "service_class"])[["cost", "low", "high"]].sum()
    sharing = lines[lines["route"].eq("pattern") & ~lines["included"].astype(bool)].groupby(
        ["provider", "service_class"]).size()
    out = tot.join(sharing.rename("sharing"), how="left").reset_index()
    out.columns = cols
    return out


def target_costs(lines: pd.DataFrame, parts: pd.DataFrame, res: pd.DataFrame, q: pd.DataFrame,
                 bands: dict, qbands: dict) -> pd.DataFrame:
    """Adds disposition, monthly_eur, cost_status, verified, low_eur, high_eur and quantity_assumed to the lines."""
    n_plines = int(lines["pline"].max()) + 1 if len(lines) else 0
    meters = sorted(set(parts["meter"].dropna())) if not parts.empty else []
    t = part_totals(parts, n_plines, meters, bands)
    pl = lines["pline"].to_numpy(dtype="int64")
    rix = lines["rix"].to_numpy()
    status = lines["status"].to_numpy()
    included = lines["included"].to_numpy(dtype=bool)
    disposition = np.select([status == "retire", np.isin(status, ["gap", "unmapped"]), status == "self-managed"],
                            ["retire", "stays-on-azure", np.where(lines["route"].eq("pattern"), "self-managed", "offer")],
                            default="offer")
    lines["disposition"] = disposition
    gb = lines["storage_gb"].to_numpy(dtype="float64")
    gb_origin = res["storage_origin"].to_numpy()[rix] if "storage_origin" in res else np.full(len(lines), None)
    qb = np.array([qbands.get(o, (1.0, 1.0)) for o in gb_origin]) if len(lines) else np.zeros((0, 2))
    gb_rate = t["gb_rate"][pl]
    gb_missing = (gb_rate > 0) & np.isnan(gb)
    storage = gb_rate * np.nan_to_num(gb)
    storage_low = t["gb_low"][pl] * np.nan_to_num(gb) * qb[:, 0]
    storage_high = t["gb_high"][pl] * np.nan_to_num(gb) * qb[:, 1]
    meter_cost = np.zeros(len(lines))
    meter_low = np.zeros(len(lines))
    meter_high = np.zeros(len(lines))
    meter_missing = np.zeros(len(lines), dtype=bool)
    assumed = (gb_rate > 0) & (gb_origin == "default")
    if meters:
        qty, qorig = wide(q, len(res), meters)
        for j in range(len(meters)):
            r = t["meter"][pl, j]
            uses = r > 0
            if not uses.any():
                continue
            v = qty[rix, j]
            meter_missing |= uses & np.isnan(v)
            bq = np.array([qbands.get(o, (1.0, 1.0)) for o in qorig[rix, j]])
            meter_cost += np.where(uses, r * np.nan_to_num(v), 0.0)
            meter_low += np.where(uses, t["meter_low"][pl, j] * np.nan_to_num(v) * bq[:, 0], 0.0)
            meter_high += np.where(uses, t["meter_high"][pl, j] * np.nan_to_num(v) * bq[:, 1], 0.0)
            assumed |= uses & (qorig[rix, j] == "default")
    share = estate_shares(parts, lines, bands).set_index(["provider", "service_class"])
    est = share.reindex(pd.MultiIndex.from_arrays([lines["provider"], lines["service_class"]]))
    on_pattern = lines["route"].eq("pattern").to_numpy() & ~included
    sharing = est["sharing"].to_numpy(dtype="float64")
    alloc = np.where(on_pattern & (sharing > 0), np.nan_to_num(est["estate_eur"].to_numpy(dtype="float64")) / np.where(sharing > 0, sharing, 1), 0.0)
    alloc_low = np.where(on_pattern & (sharing > 0), np.nan_to_num(est["estate_low"].to_numpy(dtype="float64")) / np.where(sharing > 0, sharing, 1), 0.0)
    alloc_high = np.where(on_pattern & (sharing > 0), np.nan_to_num(est["estate_high"].to_numpy(dtype="float64")) / np.where(sharing > 0, sharing, 1), 0.0)
    total = t["fixed"][pl] + alloc + storage + meter_cost
    low = t["fixed_low"][pl] + alloc_low + storage_low + meter_low
    high = t["fixed_high"][pl] + alloc_high + storage_high + meter_high
    unpriced = t["unpriced"][pl] | gb_missing | meter_missing
    verified = ~t["unverified"][pl]

    # Stays on Azure: the resource keeps its Azure cost (a residual of that provider's scenario).
    az = res["azure_monthly"].to_numpy(dtype="float64")[rix]
    stays = disposition == "stays-on-azure"
    # An included child costs nothing of its own: with its parent at the provider, or on Azure with it, where it
    # keeps its own Azure cost (0 unless Azure bills it apart).
    cost_status = np.select([disposition == "retire", included & ~stays, included & (az == 0), stays & np.isnan(az),
                             stays, unpriced],
                            ["retired", "included", "included", "unpriced", "residual", "unpriced"], default="priced")
    monthly = np.select([np.isin(cost_status, ["retired", "included"]), cost_status == "residual", cost_status == "unpriced"],
                        [0.0, az, np.nan], default=total)
    az_low = res["azure_low"].to_numpy(dtype="float64")[rix]
    az_high = res["azure_high"].to_numpy(dtype="float64")[rix]
    lines["monthly_eur"] = np.round(monthly, 2)
    lines["low_eur"] = np.select([np.isin(cost_status, ["retired", "included"]), cost_status == "residual",
                                  cost_status == "unpriced"], [0.0, az_low, np.nan], default=low)
    lines["high_eur"] = np.select([np.isin(cost_status, ["retired", "included"]), cost_status == "residual",
                                   cost_status == "unpriced"], [0.0, az_high, np.nan], default=high)
    lines["cost_status"] = cost_status
    az_verified = res["azure_verified"].to_numpy(dtype=bool)[rix]
    lines["verified"] = np.select([np.isin(cost_status, ["retired", "included"]), stays], [True, az_verified],
                                  default=verified & (cost_status == "priced"))
    az_assumed = res["azure_quantity_assumed"].to_numpy(dtype=bool)[rix]
    lines["quantity_assumed"] = np.where(stays, az_assumed, assumed & (cost_status == "priced"))
    lines["estate_share_eur"] = np.round(alloc, 2)
    lines["estimate"] = lines["quote_only"].to_numpy(dtype=bool) & (cost_status == "priced")
    return lines
