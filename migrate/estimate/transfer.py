"""Data to move out of Azure: volume, online transfer time, offline advice and internet egress cost.

Sizes are the inventory's ``storage_gb``; time uses the shared units (migrate/units.py: a GB is
10^9 bytes, a megabit 10^6 bits). Egress is priced per GB on the catalogue's tiers, applied to the whole
volume as one billing month (Azure's tiers reset monthly: a transfer spread over months pays a
little more).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import MigrateError
from ..units import BITS_PER_MEGABIT, BYTES_PER_GB, SECONDS_PER_DAY



def tiered_cost(gb: float, tiers: list[dict]) -> tuple[float, list[dict]]:
    """Cost of ``gb`` on cumulative tiers [{up_to_gb (None = no limit), amount EUR/GB}], with each tier's share."""
    total, lower, parts = 0.0, 0.0, []
    for t in tiers:
        upper = math.inf if t.get("up_to_gb") is None else float(t["up_to_gb"])
        portion = max(0.0, min(gb, upper) - lower)
        cost = portion * float(t["amount"])
        parts.append({"from_gb": lower, "up_to_gb": t.get("up_to_gb"), "eur_per_gb": float(t["amount"]),
                      "gb": round(portion, 3), "eur": round(cost, 2)})
        total += cost
        lower = upper
        if gb <= upper:
            break
    return round(total, 2), parts


