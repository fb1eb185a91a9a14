"""The cheapest assignment of service classes to providers under the requirements, with a penalty per extra provider."""


from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from .tco import cents, eur

METHOD = ("exhaustive: for every subset S of the providers with 1..max_providers members, each service class goes "
          "to the provider of S where its TCO (run + licences over the horizon + labour) is lowest, among the "
          "providers where every resource of the class has a priced disposition (nothing of it stays on Azure, "
          "nothing unpriced); a class no provider of S can take stays on Azure at its Azure cost over the horizon. "
          "a subset that leaves a class some provider could take without a home is skipped (the mix is an exit). "
          "cost(S) = sum of class costs + training x providers used + penalty x (providers used - 1). The cheapest "
          "subset wins; ties go to fewer providers, then alphabetical order. Egress, dual running and forfeited "
          "commitments depend on what moves, not on where: they are those of the single provider that moves the "
          "most, shown apart. Classes no provider can take are listed as unplaced.")


def best_mix(classes: pd.DataFrame, providers: list[str], *, residual: dict, tcos: dict, training_cents: int,
             penalty_cents: int, max_providers: int, requirements: list[str], years: int, azure_total_cents: int,
             azure_lower_bound: bool) -> dict:
    """``classes``: one row per (service_class, provider) with tco_cents, feasible and resources; ``residual``:
    class -> (Azure EUR/month, lower bound); ``tcos``: the providers' own TCO documents."""
    pids = sorted(providers)
    months = 12 * years
    names = sorted(classes["service_class"].unique())
    cost = np.full((len(names), len(pids)), np.inf)
    resources = dict(zip(classes["service_class"], classes["resources"]))
    ci = {c: i for i, c in enumerate(names)}
    pi = {p: j for j, p in enumerate(pids)}
    for row in classes.itertuples(index=False):
        if row.feasible and row.provider in pi:
            cost[ci[row.service_class], pi[row.provider]] = float(row.tco_cents)
    stay = np.array([cents(residual.get(n, (0.0, False))[0]) * months for n in names], dtype=float)
    stay_lb = np.array([residual.get(n, (0.0, False))[1] for n in names], dtype=bool)
    placeable = np.isfinite(cost).any(axis=1)
    unplaced = [{"service_class": names[i], "resources": int(resources[names[i]]),
                 "azure_monthly_eur": eur(cents(residual.get(names[i], (0.0, False))[0])),
                 "lower_bound": bool(stay_lb[i])} for i in np.flatnonzero(~placeable)]
    # The move's one-off costs that do not depend on where things go: those of the provider moving the most.
    mover = max(pids, key=lambda p: (tcos[p]["inputs"]["data_gb"], -tcos[p]["inputs"]["residual_resources"], p)) if pids else None
    one = tcos[mover]["one_off"] if mover else {}
    shared = sum(cents(one.get(k, 0.0)) for k in ("egress_eur", "dual_running_eur", "forfeited_commitments_eur"))

    def total(subset: tuple[int, ...]) -> tuple[int, np.ndarray, tuple[int, ...], float] | None:
        sub = cost[:, subset]
        if not np.isfinite(sub[placeable]).any(axis=1).all():
            return None  # a class some provider could take would stay on Azure: not an exit to compare
        best = sub.min(axis=1)
        here = np.isfinite(best)
        pick = np.where(here, np.array(subset)[np.argmin(np.where(np.isfinite(sub), sub, np.inf), axis=1)], -1)
        used = tuple(sorted(set(pick[here].tolist()))) or subset[:1]
        class_cents = float(np.where(here, best, stay).sum())
        return (int(class_cents) + shared + training_cents * len(used) + penalty_cents * (len(used) - 1),
                pick, used, class_cents)

    best = None
    for k in range(1, min(max_providers, len(pids)) + 1):
        for subset in combinations(range(len(pids)), k):
            found = total(subset)
            if found is None:
                continue
            t, pick, used, _ = found
            key = (t, len(used), [pids[j] for j in used])
            if best is None or key < best[0]:
                best = (key, pick, used)
    # The single best provider is the cheapest whose own scenario places every class a provider can take.
    whole = [p for j, p in enumerate(pids) if np.isfinite(cost[placeable, j]).all()]
    single = min(whole, key=lambda p: (tcos[p]["total_eur"], p)) if whole else None
    doc = {"requirements": list(requirements), "years": years,
           "penalty_per_extra_provider_eur": eur(penalty_cents), "training_per_provider_eur": eur(training_cents),
           "shared_eur": eur(shared), "shared_from": mover, "max_providers": max_providers, "method": METHOD,
           "unplaced": unplaced, "azure_total_eur": eur(azure_total_cents), "azure_lower_bound": azure_lower_bound}
    single_doc = None if single is None else {"provider": single, "tco_eur": tcos[single]["total_eur"],
                                              "lower_bound": tcos[single]["lower_bound"]}
    if best is None:
        return {**doc, "assignment": [], "providers": [], "tco_eur": None, "lower_bound": False,
                "single_best": single_doc,
                "note": f"no combination of up to {max_providers} providers can take every class that some provider can"}
    (cents_total, _, _), pick, used = best
    assignment = [{"service_class": c, "provider": pids[j], "tco_eur": eur(int(cost[i, j])),
                   "resources": int(resources[c])} for i, (c, j) in enumerate(zip(names, pick.tolist())) if j >= 0]
    lower = bool(stay_lb[pick < 0].any())
    out = {**doc, "assignment": assignment, "providers": [pids[j] for j in used], "tco_eur": eur(cents_total),
           "lower_bound": lower, "single_best": single_doc}
    if len(used) == 1:
        # A single provider: its own TCO is the one figure (same scope, same formula as the ranking).
        p = pids[used[0]]
        out["tco_eur"], out["lower_bound"] = tcos[p]["total_eur"], tcos[p]["lower_bound"]
        out["note"] = f"the cheapest mix is a single provider ({p}); its TCO is the ranking's"
    if single_doc is not None:
        single_doc["saving_of_mix_eur"] = round(single_doc["tco_eur"] - out["tco_eur"], 2)
    return out
