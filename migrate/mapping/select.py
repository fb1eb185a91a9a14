"""Choosing offers: which offers a requirement allows, the preferred offer of a class, and
the flavor that fits a size (and its GPUs). All functions work on whole tables (joins, sorts),
never per resource."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import sovereignty

HOURS_PER_MONTH = 730
_MAPPING_RANK = {"equivalent": 0, "partial": 1, "self-managed": 2}
# A GPU requirement of a tier is met by that tier or a higher one (see azure.yaml gpu_models).
GPU_TIER_RANK = {"visualisation": 0, "inference": 1, "training": 2}


def eligible_offers(offers: pd.DataFrame, providers: list[str], requirements: list[str],
                    gpu_models: pd.DataFrame | None = None) -> pd.DataFrame:
    """Offers of the selected providers that are sold (not withdrawn), carry every required qualification in one
    of their regions, at providers that reach every required SEAL level (`seal-3`, `sov-2>=3`:
    catalog/sovereignty.py), with the figures the mapping joins on. A provider below a SEAL requirement, or with
    no levels catalogued, has no eligible offer."""
    out = offers[offers["provider"].isin(providers) & offers["withdrawn"].isna()].copy()
    quals, seals = sovereignty.split(requirements)
    if quals:
        need = set(quals)
        # astype(bool): an empty object mask would select columns, not rows
        out = out[out["qualifications"].map(lambda q: need.issubset(q)).astype(bool)]
    if seals:
        levels = out["seal_levels"] if "seal_levels" in out else pd.Series(None, index=out.index, dtype=object)
        out = out[levels.map(lambda lv: sovereignty.meets(lv if isinstance(lv, dict) else None, seals)).astype(bool)]
    out["unit_monthly"] = out["hour"] * HOURS_PER_MONTH + out["month"]
    out["mapping_rank"] = out["mapping"].map(_MAPPING_RANK)
    out["is_flavor"] = out["offer_vcpu"].notna() & out["offer_memory_gb"].notna()
    models = gpu_models if gpu_models is not None else pd.DataFrame(columns=["tier", "generation"])
    out["gpu_tier_rank"] = out["gpu_model"].map(models["tier"].map(GPU_TIER_RANK)).astype("float64")
    out["gpu_generation"] = out["gpu_model"].map(models["generation"]).astype("float64")
    return out


def class_choice(offers: pd.DataFrame) -> pd.DataFrame:
    """The preferred offer per (provider, service class): closest mapping, then the default, then priced, then cheapest."""
    ranked = offers.assign(_nd=~offers["is_default"], _unpriced=~offers["priced"]).sort_values(
        ["provider", "service_class", "mapping_rank", "_nd", "_unpriced", "unit_monthly", "offer_id"], kind="stable")
    return ranked.drop_duplicates(["provider", "service_class"]).drop(columns=["_nd", "_unpriced"])


REQUEST_COLUMNS = ["key", "service_class", "need_vcpu", "need_memory_gb", "need_gpu_count", "need_gpu_memory_gb",
                   "need_gpu_tier_rank", "need_gpu_generation", "need_hardware"]


def pick_flavors(req: pd.DataFrame, flavors: pd.DataFrame) -> pd.DataFrame:
    """For each requirement row and provider, the flavor chosen.

    ``req`` has ``key``, ``service_class``, ``need_vcpu``, ``need_memory_gb`` and optionally the GPU
    and hardware needs of REQUEST_COLUMNS. Rule: among flavors with the needed GPUs (none when no GPU is
    needed) and hardware, the cheapest priced one with >= vCPU and >= memory (an unpriced flavor only when no
    priced one fits); if none is big enough, the largest
    (``fit = "undersized"``); if the size is unknown, the class default (else the cheapest) flavor
    (``fit = "assumed"``). A requirement no flavor can meet (GPU, hardware) gets no row.
    Returns key, provider, offer_id, fit.
    """
    cols = ["key", "provider", "offer_id", "fit"]
    if req.empty or flavors.empty:
        return pd.DataFrame(columns=cols)
    req = req.copy()
    for col in REQUEST_COLUMNS[4:8]:
        if col not in req:
            req[col] = np.nan
    if "need_hardware" not in req:
        req["need_hardware"] = [()] * len(req)
    cand = req.merge(flavors[["provider", "service_class", "offer_id", "offer_vcpu", "offer_memory_gb",
                              "unit_monthly", "is_default", "priced", "gpu_count", "gpu_memory_gb", "gpu_tier_rank",
                              "gpu_generation", "hardware"]], on="service_class")
    if cand.empty:
        return pd.DataFrame(columns=cols)
    wants_gpu = cand["need_gpu_count"].fillna(0) > 0
    has_gpu = cand["gpu_count"].fillna(0) > 0
    gpu_ok = np.where(wants_gpu,
                      has_gpu & (cand["gpu_count"].fillna(0) >= cand["need_gpu_count"].fillna(0))
                      & (cand["gpu_memory_gb"].fillna(0) >= cand["need_gpu_memory_gb"].fillna(0))
                      & (cand["gpu_tier_rank"].fillna(-1) >= cand["need_gpu_tier_rank"].fillna(-1))
                      & (cand["gpu_generation"].fillna(0) >= cand["need_gpu_generation"].fillna(0)),
                      ~has_gpu)
    # Special hardware must be asked for: a plain VM never lands on an HPC or confidential flavor either.
    hw_ok = [set(n or ()) == set(h or ()) or (bool(n) and set(n).issubset(h or ()))
             for n, h in zip(cand["need_hardware"], cand["hardware"])]
    cand = cand[gpu_ok & np.array(hw_ok, dtype=bool)]
    if cand.empty:
        return pd.DataFrame(columns=cols)
    known = cand["need_vcpu"].notna() | cand["need_memory_gb"].notna()
    fits = (cand["offer_vcpu"] >= cand["need_vcpu"].fillna(0)) & (cand["offer_memory_gb"] >= cand["need_memory_gb"].fillna(0))
    cand["_group"] = np.select([~known, fits], [0, 1], default=2)
    # group 0 (size unknown): default first, then cheapest; 1: cheapest fitting; 2: largest.
    cand["_order1"] = np.where(cand["_group"] == 0, (~cand["is_default"]).astype(float),
                               np.where(cand["_group"] == 1, cand["unit_monthly"], -cand["offer_vcpu"]))
    cand["_order2"] = np.where(cand["_group"] == 2, -cand["offer_memory_gb"], cand["unit_monthly"])
    # A flavor without a price is never "the cheapest": priced flavors come first within each group.
    cand["_unpriced"] = ~cand["priced"].astype(bool)
    cand = cand.sort_values(["key", "provider", "_group", "_unpriced", "_order1", "_order2", "offer_vcpu",
                             "offer_memory_gb", "offer_id"], kind="stable")
    # Within a (key, provider), the unknown group only exists alone (size known or not is per key).
    best = cand[cand["_group"] != 2].drop_duplicates(["key", "provider"])
    rest = cand[~cand.set_index(["key", "provider"]).index.isin(best.set_index(["key", "provider"]).index)]
    rest = rest.drop_duplicates(["key", "provider"])
    out = pd.concat([best, rest], ignore_index=True)
    out["fit"] = out["_group"].map({0: "assumed", 1: "fits", 2: "undersized"})
    return out[cols]
