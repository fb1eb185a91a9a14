"""Map every resource onto every selected provider: status, offer, sizing rule, reason.

Everything is a join over tables: resources x providers (N x P rows) meet the preferred
offer of their class, the flavor chosen for their size profile, and, for node pools and
self-managed patterns, the compute flavor they run on. Texts (rule, reason) are built once
per distinct combination and joined back, so a million resources cost a few table passes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.load import Catalog
from ..profiles import factorize_rows
from .select import class_choice, eligible_offers, pick_flavors

STATUSES = ("equivalent", "partial", "self-managed", "gap", "retire", "unmapped")

_RES_COLS = ["rix", "service_class", "disposition", "type_reason", "sizing", "vcpu", "memory_gb", "node_count", "storage_gb"]


def classify(inv: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Join the Azure taxonomy: service class, data-bearing, proprietary, disposition, sizing rule."""
    res = inv.drop(columns=[c for c in ("properties", "tags") if c in inv])  # the plan reads neither
    res["rix"] = np.arange(len(res))
    tax = catalog.types[["service_class", "data_bearing", "proprietary", "disposition", "reason"]].rename(
        columns={"reason": "type_reason"})
    res = res.join(tax, on="type")
    unmapped = res["service_class"].isna()
    res.loc[unmapped, "disposition"] = "unmapped"
    res["data_bearing"] = res["data_bearing"].fillna(False).astype(bool)
    res["proprietary"] = res["proprietary"].fillna(False).astype(bool)
    classes = catalog.service_classes[["title", "sizing", "default_gap_severity", "replacement", "family"]].rename(
        columns={"title": "class_title"})
    res = res.join(classes, on="service_class")
    res["node_count_assumed"] = res["node_count"].isna()
    res["node_count"] = res["node_count"].fillna(1.0).clip(lower=0)
    parents = pd.Series([p.lower() for p in res["parent_id"] if isinstance(p, str)], dtype="object").value_counts()
    res["dependants"] = res["id"].str.lower().map(parents).fillna(0).astype("int64")
    return res


def _fmt(x: float) -> str:
    return f"{x:g}"


# Profile-level columns that every (resource, provider) line carries: what costing, effort and the
# plan document read. The mapping's other working columns stay at profile level.
EXPANDED = ["provider", "service_class", "sizing", "disposition", "status", "included", "offer_id", "offer_name",
            "rule", "reason", "unit_monthly", "priced", "quote_only", "unverified", "aux_offer_id", "aux_offer_name",
            "aux_unit_monthly", "aux_count", "aux_quote_only", "storage_offer_id", "storage_rate", "node_count",
            "gap_severity", "gap_replacement"]
_PROFILE_COLS = ["service_class", "disposition", "type_reason", "sizing", "vcpu", "memory_gb", "node_count"]


def map_inventory(res: pd.DataFrame, catalog: Catalog, providers: list[str], requirements: list[str]) -> pd.DataFrame:
    """One row per (resource, provider), ordered by resource then provider, with the chosen offer
    and everything needed to cost it.

    The choice depends only on a resource's profile (class, disposition, size, node count), so
    distinct profiles are mapped and the result is taken back for every resource.
    """
    codes, prof = factorize_rows(res, _PROFILE_COLS)
    prof["rix"] = np.arange(len(prof))
    prof["storage_gb"] = np.nan
    plines = _map_profiles(prof, catalog, providers, requirements)
    n_prov = len(providers)
    take = (codes[:, None] * n_prov + np.arange(n_prov)[None, :]).ravel()
    lines = plines[EXPANDED].take(take).reset_index(drop=True)
    lines["rix"] = np.repeat(np.arange(len(res)), n_prov)
    lines["storage_gb"] = np.repeat(res["storage_gb"].to_numpy(), n_prov)
    return lines


