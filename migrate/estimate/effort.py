"""Effort in person-days per resource and provider, from the effort model (data, not code)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import MigrateError

_LEVELS = ("low", "likely", "high")


def check_model(file: str, model: dict) -> None:
    """Every effort term is a [low, likely, high] triple in increasing order."""
    def triple(value: Any, place: str) -> None:
        ok = isinstance(value, list) and len(value) == 3 and all(isinstance(x, (int, float)) for x in value)
        if not ok or not value[0] <= value[1] <= value[2]:
            raise MigrateError(file, f"expected [low, likely, high] numbers with low <= likely <= high, got {value!r}",
                               place=place, fix="give three numbers in increasing order")
    for status, t in model["base"].items():
        triple(t, f"effort.base.{status}")
    for key in ("per_data_tb", "per_extra_instance", "per_dependant"):
        triple(model[key], f"effort.{key}")


def _lookup(table: dict, keys: np.ndarray, default: float) -> np.ndarray:
    """Values of ``table`` for each key (hash lookup), ``default`` where absent."""
    index = pd.Index(list(table), dtype=object)
    values = np.append(np.array(list(table.values()), dtype="float64"), default)
    pos = index.get_indexer(pd.Index(keys, dtype=object))
    return values[np.where(pos < 0, len(table), pos)]


def effort(lines: pd.DataFrame, res: pd.DataFrame, model: dict) -> pd.DataFrame:
    """Adds effort_low / effort_likely / effort_high (person-days) to mapping lines."""
    m = model["effort"]
    key = np.where(lines["included"].to_numpy(dtype=bool), "included", lines["status"].to_numpy())
    base = pd.DataFrame(m["base"], index=list(_LEVELS)).T
    missing = set(np.unique(key)) - set(base.index)
    if missing:
        raise MigrateError("effort model", f"no base effort for status {sorted(missing)}", place="effort.base",
                           fix="add a [low, likely, high] triple for it in --config")
    b = base.to_numpy()[base.index.get_indexer(key)]
    rix = lines["rix"].to_numpy()

    def per_line(col: str) -> np.ndarray:
        return res[col].to_numpy()[rix]

    family = per_line("family")
    fam_factor = _lookup(m["class_factor"].get("family", {}), family, 1.0)
    cls_factor = _lookup(m["class_factor"].get("class", {}), lines["service_class"].to_numpy(), np.nan)
    factor = np.where(np.isnan(cls_factor), fam_factor, cls_factor)
    proprietary = per_line("proprietary").astype(bool) & \
        np.isin(lines["status"].to_numpy(), ["partial", "self-managed", "gap"])
    factor = factor * np.where(proprietary, float(m["proprietary_factor"]), 1.0)
    # What stays on Azure in this scenario (gap, unmapped) moves no data and carries no per-instance work.
    moving = ~np.isin(key, ["retire", "included", "unmapped", "gap"])
    data_bearing = per_line("data_bearing").astype(bool)
    # The size the estate is costed with (estimate/quantities.py: inventory, usage file, export or the
    # stated default, flagged); a resource no source sizes adds no data term.
    gb = np.nan_to_num(lines["storage_gb"].to_numpy(dtype="float64"))
    data_tb = np.where(data_bearing & moving, gb / 1024.0, 0.0)
    extra = np.where(moving, np.maximum(lines["node_count"].to_numpy() - 1, 0), 0.0)
    deps = np.where(moving, per_line("dependants"), 0)
    for i, level in enumerate(_LEVELS):
        value = b[:, i] * factor + data_tb * m["per_data_tb"][i] + extra * m["per_extra_instance"][i] \
            + deps * m["per_dependant"][i]
        lines[f"effort_{level}"] = np.round(value, 3)
    lines["effort_factor"] = factor
    lines["data_tb"] = data_tb
    return lines
