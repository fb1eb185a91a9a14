"""Migration waves: an order of the move that never puts a resource before what it depends on.

1. **Groups.** Resources that must move together are merged: each dependency cycle (strongly
   connected component), each resource with its children (``parent`` edges), and each resource
   with the ones that reference it when it belongs to a coupled family (by default ``databases``:
   a database and the apps that use it). Merging can close a cycle between groups, so the
   merged graph is condensed again until it has none.
2. **Levels.** The group graph is a DAG; a group's level is 0 without dependencies, else one more
   than the highest level it depends on (longest path). Sorting groups by (level, first resource
   id) is a topological order.
3. **Packing.** Waves are consecutive runs of that order, so every dependency lands in the same
   or an earlier wave. The weight of a group is its likely effort (the largest over the planned
   providers, so a wave fits at every one). ``--waves N`` cuts the order into N runs of about
   equal weight (a group goes to the run holding the middle of its weight); ``--max-wave-days D``
   closes a wave before it exceeds D working days of the team (D x team size person-days). A group
   heavier than that is a wave of its own. Empty runs are dropped, so fewer waves can result.

Retired resources (``disposition: retire``) do not move and get no wave; edges touching them are
ignored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .graph import internal, strong_components, weak_components


def coupled_groups(n: int, edges: pd.DataFrame, moving: np.ndarray, family: np.ndarray, couple_kinds: list[str],
                   couple_families: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group label of each of ``n`` rows (0..G-1, in order of first row) and the moving internal edges."""
    e = internal(edges)
    src, dst = e["src"].to_numpy(), e["dst"].to_numpy()
    keep = moving[src] & moving[dst]
    e = e[keep].reset_index(drop=True)
    src, dst = src[keep], dst[keep]
    scc = strong_components(n, src, dst)
    couple = (scc[src] == scc[dst]) | e["kind"].isin(couple_kinds).to_numpy() | np.isin(family[dst], couple_families)
    group = weak_components(n, src[couple], dst[couple])
    while True:  # merging may close cycles between groups: condense until the group graph is a DAG
        gs, gd = group[src], group[dst]
        cross = gs != gd
        merged = strong_components(int(group.max()) + 1 if n else 0, gs[cross], gd[cross])
        if _distinct(merged) == _distinct(group):
            break
        group = merged[group]
    # Relabel by first row so labels (and ties in the order) follow the sorted inventory
    # (factorize numbers values in order of first appearance).
    return pd.factorize(group)[0].astype(np.int64), e


def _distinct(labels: np.ndarray) -> int:
    """Number of distinct labels among non-negative integers (a count, not a sort: millions of rows)."""
    return int(np.count_nonzero(np.bincount(labels))) if len(labels) else 0


def levels(n_groups: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Longest-path level of each group of a DAG given group edges src -> dst (src depends on dst)."""
    level = np.zeros(n_groups, dtype=np.int64)
    for _ in range(n_groups + 1):  # a DAG settles in at most depth + 1 rounds
        new = level.copy()
        np.maximum.at(new, src, level[dst] + 1)
        if np.array_equal(new, level):
            return level
        level = new
    raise AssertionError("group graph has a cycle")  # coupled_groups condenses them all


def assign_waves(group: np.ndarray, edges: pd.DataFrame, moving: np.ndarray, weight: np.ndarray, *,
                 n_waves: int | None = None, max_weight: float | None = None) -> np.ndarray:
    """Wave number (1-based) of each row, 0 for rows that do not move."""
    n_groups = int(group.max()) + 1 if len(group) else 0
    gs, gd = group[edges["src"].to_numpy()], group[edges["dst"].to_numpy()]
    cross = gs != gd
    lvl = levels(n_groups, gs[cross], gd[cross])
    moving_groups = np.zeros(n_groups, dtype=bool)
    moving_groups[group[moving]] = True
    gweight = np.bincount(group[moving], weights=weight[moving], minlength=n_groups)
    order = np.lexsort((np.arange(n_groups), lvl))
    order = order[moving_groups[order]]
    w = gweight[order]
    gwave = np.zeros(n_groups, dtype=np.int64)
    if len(order) == 0:
        return np.zeros(len(group), dtype=np.int64)
    if n_waves is not None:
        if w.sum() <= 0:  # no effort anywhere: balance by group count
            w = np.ones(len(order))
        target = w.sum() / n_waves
        middle = np.cumsum(w) - w / 2.0
        run = np.minimum(np.floor(middle / target).astype(np.int64), n_waves - 1)
    else:
        run = np.zeros(len(order), dtype=np.int64)
        current, total = 0, 0.0
        for i, x in enumerate(w):  # once per group; a greedy cut needs the running total
            if total > 0 and total + x > max_weight:
                current, total = current + 1, 0.0
            run[i], total = current, total + x
    # Drop empty runs: consecutive wave numbers from 1.
    dense = pd.factorize(run, sort=True)[0]
    gwave[order] = dense + 1
    wave = gwave[group]
    return np.where(moving, wave, 0)


def wave_items(wave: np.ndarray, group: np.ndarray, ids: np.ndarray, data_bearing: np.ndarray,
               storage_gb: np.ndarray, effort: dict[str, np.ndarray]) -> list[dict]:
    """What each wave carries: resources, groups, data to transfer and effort per provider.

    Resources are listed in row order: the importers sort inventories by id, so lists are sorted.

    ``effort`` maps a provider to a (rows, 3) array of low/likely/high person-days.
    """
    items = []
    ids = np.asarray(ids, dtype=object)
    as_text = (lambda v: v) if pd.api.types.infer_dtype(ids, skipna=False) == "string" else \
        (lambda v: [str(i) for i in v])
    for k in range(1, int(wave.max(initial=0)) + 1):
        rows = np.flatnonzero(wave == k)
        data_rows = rows[data_bearing[rows]]
        gb = storage_gb[data_rows]
        items.append({
            "number": k,
            "resources": as_text(ids[rows].tolist()),
            "groups": _distinct(group[rows]),
            "data_gb": round(float(np.nansum(gb)), 2),
            "unknown_size": int(np.isnan(gb).sum()),
            "data_bearing": [{"id": i, "data_gb": None if g != g else round(g, 2)}
                             for i, g in zip(as_text(ids[data_rows].tolist()), gb.tolist())],
            "effort_days": {p: dict(zip(("low", "likely", "high"), (round(float(x), 2) for x in e[rows].sum(axis=0))))
                            for p, e in sorted(effort.items())},
        })
    return items
