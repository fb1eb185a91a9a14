"""Totals that say what they cover: a sum of monthly figures with its lower-bound flag, verified share and range.

Every headline figure of a plan (Azure today, each provider's scenario, each disposition) is one of these,
computed here once and read by every output.
"""

from __future__ import annotations

import numpy as np


def _r2(x: float) -> float:
    return float(round(float(x) + 0.0, 2))


def total(monthly: np.ndarray, low: np.ndarray, high: np.ndarray, verified: np.ndarray) -> dict:
    """Sum of the figures that exist; ``lower_bound`` when any is missing (unpriced), never counted as 0.

    ``verified_eur`` is the part of the sum whose every price was read at a primary source (or is the
    Azure bill); ``range_eur`` sums each line's low and high.
    """
    monthly = np.asarray(monthly, dtype="float64")
    known = ~np.isnan(monthly)
    s = float(monthly[known].sum())
    ver = float(monthly[known & np.asarray(verified, dtype=bool)].sum())
    return {"monthly_eur": _r2(s), "lower_bound": bool((~known).any()), "unpriced_resources": int((~known).sum()),
            "resources": int(len(monthly)), "verified_eur": _r2(ver),
            "verified_share": round(ver / s, 4) if s > 0 else None,
            "range_eur": {"low": _r2(np.nansum(np.asarray(low, dtype="float64")[known])),
                          "high": _r2(np.nansum(np.asarray(high, dtype="float64")[known]))}}


def add_shared(t: dict, eur: float) -> dict:
    """A total plus charges that belong to no resource (support, commitments... from the cost export), verified."""
    out = dict(t)
    out["monthly_eur"] = _r2(t["monthly_eur"] + eur)
    out["verified_eur"] = _r2(t["verified_eur"] + eur)
    out["verified_share"] = round(out["verified_eur"] / out["monthly_eur"], 4) if out["monthly_eur"] > 0 else None
    out["range_eur"] = {"low": _r2(t["range_eur"]["low"] + eur), "high": _r2(t["range_eur"]["high"] + eur)}
    return out


def fmt_total(t: dict, unit: str = "") -> str:
    """'>= 12,345.67' for a lower bound, else '12,345.67'."""
    return f"{'>= ' if t.get('lower_bound') else ''}{t['monthly_eur']:,.2f}{unit}"