def _map_profiles(profiles: pd.DataFrame, catalog: Catalog, providers: list[str], requirements: list[str]) -> pd.DataFrame:
    """The mapping of each profile (row of ``profiles``; ``rix`` is its code) at each provider, ordered by
    profile then provider."""
    offers = eligible_offers(catalog.offers, providers, requirements)
    choice = class_choice(offers)
    base = profiles[_RES_COLS].merge(pd.DataFrame({"provider": sorted(providers)}), how="cross")

    # 1. Preferred offer of the class (flat, storage, usage classes; and the fallback).
    lines = base.merge(choice[["provider", "service_class", "offer_id"]], on=["provider", "service_class"], how="left")
    lines["fit"] = None

    # 2. Flavor-sized classes: the flavor fitting each distinct size profile.
    flavors = offers[offers["is_flavor"]]
    sized = lines["sizing"].isin(["compute", "database"])
    prof = profiles.loc[profiles["sizing"].isin(["compute", "database"]), ["service_class", "vcpu", "memory_gb"]]
    if not prof.empty:
        prof = prof.drop_duplicates().rename(columns={"vcpu": "need_vcpu", "memory_gb": "need_memory_gb"}).reset_index(drop=True)
        prof["key"] = np.arange(len(prof))
        picked = pick_flavors(prof, flavors).rename(columns={"offer_id": "flavor_id", "fit": "flavor_fit"})
        keyed = lines.loc[sized, ["service_class", "vcpu", "memory_gb"]].merge(
            prof.rename(columns={"need_vcpu": "vcpu", "need_memory_gb": "memory_gb"}),
            on=["service_class", "vcpu", "memory_gb"], how="left")
        lines.loc[sized, "size_key"] = keyed["key"].to_numpy()
        lines = lines.merge(picked.rename(columns={"key": "size_key"}), on=["size_key", "provider"], how="left")
        has_flavor = lines["flavor_id"].notna()
        lines.loc[has_flavor, "offer_id"] = lines.loc[has_flavor, "flavor_id"]
        lines.loc[has_flavor, "fit"] = lines.loc[has_flavor, "flavor_fit"]
        lines = lines.drop(columns=["size_key", "flavor_id", "flavor_fit"])

    # 3. Offer details.
    detail = offers[["provider", "offer_id", "offer_name", "mapping", "offer_reason", "offer_vcpu", "offer_memory_gb",
                     "unit_monthly", "gb_month", "priced", "quote_only", "estimate_rule", "unverified", "runs_on_class",
                     "runs_on_vcpu", "runs_on_memory_gb", "runs_on_count", "nodes_from", "storage_from", "qualifications"]]
    lines = lines.merge(detail, on=["provider", "offer_id"], how="left")

    # 4. Compute that node pools and self-managed patterns run on.
    aux_class = lines["nodes_from"].where(lines["sizing"].eq("nodes"), lines["runs_on_class"])
    needs_aux = aux_class.notna()
    lines["aux_class"] = aux_class
    lines["aux_vcpu"] = np.where(lines["sizing"].eq("nodes"), lines["vcpu"],
                                 np.fmax(lines["vcpu"].to_numpy(), lines["runs_on_vcpu"].to_numpy()))
    lines["aux_memory_gb"] = np.where(lines["sizing"].eq("nodes"), lines["memory_gb"],
                                      np.fmax(lines["memory_gb"].to_numpy(), lines["runs_on_memory_gb"].to_numpy()))
    lines["aux_count"] = np.where(lines["sizing"].eq("nodes"), lines["node_count"], lines["runs_on_count"])
    lines["aux_offer_id"] = None
    lines["aux_fit"] = None
    if needs_aux.any():
        aux_req = lines.loc[needs_aux, ["aux_class", "aux_vcpu", "aux_memory_gb"]].drop_duplicates().reset_index(drop=True)
        aux_req.columns = ["service_class", "need_vcpu", "need_memory_gb"]
        aux_req["key"] = np.arange(len(aux_req))
        aux_pick = pick_flavors(aux_req, flavors)
        keyed = lines.loc[needs_aux, ["aux_class", "aux_vcpu", "aux_memory_gb", "provider"]].merge(
            aux_req.rename(columns={"service_class": "aux_class", "need_vcpu": "aux_vcpu", "need_memory_gb": "aux_memory_gb"}),
            on=["aux_class", "aux_vcpu", "aux_memory_gb"], how="left").merge(aux_pick, on=["key", "provider"], how="left")
        lines.loc[needs_aux, "aux_offer_id"] = keyed["offer_id"].to_numpy()
        lines.loc[needs_aux, "aux_fit"] = keyed["fit"].to_numpy()
    aux_detail = offers[["provider", "offer_id", "offer_name", "offer_vcpu", "offer_memory_gb", "unit_monthly", "quote_only",
                         "unverified"]].rename(columns={"offer_id": "aux_offer_id", "offer_name": "aux_offer_name",
                                                        "offer_vcpu": "aux_offer_vcpu", "offer_memory_gb": "aux_offer_memory_gb",
                                                        "unit_monthly": "aux_unit_monthly", "quote_only": "aux_quote_only",
                                                        "unverified": "aux_unverified"})
    lines = lines.merge(aux_detail, on=["provider", "aux_offer_id"], how="left")

    # 5. Storage priced with the offer's own per-GB price, else its storage class (block storage by default).
    storage_class = lines["storage_from"].where(lines["storage_from"].notna(),
                                                pd.Series(np.where(lines["sizing"].eq("database") | lines["mapping"].eq("self-managed"),
                                                                   "compute.disk", None), index=lines.index))
    disk = choice[["provider", "service_class", "offer_id", "gb_month"]].rename(
        columns={"service_class": "storage_class", "offer_id": "storage_offer_id", "gb_month": "storage_class_rate"})
    lines["storage_class"] = storage_class
    lines = lines.merge(disk, on=["provider", "storage_class"], how="left")
    own_rate = lines["gb_month"].fillna(0) > 0
    lines["storage_rate"] = np.where(own_rate, lines["gb_month"], lines["storage_class_rate"].fillna(0))
    lines["storage_offer_id"] = lines["storage_offer_id"].where(~own_rate, lines["offer_id"])
    lines.loc[lines["storage_rate"] == 0, "storage_offer_id"] = None

    # 6. Status.
    disp = lines["disposition"]
    no_offer = lines["offer_id"].isna()
    aux_missing = needs_aux & lines["aux_offer_id"].isna()
    status = np.select(
        [disp.eq("unmapped"), disp.eq("retire"), disp.eq("included"), no_offer | aux_missing,
         lines["fit"].eq("undersized") & lines["mapping"].eq("equivalent")],
        ["unmapped", "retire", "equivalent", "gap", "partial"], default=lines["mapping"].fillna("gap").to_numpy())
    lines["status"] = status
    lines["included"] = disp.eq("included").to_numpy()
    clear = lines["status"].isin(["unmapped", "retire", "gap"]) | lines["included"]
    for col in ("offer_id", "offer_name", "aux_offer_id", "aux_offer_name", "storage_offer_id"):
        lines.loc[clear, col] = None

    lines = _texts(lines, catalog, requirements)
    lines = lines.sort_values(["rix", "provider"], kind="stable").reset_index(drop=True)
    return lines


