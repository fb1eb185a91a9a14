"""Choosing offers: which offers a requirement allows, the preferred offer of a class, and
the flavor that fits a size. All functions work on whole tables (joins, sorts), never per resource."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import sovereignty

HOURS_PER_MONTH = 730
_MAPPING_RANK = {"equivalent": 0, "partial": 1, "self-managed": 2}


def eligible_offers(offers: pd.DataFrame, providers: list[str], requirements: list[str]) -> pd.DataFrame:
    """Offers of the selected providers that carry every required qualification, at providers that reach every
    required SEAL level (`seal-3`, `sov-2>=3`: catalog/sovereignty.py). A provider below a SEAL requirement, or
    with no levels catalogued, has no eligible offer."""
    out = offers[offers["provider"].isin(providers)].copy()
    quals, seals = sovereignty.split(requirements)
    if quals:
        need = set(quals)
        out = out[out["qualifications"].map(lambda q: need.issubset(q))]
    if seals:
        levels = out["seal_levels"] if "seal_levels" in out else pd.Series(None, index=out.index, dtype=object)
        out = out[levels.map(lambda lv: sovereignty.meets(lv if isinstance(lv, dict) else None, seals))]
    out["unit_monthly"] = out["hour"] * HOURS_PER_MONTH + out["month"]
    out["mapping_rank"] = out["mapping"].map(_MAPPING_RANK)
    out["is_flavor"] = out["offer_vcpu"].notna() & out["offer_memory_gb"].notna()
    return out


def class_choice(offers: pd.DataFrame) -> pd.DataFrame:
    """The preferred offer per (provider, service class): closest mapping, then the default, then cheapest."""
    ranked = offers.assign(_nd=~offers["is_default"], _unpriced=~offers["priced"]).sort_values(
        ["provider", "service_class", "mapping_rank", "_nd", "_unpriced", "unit_monthly", "offer_id"], kind="stable")
    return ranked.drop_duplicates(["provider", "service_class"]).drop(columns=["_nd", "_unpriced"])


def pick_flavors(req: pd.DataFrame, flavors: pd.DataFrame) -> pd.DataFrame:
    """For each requirement row (key, service_class, need_vcpu, need_memory_gb) and provider, the flavor chosen.

    Rule: the cheapest flavor with >= vCPU and >= memory; if none is big enough, the largest
    (``fit = "undersized"``); if the size is unknown, the class default (else the cheapest) flavor
    (``fit = "assumed"``). Returns key, provider, offer_id, fit.
    """
    cols = ["key", "provider", "offer_id", "fit"]
    if req.empty or flavors.empty:
        return pd.DataFrame(columns=cols)
    cand = req.merge(flavors[["provider", "service_class", "offer_id", "offer_vcpu", "offer_memory_gb",
                              "unit_monthly", "is_default"]], on="service_class")
    if cand.empty:
        return pd.DataFrame(columns=cols)
    known = cand["need_vcpu"].notna() | cand["need_memory_gb"].notna()
    fits = (cand["offer_vcpu"] >= cand["need_vcpu"].fillna(0)) & (cand["offer_memory_gb"] >= cand["need_memory_gb"].fillna(0))
    cand["_group"] = np.select([~known, fits], [0, 1], default=2)
    # group 0 (size unknown): default first, then cheapest; 1: cheapest fitting; 2: largest.
    cand["_order1"] = np.where(cand["_group"] == 0, (~cand["is_default"]).astype(float),
                               np.where(cand["_group"] == 1, cand["unit_monthly"], -cand["offer_vcpu"]))
    cand["_order2"] = np.where(cand["_group"] == 2, -cand["offer_memory_gb"], cand["unit_monthly"])
    cand = cand.sort_values(["key", "provider", "_group", "_order1", "_order2", "offer_vcpu", "offer_memory_gb", "offer_id"],
                            kind="stable")
    # Within a (key, provider), the unknown group only exists alone (size known or not is per key).
    best = cand[cand["_group"] != 2].drop_duplicates(["key", "provider"])
    rest = cand[~cand.set_index(["key", "provider"]).index.isin(best.set_index(["key", "provider"]).index)]
    rest = rest.drop_duplicates(["key", "provider"])
    out = pd.concat([best, rest], ignore_index=True)
    out["fit"] = out["_group"].map({0: "assumed", 1: "fits", 2: "undersized"})
    return out[cols]
