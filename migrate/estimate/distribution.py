"""Programme effort as a distribution: per-line low/likely/high triples summed into P50 and P90.

Each (resource, provider) line's effort is a PERT-beta variable on [low, high] with mode likely:
``alpha = 1 + lambda (likely - low) / (high - low)``, ``beta = 1 + lambda (high - likely) / (high - low)``
(lambda = 4 is classic PERT). Lines are taken as independent and summed:

- ``monte-carlo``: ``samples`` draws of every line from a numpy Generator seeded with ``seed``;
  lines are drawn in the order of their sorted triples, so the result depends only on the seed
  and the multiset of triples, not on row order;
- ``normal-approximation``: when ``lines x samples`` exceeds ``max_draws`` (hundreds of thousands
  of lines), the sum of that many independent terms is normal to well within the precision of the
  inputs (central limit theorem), so P50 = sum of means and P90 = mean + 1.2816 sd, exactly.

Independence narrows the spread: errors shared by many lines (a team's learning curve, a wrong
factor in the model) are not in it. Read P90 as "if each estimate errs on its own".
"""

from __future__ import annotations

import numpy as np

Z90 = 1.2815515655446004  # standard normal 90th percentile


def _pert(low: np.ndarray, likely: np.ndarray, high: np.ndarray, lam: float):
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    a = 1.0 + lam * (likely - low) / safe
    b = 1.0 + lam * (high - likely) / safe
    mean = low + width * a / (a + b)
    var = width ** 2 * a * b / ((a + b) ** 2 * (a + b + 1.0))
    return a, b, mean, np.where(width > 0, var, 0.0)


def effort_distribution(low, likely, high, *, seed: int, samples: int, max_draws: int, lam: float = 4.0) -> dict:
    """P50, P90 and mean of the summed effort of lines given as low/likely/high arrays (person-days)."""
    low, likely, high = (np.asarray(x, dtype="float64") for x in (low, likely, high))
    varying = high > low
    if int(varying.sum()) * samples > max_draws:
        # Straight on the arrays: grouping a million triples would cost more than the sums.
        _, _, mean, var = _pert(low, likely, high, lam)
        mean_total = float(mean.sum())
        p50, p90 = mean_total, mean_total + Z90 * float(np.sqrt(var.sum()))
        method, distinct = "normal-approximation", None
    else:
        triples, counts = (np.unique(np.stack([low, likely, high], axis=1), axis=0, return_counts=True)
                           if len(low) else (np.zeros((0, 3)), np.zeros(0, dtype=np.int64)))
        lo, hi = triples[:, 0], triples[:, 2]
        a, b, _, _ = _pert(lo, triples[:, 1], hi, lam)
        rng = np.random.default_rng(seed)
        # One draw per varying line and sample, lines in sorted-triple order (row order does not matter).
        vary = hi > lo
        reps = counts[vary]
        a_l, b_l = np.repeat(a[vary], reps), np.repeat(b[vary], reps)
        width = np.repeat((hi - lo)[vary], reps)
        totals = float((lo * counts).sum()) + rng.beta(a_l, b_l, size=(samples, len(a_l))) @ width
        p50, p90 = np.percentile(totals, [50, 90])
        mean_total = float(totals.mean())
        method, distinct = "monte-carlo", int(len(counts))
    return {"method": method, "seed": int(seed), "samples": int(samples) if method == "monte-carlo" else None,
            "pert_lambda": float(lam), "lines": int(len(low)), "distinct_triples": distinct,
            "p50_days": round(float(p50), 2), "p90_days": round(float(p90), 2), "mean_days": round(mean_total, 2)}


def duration_months(days: float, team_size: float, days_per_month: float) -> float:
    """Calendar months for ``days`` person-days with ``team_size`` people each giving ``days_per_month``."""
    return round(days / (team_size * days_per_month), 1)


def check_programme(file: str, prog: dict) -> None:
    """The programme section: positive team and month, sane sampling, lists of waves couplings."""
    from ..validation import number
    from ..errors import MigrateError

    number(file, prog.get("team_size"), "programme.team_size", minimum=1)
    number(file, prog.get("days_per_month"), "programme.days_per_month", minimum=1)
    d = prog.get("distribution")
    if not isinstance(d, dict):
        raise MigrateError(file, "expected a mapping", place="programme.distribution", fix="see examples/config.yaml")
    for key, minimum in (("seed", 0), ("samples", 100), ("max_draws", 0), ("pert_lambda", 0)):
        number(file, d.get(key), f"programme.distribution.{key}", minimum=minimum)
    if not float(d["seed"]).is_integer() or not float(d["samples"]).is_integer():
        raise MigrateError(file, "seed and samples must be whole numbers", place="programme.distribution",
                           fix="give integers")
    w = prog.get("waves")
    for key in ("couple_kinds", "couple_families"):
        value = w.get(key) if isinstance(w, dict) else None
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise MigrateError(file, f"expected a list of names, got {value!r}", place=f"programme.waves.{key}",
                               fix="give a YAML list, e.g. [parent]")