def _texts(lines: pd.DataFrame, catalog: Catalog, requirements: list[str]) -> pd.DataFrame:
    """Rule, reason and gap facts, built once per distinct combination and taken back by code."""
    keys = ["provider", "service_class", "status", "offer_id", "fit", "aux_offer_id", "aux_fit", "included", "disposition",
            "type_reason",
            "vcpu", "memory_gb", "aux_vcpu", "aux_memory_gb", "aux_count"]
    codes, _ = factorize_rows(lines, keys)
    _, first = np.unique(codes, return_index=True)
    combos = lines.iloc[first].reset_index(drop=True)
    gaps = catalog.gaps.drop_duplicates(["provider", "service_class"])
    combos = combos.merge(gaps, on=["provider", "service_class"], how="left")  # left join on unique keys keeps order
    req = " and ".join(requirements)
    described = [_describe(c, req, c.type_reason if isinstance(c.type_reason, str) else None)
                 for c in combos.itertuples(index=False)]
    lines = lines.copy()
    lines["rule"] = np.array([d[0] for d in described], dtype=object)[codes]
    lines["reason"] = np.array([d[1] for d in described], dtype=object)[codes]
    lines["gap_severity"] = combos["gap_severity"].to_numpy()[codes]
    lines["gap_replacement"] = combos["gap_replacement"].to_numpy()[codes]
    return lines


def _size(vcpu: float, mem: float) -> str:
    parts = []
    if vcpu == vcpu:
        parts.append(f"{_fmt(vcpu)} vCPU")
    if mem == mem:
        parts.append(f"{_fmt(mem)} GB")
    return " / ".join(parts) or "size unknown"


def _describe(c, req: str, type_reason: str | None) -> tuple[str, str]:
    if c.status == "unmapped":
        return ("none", "ARM type not in the Azure taxonomy (provider_catalogs/azure.yaml): not planned, listed for review")
    if c.status == "retire":
        return ("retire", type_reason or "Azure-specific resource that is not moved")
    if c.included:
        return ("included", type_reason or "carried by its parent resource at the target")
    if c.status == "gap":
        if isinstance(c.offer_id, str) and not isinstance(c.aux_offer_id, str):
            return ("none", f"no {c.aux_class} flavor{' with ' + req if req else ''} to run it on")
        if isinstance(c.gap_reason, str):
            return ("none", c.gap_reason)
        if req:
            return ("none", f"no offer with {req} for this service class")
        return ("none", "no offer for this service class in the catalogue")
    if c.fit == "fits":
        rule = f"smallest flavor with >= {_size(c.vcpu, c.memory_gb)}: {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)})"
    elif c.fit == "undersized":
        rule = (f"largest flavor {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)}) is below the required "
                f"{_size(c.vcpu, c.memory_gb)}")
    elif c.fit == "assumed":
        rule = f"size unknown: default flavor {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)}) assumed"
    else:
        rule = f"{c.mapping} offer of the class: {c.offer_name}"
    if isinstance(c.aux_offer_id, str):
        what = "nodes" if c.sizing == "nodes" else "runs on"
        sized = {"fits": f"smallest with >= {_size(c.aux_vcpu, c.aux_memory_gb)}",
                 "undersized": f"largest, below {_size(c.aux_vcpu, c.aux_memory_gb)}",
                 "assumed": "size unknown, default"}.get(c.aux_fit, "")
        rule += f"; {what}: {_fmt(c.aux_count)} x {c.aux_offer_name} ({sized})"
    reason = c.offer_reason if isinstance(c.offer_reason, str) and c.offer_reason else {
        "equivalent": "managed equivalent", "partial": "comparable offer with differences",
        "self-managed": "no managed offer: run it yourself"}.get(c.status, "")
    if c.fit == "undersized":
        reason = "no flavor large enough; " + reason
    return rule, reason
