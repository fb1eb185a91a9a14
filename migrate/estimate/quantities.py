"""The quantities usage-priced services are costed with: the same on Azure and at every provider.

One table per estate, long format: (rix, meter, value, origin). ``gb_month`` is the resource's stored
data (its size), the other meters are listed in azure.yaml ``meters``. Origin, first found wins:
``export`` (the cost export's billed quantity), ``usage-file`` (--usage, by resource id then by ARM
type), ``inventory`` (sizes read from the export: disk size, share quota, used capacity; and the always-running
floor of serverless containers: vCPU and memory per replica x minimum replicas x 730 h), ``default``
(config section ``usage``; an assumption, flagged). Sizes are used capacity, never a maximum size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MigrateError
from ..mapping.select import HOURS_PER_MONTH
from ..validation import number

ORIGINS = ("export", "usage-file", "inventory", "default")
COLUMNS = ["rix", "meter", "value", "origin"]
# ARM types billed per vCPU-second and GiB-second of their replicas, whose minimum replicas run all month: the
# inventory gives a floor of vcpu_hour and gb_hour (vCPU or memory per replica x minimum replicas x 730 h).
ALWAYS_ON_TYPES = frozenset({"microsoft.app/containerapps"})


def check_usage(file: str, section: dict) -> None:
    """Config section ``usage``: defaults are {service class: {meter: number >= 0}}."""
    defaults = section.get("defaults")
    if not isinstance(defaults, dict):
        raise MigrateError(file, "expected a mapping of service class -> {meter: quantity}", place="usage.defaults",
                           fix="see examples/config.yaml")
    for cls, meters in defaults.items():
        if meters is None:
            continue  # null: no default for this class (its quantities stay unknown unless measured)
        if not isinstance(meters, dict):
            raise MigrateError(file, "expected {meter: quantity}", place=f"usage.defaults.{cls}",
                               fix="give e.g. {gb_month: 500}")
        for meter, value in meters.items():
            number(file, value, f"usage.defaults.{cls}.{meter}")


def check_usage_file(file: str, doc, meters: set[str]) -> dict:
    """A --usage file: {resource id or ARM type: {meter: quantity >= 0}}; keys lower-cased."""
    if not isinstance(doc, dict):
        raise MigrateError(file, "expected a mapping of resource id or ARM type -> {meter: quantity}",
                           place="(top level)", fix="write e.g. microsoft.storage/storageaccounts: {gb_month: 2000}")
    out = {}
    for key, values in doc.items():
        if not isinstance(values, dict):
            raise MigrateError(file, "expected {meter: quantity}", place=str(key), fix="give e.g. {gb_month: 500}")
        for meter, value in values.items():
            if meter not in meters:
                raise MigrateError(file, f"unknown meter {meter!r}", place=f"{key}.{meter}",
                                   fix=f"use one of: {', '.join(sorted(meters))}")
            number(file, value, f"{key}.{meter}")
        out[str(key).lower()] = {m: float(v) for m, v in values.items()}
    return out


def estate_quantities(res: pd.DataFrame, defaults: dict, usage: dict | None = None,
                      exported: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every (resource, meter) quantity the estate is costed with, and where it came from.

    ``res`` needs rix, id, type, service_class, storage_gb (the inventory's size, NaN unknown);
    ``defaults`` is config usage.defaults; ``usage`` a checked usage file; ``exported`` the export's
    quantities as (rix, meter, value).
    """
    frames = []
    if exported is not None and not exported.empty:
        frames.append(exported[["rix", "meter", "value"]].assign(origin="export"))
    if usage:
        ids = res["id"].astype(str).str.lower().to_numpy()
        types = res["type"].to_numpy()
        rows = []
        for rix, rid, rtype in zip(res["rix"].to_numpy(), ids, types):
            given = usage.get(rid) or usage.get(rtype)
            if given:
                rows.extend((rix, m, v) for m, v in given.items())
        if rows:
            frames.append(pd.DataFrame(rows, columns=["rix", "meter", "value"]).assign(origin="usage-file"))
    size = res["storage_gb"].to_numpy(dtype="float64")
    known = ~np.isnan(size) & (size >= 0)
    frames.append(pd.DataFrame({"rix": res["rix"].to_numpy()[known], "meter": "gb_month", "value": size[known],
                                "origin": "inventory"}))
    frames.append(_always_on(res))
    table = pd.DataFrame([(cls, m, float(v)) for cls, ms in (defaults or {}).items() for m, v in (ms or {}).items()
                          if v is not None], columns=["service_class", "meter", "value"])
    if not table.empty:
        d = res[["rix", "service_class"]].merge(table, on="service_class")
        frames.append(d[["rix", "meter", "value"]].assign(origin="default"))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    out["order"] = out["origin"].map({o: i for i, o in enumerate(ORIGINS)})
    out = out.sort_values(["rix", "meter", "order"], kind="stable").drop_duplicates(["rix", "meter"])
    return out[COLUMNS].reset_index(drop=True)


def _always_on(res: pd.DataFrame) -> pd.DataFrame:
    """vcpu_hour and gb_hour of the minimum replicas of ALWAYS_ON_TYPES, where the inventory states them."""
    if not {"vcpu", "memory_gb", "node_count"} <= set(res.columns):
        return pd.DataFrame(columns=COLUMNS)
    on = res["type"].isin(ALWAYS_ON_TYPES).to_numpy().copy()
    if "node_count_assumed" in res:  # no minimum replica count read: nothing is known to run all month
        on &= ~res["node_count_assumed"].to_numpy(dtype=bool)
    replicas = res["node_count"].to_numpy(dtype="float64")
    rows = []
    for meter, col in (("vcpu_hour", "vcpu"), ("gb_hour", "memory_gb")):
        per_replica = res[col].to_numpy(dtype="float64")
        ok = on & ~np.isnan(per_replica) & ~np.isnan(replicas) & (replicas > 0)
        rows.append(pd.DataFrame({"rix": res["rix"].to_numpy()[ok], "meter": meter,
                                  "value": per_replica[ok] * replicas[ok] * HOURS_PER_MONTH, "origin": "inventory"}))
    return pd.concat(rows, ignore_index=True)


def storage_of(q: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per resource row: stored GB (NaN where no source gives one) and its origin (None where unknown)."""
    gb = np.full(n, np.nan)
    origin = np.full(n, None, dtype=object)
    s = q[q["meter"] == "gb_month"]
    gb[s["rix"].to_numpy()] = s["value"].to_numpy(dtype="float64")
    origin[s["rix"].to_numpy()] = s["origin"].to_numpy()
    return gb, origin


def wide(q: pd.DataFrame, n: int, meters: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(n x len(meters)) quantities (NaN: none) and origins, for the meters of a priced part."""
    values = np.full((n, len(meters)), np.nan)
    origins = np.full((n, len(meters)), None, dtype=object)
    col = {m: i for i, m in enumerate(meters)}
    sub = q[q["meter"].isin(col)]
    if not sub.empty:
        j = sub["meter"].map(col).to_numpy()
        values[sub["rix"].to_numpy(), j] = sub["value"].to_numpy(dtype="float64")
        origins[sub["rix"].to_numpy(), j] = sub["origin"].to_numpy()
    return values, origins
