"""EU Cloud Sovereignty Framework: requirements on SEAL levels (`seal-3`, `sov-2>=3`), and what a provider's
catalogued levels give (pure functions; the levels come from provider_catalogs/sovereignty.yaml).

Grammar of a sovereignty requirement (case-insensitive, spaces ignored):
  seal-N        every objective SOV-1 ... SOV-8 at SEAL N or above (N from 0 to 4)
  sov-K>=N      objective SOV-K (K from 1 to 8) at SEAL N or above
Any other requirement is a qualification id (secnumcloud, hds, c5, ...).
"""

from __future__ import annotations

import re

from ..errors import MigrateError

OBJECTIVES = tuple(f"SOV-{i}" for i in range(1, 9))
_SEAL = re.compile(r"^seal-([0-4])$")
_SOV = re.compile(r"^sov-([1-8])>=([0-4])$")


def parse(requirement: str) -> tuple[tuple[str, ...], int] | None:
    """(objectives, minimum level) of a sovereignty requirement, or None when it is a qualification id."""
    text = re.sub(r"\s+", "", str(requirement)).lower()
    m = _SEAL.match(text)
    if m:
        return OBJECTIVES, int(m.group(1))
    m = _SOV.match(text)
    if m:
        return (f"SOV-{m.group(1)}",), int(m.group(2))
    if text.startswith(("seal", "sov")):
        raise MigrateError(None, f"{requirement!r} is not a sovereignty requirement", place="--require",
                           fix="write seal-N (every objective at SEAL N or above, N 0-4) or sov-K>=N (objective "
                               "SOV-K, K 1-8)")
    return None


def split(requirements) -> tuple[list[str], list[tuple[tuple[str, ...], int]]]:
    """Qualification ids, and parsed sovereignty requirements."""
    quals, sov = [], []
    for r in requirements or []:
        parsed = parse(r)
        if parsed is None:
            quals.append(r)
        else:
            sov.append(parsed)
    return quals, sov


def shortfalls(levels: dict | None, requirements) -> list[str]:
    """Objectives below what ``requirements`` ask (a missing level never meets a requirement)."""
    out = []
    for objectives, minimum in requirements:
        for o in objectives:
            level = (levels or {}).get(o)
            if level is None or level < minimum:
                out.append(f"{o} {'unknown' if level is None else f'SEAL-{level}'} < SEAL-{minimum}")
    return out


def meets(levels: dict | None, requirements) -> bool:
    return not shortfalls(levels, requirements)


def overall(levels: dict | None) -> int | None:
    """The framework's overall SEAL: the lowest level over the objectives (unknown if any is unknown)."""
    values = [(levels or {}).get(o) for o in OBJECTIVES]
    return None if any(v is None for v in values) else min(values)


def weighted_score(levels: dict | None, weights: dict) -> float | None:
    """Sum over objectives of weight x level / 4, in % (unknown if any level is unknown). This is a reading of
    the per-objective SEAL levels, not the framework's Sovereignty Score, which sums the answers to its criteria."""
    values = {o: (levels or {}).get(o) for o in OBJECTIVES}
    if any(v is None for v in values.values()):
        return None
    return round(sum(float(weights[o]) * values[o] / 4 for o in OBJECTIVES), 1)


def provider_summary(catalog_sovereignty: dict | None, pid: str) -> dict | None:
    """What plan.json shows of a provider's sovereignty: each objective's level with its provenance, the overall
    SEAL and the weighted reading (None when the catalogue has no levels for the provider)."""
    if not catalog_sovereignty or pid not in catalog_sovereignty["providers"]:
        return None
    fw, entry = catalog_sovereignty["framework"], catalog_sovereignty["providers"][pid]
    levels = {o: entry[o]["level"] for o in OBJECTIVES if o in entry}
    return {
        "framework": f"{fw['title']} {fw['version']}",
        "objectives": {o: {k: entry[o].get(k) for k in ("level", "source", "as_of", "basis", "rule", "verified")}
                       for o in OBJECTIVES if o in entry},
        "overall_seal": overall(levels),
        "weighted_score_pct": weighted_score(levels, catalog_sovereignty["weights"]),
        "score_rule": fw["score_rule"],
    }


def rows(catalog_sovereignty: dict | None, providers) -> list[dict]:
    """One row per provider for `migrate catalog sovereignty`: level per objective, overall, score, provenance."""
    out = []
    for pid in sorted(providers):
        summary = provider_summary(catalog_sovereignty, pid)
        if summary is None:
            out.append({"provider": pid, **{o: None for o in OBJECTIVES}, "overall_seal": None,
                        "weighted_score_pct": None, "basis": None, "sources": []})
            continue
        objs = summary["objectives"]
        out.append({"provider": pid, **{o: (objs.get(o) or {}).get("level") for o in OBJECTIVES},
                    "overall_seal": summary["overall_seal"], "weighted_score_pct": summary["weighted_score_pct"],
                    "basis": sorted({v["basis"] for v in objs.values()}),
                    "sources": sorted({v["source"] for v in objs.values()})})
    return out