def data_volume(res: pd.DataFrame, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Data-bearing resources that move (disposition migrate; ``rows``: only these resource rows) with the size the
    estate is costed with; ``assumed`` when that size is a stated default, ``unknown`` when nothing gives one."""
    keep = res["data_bearing"].astype(bool).to_numpy() & (res["disposition"] == "migrate").to_numpy()
    if rows is not None:
        mask = np.zeros(len(res), dtype=bool)
        mask[rows] = True
        keep &= mask
    moving = res[keep]
    gb = moving["storage_gb"].to_numpy(dtype="float64")
    origin = moving["storage_origin"].to_numpy() if "storage_origin" in moving else np.full(len(moving), None)
    unknown = np.isnan(gb) | (gb < 0)
    return pd.DataFrame({"id": moving["id"].to_numpy(), "type": moving["type"].to_numpy(),
                         "gb": np.where(unknown, 0.0, gb), "unknown": unknown, "assumed": origin == "default"})


def transfer_days(gb: float, mbps: float, efficiency: float) -> float:
    return gb * BYTES_PER_GB * 8 / (mbps * BITS_PER_MEGABIT * efficiency) / SECONDS_PER_DAY


def _applied_regime(egress_cfg: dict) -> str:
    done = egress_cfg.get("switch_completed_on")
    if done and str(done) >= str(egress_cfg["data_act_free_from"]):
        return "data-act"
    return "waiver" if egress_cfg.get("waiver") else "charged"


def transfer_estimate(res: pd.DataFrame, egress_price: dict | None, cfg: dict, drill: dict | None = None,
                      drill_file: str | None = None) -> dict:
    """The top-level ``transfer`` block of plan.json (cfg is config section ``tco``).

    The Data Act date is compared with the configured completion date, never with today, so a plan
    is reproducible.
    """
    t, e = cfg["transfer"], cfg["egress"]
    vol = data_volume(res)
    data_gb = float(vol["gb"].sum())
    waivable_gb = float(vol.loc[vol["type"].isin(e["waiver_types"]), "gb"].sum())
    if drill is not None:
        mbps, efficiency, source = float(drill["throughput"]["megabits_per_second"]), 1.0, "drill"
    else:
        mbps, efficiency, source = float(t["bandwidth_mbps"]), float(t["efficiency"]), "config"
    days = transfer_days(data_gb, mbps, efficiency)
    if egress_price is not None:
        tiers = egress_price.get("tiers") or [{"up_to_gb": None, "amount": egress_price["amount"]}]
        eur, parts = tiered_cost(data_gb, tiers)
        eur_waived, _ = tiered_cost(data_gb - waivable_gb, tiers)
        price_src = {"source": egress_price.get("source"), "as_of": egress_price.get("as_of"),
                     "unverified": bool(egress_price.get("unverified", False))}
    else:
        eur, eur_waived, parts = 0.0, 0.0, []
        price_src = {"source": None, "as_of": None, "unverified": True,
                     "note": "no egress price in the Azure catalogue: counted as 0"}
    regime = _applied_regime(e)
    applied = {"charged": eur, "waiver": eur_waived, "data-act": 0.0}[regime]
    window = float(t["data_act_window_days"])
    usable_gb = float(t["data_box"]["usable_tb"]) * 1024
    out = {
        "data_gb": round(data_gb, 3),
        "data_bearing_resources": int(len(vol)),
        "unknown_size_resources": int(vol["unknown"].sum()),
        "assumed_size_resources": int(vol["assumed"].sum()),
        "assumed_gb": round(float(vol.loc[vol["assumed"], "gb"].sum()), 3),
        "lower_bound": bool(vol["unknown"].any()),
        "bandwidth_mbps": mbps,
        "efficiency": efficiency,
        "days": round(days, 2),
        "formula": f"{data_gb:g} GB x 10^9 bytes x 8 bits / ({mbps:g} Mbit/s x 10^6 x {efficiency:g}) / 86400 s "
                   f"= {days:.2f} days",
        "offline_recommended": bool(days > float(t["offline_threshold_days"])),
        "threshold_days": float(t["offline_threshold_days"]),
        "data_box": {"devices": int(math.ceil(data_gb / usable_gb)) if data_gb > 0 else 0,
                     "usable_tb_per_device": float(t["data_box"]["usable_tb"]), "source": t["data_box"]["source"],
                     "as_of": t["data_box"]["as_of"], "unverified": bool(t["data_box"].get("unverified", False))},
        "data_act": {"window_days": window, "online_within_window": bool(days <= window),
                     "switching_charges_free_from": str(e["data_act_free_from"]),
                     "switch_completed_on": str(e["switch_completed_on"]) if e.get("switch_completed_on") else None,
                     "source": e["data_act_source"]},
        "egress": {"eur": eur, "eur_with_waiver": eur_waived, "applied": regime, "applied_eur": applied,
                   "waivable_gb": round(waivable_gb, 3), "waiver_types": sorted(e["waiver_types"]),
                   "waiver_window_days": float(e["waiver_window_days"]),
                   "online_within_waiver_window": bool(days <= float(e["waiver_window_days"])),
                   "waiver_source": e["waiver_source"], "tiers": parts, **price_src},
        "throughput_source": source,
    }
    if drill is not None:
        out["drill"] = {"file": drill_file, "result": drill["result"], "started_at": drill.get("started_at"),
                        "megabits_per_second": mbps, "measured_bytes": drill["throughput"].get("measured_bytes"),
                        "measured_seconds": drill["throughput"].get("measured_seconds"),
                        "target_provider": (drill.get("target") or {}).get("provider")}
    return out


# ------------------------------------------------------------------ drill evidence (format: migrate/drill/evidence.schema.json)
DRILL_FORMAT = "migrate-drill-evidence"


def check_drill_evidence(file: str, doc) -> dict:
    """The drill evidence document if it is one this version reads, else MigrateError naming the key."""
    fix = "pass the JSON written by `migrate drill` (format migrate-drill-evidence, schema_version 1)"
    if not isinstance(doc, dict) or doc.get("format") != DRILL_FORMAT:
        raise MigrateError(file, f"not a drill evidence file (format is not {DRILL_FORMAT!r})", place="format", fix=fix)
    if doc.get("schema_version") != 1:
        raise MigrateError(file, f"unsupported schema_version {doc.get('schema_version')!r}", place="schema_version",
                           fix=fix)
    tp = doc.get("throughput")
    if not isinstance(tp, dict):
        raise MigrateError(file, "no throughput object", place="throughput", fix=fix)
    for key in ("megabits_per_second", "measured_bytes", "measured_seconds"):
        v = tp.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise MigrateError(file, f"expected a positive number, got {v!r}", place=f"throughput.{key}",
                               fix="re-run the drill: it measured no transfer")
    if doc.get("result") not in ("passed", "failed"):
        raise MigrateError(file, f"expected 'passed' or 'failed', got {doc.get('result')!r}", place="result", fix=fix)
    return doc

