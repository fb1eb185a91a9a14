"""Price the self-managed pattern of a service class (azure.yaml ``patterns``) with one provider's own offers.

A component is priced with the provider's eligible offers of its class: the smallest flavor with at
least the stated (or the resource's) vCPU, memory and GPUs for compute-like classes, the preferred
offer's per-GB price for storage, the preferred offer's unit price otherwise. When the provider has
no offer of the class, the component's ``fallback`` class is used. A pattern is built only when every
component is priced; a gap entry with ``buildable: false`` stops it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.load import Catalog
from .select import GPU_TIER_RANK, pick_flavors


def pattern_parts(lines: pd.DataFrame, catalog: Catalog, offers: pd.DataFrame, choice: pd.DataFrame,
                  flavors: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Parts of the pattern for every line of ``lines`` (profile x provider rows) whose pattern can be built,
    and the ``pline`` numbers of those lines."""
    from .map import PART_COLUMNS, _part

    comps = catalog.patterns
    if lines.empty or comps.empty:
        return pd.DataFrame(columns=PART_COLUMNS), []
    blocked = set()
    if "buildable" in catalog.gaps:
        g = catalog.gaps[catalog.gaps["buildable"].eq(False)]
        blocked = set(zip(g["provider"], g["service_class"]))
    want = lines[[(p, c) not in blocked for p, c in zip(lines["provider"], lines["service_class"])]]
    work = want[["pline", "provider", "service_class", "vcpu", "memory_gb", "node_count"]].merge(
        comps, left_on="service_class", right_on="pattern_class", suffixes=("_res", ""))
    if work.empty:
        return pd.DataFrame(columns=PART_COLUMNS), []
    work = work.reset_index(drop=True)
    work["key"] = np.arange(len(work))
    work["need_vcpu"] = np.where(work["size"].isin(["resource", "node"]),
                                 np.fmax(work["vcpu_res"].to_numpy(dtype="float64"), work["vcpu"].to_numpy(dtype="float64")),
                                 work["vcpu"])
    work["need_memory_gb"] = np.where(work["size"].isin(["resource", "node"]),
                                      np.fmax(work["memory_gb_res"].to_numpy(dtype="float64"),
                                              work["memory_gb"].to_numpy(dtype="float64")),
                                      work["memory_gb"])
    work["units"] = np.where(work["count_from"].eq("instances"),
                             np.fmax(work["count"].to_numpy(dtype="float64"), work["node_count"].to_numpy(dtype="float64")),
                             work["count"])
    flavor_classes = set(zip(flavors["provider"], flavors["service_class"]))
    offer_classes = set(zip(choice["provider"], choice["service_class"]))
    storage = work["gb_from"].eq("storage").to_numpy()

    def resolved_class(cls_col: str) -> np.ndarray:
        return np.array([c if (p, c) in offer_classes else None for p, c in zip(work["provider"], work[cls_col])],
                        dtype=object)

    primary = resolved_class("service_class")
    fallback = np.array([f if isinstance(f, str) and (p, f) in offer_classes else None
                         for p, f in zip(work["provider"], work["fallback"])], dtype=object)
    cls = np.where(pd.notna(primary), primary, fallback)
    work["priced_class"] = cls
    is_flavor = np.array([isinstance(c, str) and (p, c) in flavor_classes for p, c in zip(work["provider"], cls)])
    # Flavors for compute-like components.
    need_flavor = is_flavor & ~storage
    picked = pd.DataFrame(columns=["key", "provider", "offer_id", "fit"])
    if need_flavor.any():
        sub = work[need_flavor]
        req = pd.DataFrame({"key": sub["key"], "service_class": cls[need_flavor], "need_vcpu": sub["need_vcpu"],
                            "need_memory_gb": sub["need_memory_gb"], "need_gpu_count": sub["gpu_count"],
                            "need_gpu_memory_gb": sub["gpu_min_memory_gb"],
                            "need_gpu_tier_rank": sub["gpu_tier"].map(GPU_TIER_RANK).astype("float64"),
                            "need_gpu_generation": np.nan, "need_hardware": [()] * len(sub)})
        picked = pick_flavors(req, flavors)
    got = picked.set_index(["key", "provider"]).reindex(pd.MultiIndex.from_arrays([work["key"], work["provider"]]))
    work["offer_id"] = np.where(need_flavor, got["offer_id"].to_numpy(), None)
    work["fit"] = np.where(need_flavor, got["fit"].to_numpy(), None)
    # Other components: the class's preferred offer.
    pref = choice.set_index(["provider", "service_class"])
    other = ~need_flavor & pd.notna(cls)
    idx = pd.MultiIndex.from_arrays([work["provider"].to_numpy()[other], cls[other]])
    work.loc[other, "offer_id"] = pref.reindex(idx)["offer_id"].to_numpy()
    detail = offers.set_index(["provider", "offer_id"])
    work["ok"] = work["offer_id"].notna()
    # A storage component needs a per-GB price.
    if storage.any():
        gb = detail.reindex(pd.MultiIndex.from_arrays([work["provider"], work["offer_id"]]))["gb_month"].to_numpy()
        work.loc[storage, "ok"] = work.loc[storage, "ok"].to_numpy() & (np.nan_to_num(gb[storage]) > 0)
    complete = work.groupby("pline")["ok"].all()
    built = sorted(int(p) for p in complete[complete].index)
    rows: list[dict] = []
    for w in work[work["pline"].isin(built)].itertuples(index=False):
        o = detail.loc[(w.provider, w.offer_id)]
        role = w.role if w.priced_class == w.service_class else f"{w.role} (on {w.priced_class})"
        if w.gb_from == "storage":
            rows.append(_part(w.pline, len(rows), "storage", role, w.priced_class, w.offer_id, o["offer_name"], 0.0, 0.0,
                              gb_rate=float(o["gb_month"]), gb_factor=float(w.gb_factor), per=w.per, basis=o["basis"],
                              unverified=o["unverified"], quote_only=o["quote_only"],
                              sources=[c for c in o["components"] if c["unit"] == "gb_month"]))
            continue
        unit = float(o["hour"] * 730 + o["month"])
        timed = [c for c in o["components"] if c["unit"] in ("hour", "month")]
        rows.append(_part(w.pline, len(rows), "pattern", role, w.priced_class, w.offer_id, o["offer_name"],
                          float(w.units), unit, per=w.per, basis=o["basis"], unverified=o["unverified"],
                          quote_only=o["quote_only"], fit=w.fit, priced=bool(o["components"]),
                          sources=timed))
    return pd.DataFrame(rows, columns=PART_COLUMNS), built
