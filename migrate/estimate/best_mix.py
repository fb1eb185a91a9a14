"""The cheapest assignment of service classes to providers under the requirements, with a penalty per extra provider."""


from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from .tco import eur

METHOD = ("exhaustive: for every subset S of the providers with 1..max_providers members, each service class goes "
          "to the provider of S where its TCO (run + licences over the horizon + labour) is lowest; a class that is a "
          "gap at a provider (under --require, unqualified offers are gaps) cannot go there, and a subset that leaves "
          "a placeable class without a home is skipped. cost(S) = sum of class TCOs + shared one-off costs (egress, "
          "dual running, forfeited commitments: the same whichever target) + training x providers used + penalty x "
          "(providers used - 1). The cheapest subset wins; ties go to fewer providers, then alphabetical order. "
          "Classes that are gaps at every provider are left out and listed as unplaced.")


def best_mix(classes: pd.DataFrame, providers: list[str], *, shared_cents: int, training_cents: int,
             penalty_cents: int, max_providers: int, requirements: list[str], years: int) -> dict:
    """``classes``: one row per (service_class, provider) with tco_cents, feasible and resources."""
    pids = sorted(providers)
    names = sorted(classes["service_class"].unique())
    cost = np.full((len(names), len(pids)), np.inf)
    resources = dict(zip(classes["service_class"], classes["resources"]))
    ci = {c: i for i, c in enumerate(names)}
    pi = {p: j for j, p in enumerate(pids)}
    for row in classes.itertuples(index=False):
        if row.feasible and row.provider in pi:
            cost[ci[row.service_class], pi[row.provider]] = float(row.tco_cents)
    placeable = np.isfinite(cost).any(axis=1)
    unplaced = [{"service_class": names[i], "resources": int(resources[names[i]])}
                for i in np.flatnonzero(~placeable)]
    m = cost[placeable]
    placed_names = [n for n, ok in zip(names, placeable) if ok]

    def total(used: tuple[int, ...], class_cents: float) -> int:
        return int(class_cents) + shared_cents + training_cents * len(used) + penalty_cents * (len(used) - 1)

    best, single = None, None
    for k in range(1, min(max_providers, len(pids)) + 1):
        for subset in combinations(range(len(pids)), k):
            sub = m[:, subset]
            if not np.isfinite(sub).any(axis=1).all():
                continue
            pick = np.array(subset)[np.argmin(sub, axis=1)] if len(placed_names) else np.array([], dtype=int)
            used = tuple(sorted(set(pick.tolist()))) or subset
            key = (total(used, sub.min(axis=1).sum()), len(used), [pids[j] for j in used])
            if best is None or key < best[0]:
                best = (key, pick, used)
            if k == 1 and (single is None or key < single[0]):
                single = (key, subset[0])
    doc = {"requirements": list(requirements), "years": years,
           "penalty_per_extra_provider_eur": eur(penalty_cents), "training_per_provider_eur": eur(training_cents),
           "shared_eur": eur(shared_cents), "max_providers": max_providers, "method": METHOD,
           "unplaced": unplaced}
    if best is None:
        return {**doc, "assignment": [], "providers": [], "tco_eur": None, "single_best": None,
                "note": f"no combination of up to {max_providers} providers can host every placeable class"}
    (cents_total, _, _), pick, used = best
    assignment = [{"service_class": c, "provider": pids[j], "tco_eur": eur(int(m[i, j])),
                   "resources": int(resources[c])} for i, (c, j) in enumerate(zip(placed_names, pick.tolist()))]
    single_doc = None
    if single is not None:
        (s_cents, _, _), j = single
        single_doc = {"provider": pids[j], "tco_eur": eur(s_cents), "saving_of_mix_eur": eur(s_cents - cents_total)}
    return {**doc, "assignment": assignment, "providers": [pids[j] for j in used], "tco_eur": eur(cents_total),
            "single_best": single_doc}
