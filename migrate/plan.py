"""Run the pipeline (classify -> map -> cost -> effort) and assemble the canonical plan.

``build_plan`` keeps the tables; ``summarise`` gives per-provider totals (what the terminal
shows); ``plan_document`` is the canonical ``plan.json`` (validated by ``plan.schema.json``),
in which every number carries the inputs it was computed from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .catalog.load import Catalog
from .errors import MigrateError
from .estimate import graph as dep_graph
from .estimate.cost import azure_baseline, target_costs
from .estimate.economics import exit_economics
from .estimate.distribution import duration_months, effort_distribution
from .estimate.effort import effort
from .estimate.waves import assign_waves, coupled_groups, wave_items
from .mapping.map import STATUSES, classify, map_inventory
from .mapping.select import HOURS_PER_MONTH

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
FORMAT = "migrate-plan"
SCHEMA_VERSION = 1


# What the plan keeps of each (resource, provider) line; the mapping's working columns are dropped.
LINE_COLUMNS = ["rix", "provider", "service_class", "sizing", "status", "included", "offer_id", "offer_name", "rule",
                "reason", "unit_monthly", "instances", "aux_offer_id", "aux_offer_name", "aux_unit_monthly", "aux_count",
                "storage_offer_id", "storage_rate", "storage_gb", "node_count", "monthly_eur", "cost_status", "estimate",
                "unverified", "effort_low", "effort_likely", "effort_high", "effort_factor", "data_tb", "gap_severity",
                "gap_replacement"]


@dataclass
class Plan:
    resources: pd.DataFrame          # one row per resource (classified + Azure baseline)
    lines: pd.DataFrame              # one row per resource x provider
    catalog: Catalog
    providers: list[str]
    requirements: list[str]
    config: dict
    inventory_scope: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    drill: dict | None = None        # exit-drill evidence whose measured throughput the transfer uses
    drill_file: str | None = None
    edges: pd.DataFrame | None = None    # dependency edges (graph.dependency_edges) when computed
    wave: np.ndarray | None = None       # wave number per resource row (0: does not move) when requested
    waves: dict | None = None            # plan.json "waves" when requested
    azure_costs: dict | None = None      # set by cost_baseline.apply_to_plan: the baseline is the cost export


def build_plan(inventory: pd.DataFrame, catalog: Catalog, *, providers: list[str] | None = None,
               requirements: list[str] | None = None, config: dict, inventory_scope: dict | None = None,
               warnings: list[str] | None = None, edges: pd.DataFrame | None = None, n_waves: int | None = None,
               max_wave_days: float | None = None) -> Plan:
    """Map, cost and size the effort of moving ``inventory`` to each provider.

    ``edges`` (from ``graph.dependency_edges`` on the same inventory rows) adds the dependencies;
    ``n_waves`` or ``max_wave_days`` (which need them) add the migration waves.
    """
    known = sorted(catalog.providers)
    chosen = sorted(set(providers)) if providers else known
    unknown = [p for p in chosen if p not in catalog.providers]
    if unknown:
        raise MigrateError(None, f"unknown provider(s): {', '.join(unknown)}", place="--provider",
                           fix=f"use one of {', '.join(known)}")
    reqs = sorted(set(requirements or []))
    res = classify(inventory, catalog)
    base = azure_baseline(res, catalog)
    res = pd.concat([res, base], axis=1)
    res["azure_monthly"] = res["azure_monthly"].round(2)
    lines = map_inventory(res, catalog, chosen, reqs)
    lines = target_costs(lines)
    lines = effort(lines, res, config)[LINE_COLUMNS]
    plan = Plan(res, lines, catalog, chosen, reqs, config, inventory_scope or {}, list(warnings or []), edges=edges)
    if n_waves is not None or max_wave_days is not None:
        if edges is None:
            raise ValueError("waves need the dependency edges")
        plan.wave, plan.waves = _waves(plan, n_waves, max_wave_days)
    return plan


def _effort_by_provider(plan: Plan) -> dict[str, np.ndarray]:
    """Provider -> (resources, 3) array of low/likely/high person-days."""
    out = {}
    rix = plan.lines["rix"].to_numpy()
    code, names = pd.factorize(plan.lines["provider"].astype(object))  # one pass, not one comparison per provider
    effort = plan.lines[["effort_low", "effort_likely", "effort_high"]].to_numpy(dtype="float64")
    for pid in plan.providers:
        arr = np.zeros((len(plan.resources), 3))
        sel = code == (names.get_loc(pid) if pid in names else -2)
        arr[rix[sel]] = effort[sel]
        out[pid] = arr
    return out


def _waves(plan: Plan, n_waves: int | None, max_wave_days: float | None) -> tuple[np.ndarray, dict]:
    """Coupled groups, topological levels and balanced packing (see estimate/waves.py)."""
    res, prog = plan.resources, plan.config["programme"]
    moving = (res["disposition"] != "retire").to_numpy()
    family = res["family"].fillna("").to_numpy().astype(object)
    group, edges = coupled_groups(len(res), plan.edges, moving, family, list(prog["waves"]["couple_kinds"]),
                                  list(prog["waves"]["couple_families"]))
    effort_by = _effort_by_provider(plan)
    weight = np.max(np.stack([e[:, 1] for e in effort_by.values()]), axis=0) if effort_by else np.zeros(len(res))
    team = float(prog["team_size"])
    cap = max_wave_days * team if max_wave_days is not None else None
    wave = assign_waves(group, edges, moving, weight, n_waves=n_waves, max_weight=cap)
    items = wave_items(wave, group, res["id"].to_numpy(), res["data_bearing"].to_numpy(),
                       res["storage_gb"].to_numpy(dtype="float64"), effort_by)
    params = {"waves": n_waves, "max_wave_days": max_wave_days, "team_size": team,
              "max_wave_person_days": cap, "made": len(items),
              "weight": "likely person-days of a group, the largest over the planned providers",
              "couple_kinds": list(prog["waves"]["couple_kinds"]),
              "couple_families": list(prog["waves"]["couple_families"]),
              "not_moving": int((~moving).sum())}
    return wave, {"parameters": params, "items": items}


def _r2(x: float) -> float:
    return float(round(x + 0.0, 2))


def summarise(plan: Plan) -> dict:
    """Per-provider totals: each total is the sum of that provider's resource lines."""
    lines, res = plan.lines, plan.resources
    azure_total = _r2(res["azure_monthly"].sum(skipna=True))
    if plan.azure_costs is not None:
        # Shared charges (support, tax, commitment purchases...) are part of today's bill, kept as their own lines.
        azure_total = _r2(azure_total + plan.azure_costs["shared_monthly_eur"])
    out = {"azure": {"monthly_eur": azure_total,
                     "basis": "actual" if plan.azure_costs is not None else "list-prices",
                     "resources": int(len(res)),
                     "cost_status": {k: int(v) for k, v in res["azure_cost_status"].value_counts().sort_index().items()}},
           "providers": []}
    grouped = lines.groupby("provider", sort=True)
    for pid in plan.providers:
        g = grouped.get_group(pid) if pid in grouped.groups else lines.iloc[0:0]
        monthly = _r2(g["monthly_eur"].sum(skipna=True))
        status_counts = {s: int((g["status"] == s).sum()) for s in STATUSES}
        azure = res["azure_monthly"].to_numpy()[g["rix"].to_numpy()]
        both = g["monthly_eur"].notna().to_numpy() & ~np.isnan(azure)
        out["providers"].append({
            "id": pid,
            "name": plan.catalog.providers[pid].name,
            "monthly_eur": monthly,
            "azure_monthly_eur": azure_total,
            "comparable": {"resources": int(both.sum()),
                           "provider_monthly_eur": _r2(g["monthly_eur"].to_numpy()[both].sum()),
                           "azure_monthly_eur": _r2(azure[both].sum())},
            "cost_status": {k: int(v) for k, v in g["cost_status"].value_counts().sort_index().items()},
            "status": status_counts,
            "effort_days": {lvl: _r2(g[f"effort_{lvl}"].sum()) for lvl in ("low", "likely", "high")},
            "effort_distribution": _distribution(g, plan.config["programme"]),
            "gaps": _gaps(g, res),
        })
    return out


def _distribution(g: pd.DataFrame, prog: dict) -> dict:
    d = prog["distribution"]
    dist = effort_distribution(g["effort_low"].to_numpy(), g["effort_likely"].to_numpy(), g["effort_high"].to_numpy(),
                               seed=int(d["seed"]), samples=int(d["samples"]), max_draws=int(d["max_draws"]),
                               lam=float(d["pert_lambda"]))
    team, per_month = float(prog["team_size"]), float(prog["days_per_month"])
    return {**dist, "team_size": team, "days_per_month": per_month,
            "duration_months": {"p50": duration_months(dist["p50_days"], team, per_month),
                                "p90": duration_months(dist["p90_days"], team, per_month)}}


def _text(x) -> str | None:
    return x if isinstance(x, str) and x else None


def _gaps(g: pd.DataFrame, res: pd.DataFrame) -> list[dict]:
    gaps = g[g["status"] == "gap"]
    if gaps.empty:
        return []
    cls = res[["service_class", "class_title", "default_gap_severity", "replacement"]].drop_duplicates("service_class").set_index("service_class")
    out = []
    for sc, grp in gaps.groupby("service_class", sort=True):
        first = grp.iloc[0]
        severity = first["gap_severity"] if isinstance(first["gap_severity"], str) else cls.loc[sc, "default_gap_severity"]
        data_bearing = bool(res["data_bearing"].to_numpy()[grp["rix"].to_numpy()].any())
        out.append({"service_class": sc, "title": cls.loc[sc, "class_title"], "resources": int(len(grp)),
                    "severity": severity, "data_bearing": data_bearing, "reason": first["reason"],
                    "replacement": _text(first["gap_replacement"]) or _text(cls.loc[sc, "replacement"]),
                    "effort_days_likely": _r2(grp["effort_likely"].sum())})
    out.sort(key=lambda x: (SEVERITY_ORDER.get(x["severity"], 9), -x["resources"], x["service_class"]))
    return out


# ------------------------------------------------------------------ canonical document
def _num(x) -> float | None:
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _eur(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".") if x < 1 else f"{x:,.2f}"


def _target_formula(row) -> str | None:
    if row.cost_status in ("none", "included", "retired"):
        return {"none": None, "included": "included with its parent: 0", "retired": "not moved: 0"}[row.cost_status]
    parts = []
    if row.unit_monthly and row.unit_monthly == row.unit_monthly:
        parts.append(f"{_eur(row.unit_monthly)} EUR/month x {row.instances:g}")
    if isinstance(row.aux_offer_id, str) and row.aux_unit_monthly == row.aux_unit_monthly:
        parts.append(f"{_eur(row.aux_unit_monthly)} EUR/month ({row.aux_offer_id}) x {row.aux_count:g}")
    if row.storage_rate:
        gb = "unknown GB" if row.storage_gb != row.storage_gb else f"{row.storage_gb:g} GB"
        parts.append(f"{_eur(row.storage_rate)} EUR/GB-month ({row.storage_offer_id}) x {gb}")
    if not parts:
        return "usage-based: not estimated"
    text = " + ".join(parts)
    return f"{text} = {row.monthly_eur:.2f}" if row.monthly_eur == row.monthly_eur else text


def _azure_formula(r) -> str | None:
    if r.azure_cost_status == "actual":
        return r.azure_formula_actual
    if r.azure_cost_status in ("none",):
        return None
    if r.azure_cost_status == "included":
        return "included with its parent: 0"
    parts = []
    if r.azure_unit_monthly:
        parts.append(f"{_eur(r.azure_unit_monthly)} EUR/month x {1 if r.azure_node_monthly else r.node_count:g}")
    if r.azure_node_monthly:
        parts.append(f"{_eur(r.azure_node_monthly)} EUR/month ({r.vm_size}) x {r.node_count:g} nodes")
    if r.azure_storage_rate:
        gb = "unknown GB" if r.storage_gb != r.storage_gb else f"{r.storage_gb:g} GB"
        parts.append(f"{_eur(r.azure_storage_rate)} EUR/GB-month x {gb}")
    text = " + ".join(parts) or "0"
    return f"{text} = {r.azure_monthly:.2f}" if r.azure_monthly == r.azure_monthly else text


def _azure_sources(plan: Plan, r, prices_by_key: pd.DataFrame) -> list[dict]:
    if r.azure_cost_status == "actual":
        ac = plan.azure_costs
        return [{"what": f"Azure cost export ({ac['basis']} cost), months {', '.join(ac['months'])}",
                 "source": ", ".join(f["file"] for f in ac["files"]), "as_of": ac["months"][-1] if ac["months"] else None,
                 "unverified": False}]
    cat = plan.catalog
    region = r.azure_price_region
    where = region if region == r.location else f"{region} reference price: no {r.location} figure in the catalogue"
    out = []
    if r.azure_vm_hour == r.azure_vm_hour:
        row = cat.vm_prices.loc[(str(r.vm_size).lower(), region)]
        os_label = _text(r.os_type) or "OS unknown, Linux price"
        out.append({"what": f"VM size {r.vm_size} hourly list price ({os_label}, {where})",
                    "source": row["price_source"], "as_of": row["price_as_of"], "unverified": bool(row["price_unverified"])})
    if isinstance(r.azure_price_ref, str):
        t, k, reg = r.azure_price_ref.split("|", 2)
        p = prices_by_key.loc[(t, k, reg)]
        out.append({"what": f"{p['title'] or (t + ' ' + k).strip()} ({where})", "source": p["source"], "as_of": p["as_of"],
                    "unverified": bool(p["unverified"])})
    return out


def _labels(r) -> dict:
    """The audit labels derived from tags (null when the inventory had no such tag or no tags at all)."""
    crit = getattr(r, "label_critical", None)
    return {"classification": _text(getattr(r, "label_classification", None)),
            "business_function": _text(getattr(r, "label_business_function", None)),
            "critical": bool(crit) if isinstance(crit, (bool, np.bool_)) else None}


def _resource_entries(plan: Plan) -> list[dict]:
    """One entry per resource: inventory facts, sizing, Azure cost and one target per provider."""
    by_rix = plan.lines.groupby("rix", sort=True)
    deps = dep_graph.depends_on(plan.resources, plan.edges) if plan.edges is not None else None
    prices_by_key = plan.catalog.azure_prices.set_index(["type", "sku_key", "region"]).sort_index()
    resources = []
    for r in plan.resources.itertuples(index=False):
        targets = {}
        for row in by_rix.get_group(r.rix).itertuples(index=False) if r.rix in by_rix.groups else []:
            targets[row.provider] = {
                "status": row.status,
                "offer_id": _text(row.offer_id),
                "offer_name": _text(row.offer_name),
                "runs_on": ({"offer_id": row.aux_offer_id, "count": _num(row.aux_count)} if isinstance(row.aux_offer_id, str) else None),
                "rule": row.rule,
                "reason": row.reason,
                "monthly_eur": _num(row.monthly_eur),
                "cost_status": row.cost_status,
                "estimate": bool(row.estimate),
                "unverified": bool(row.unverified) if row.unverified == row.unverified else False,
                "formula": _target_formula(row),
                "effort_days": {"low": _num(row.effort_low), "likely": _num(row.effort_likely), "high": _num(row.effort_high)},
                "effort_inputs": {"factor": _num(row.effort_factor), "data_tb": _num(row.data_tb),
                                  "instances": _num(row.node_count), "dependants": int(r.dependants)},
            }
        resources.append({
            "id": r.id, "name": _text(r.name), "type": r.type, "subscription": _text(r.subscription),
            "resource_group": _text(r.resource_group), "location": _text(r.location), "sku": _text(r.sku),
            "service_class": _text(r.service_class),
            "disposition": r.disposition, "data_bearing": bool(r.data_bearing), "proprietary": bool(r.proprietary),
            "labels": _labels(r),
            "sizing": {"vm_size": _text(r.vm_size), "vcpu": _num(r.vcpu),
                       "memory_gb": _num(r.memory_gb), "node_count": _num(r.node_count),
                       "node_count_assumed": bool(r.node_count_assumed), "storage_gb": _num(r.storage_gb)},
            "unresolved": list(r.unresolved) if isinstance(r.unresolved, (list, tuple, np.ndarray)) else [],
            "source_file": Path(r.source_file).name if _text(r.source_file) else None,
            "azure": {"monthly_eur": _num(r.azure_monthly), "cost_status": r.azure_cost_status,
                      "formula": _azure_formula(r), "sources": _azure_sources(plan, r, prices_by_key)},
            "targets": targets,
            **({"depends_on": deps[r.rix]} if deps is not None else {}),
            "wave": int(plan.wave[r.rix]) or None if plan.wave is not None else None,
        })
    return resources


def plan_document(plan: Plan, summary: dict | None = None, include_resources: bool = True) -> dict:
    """The canonical plan.json: inputs, providers with totals and gaps, every resource with its lines."""
    summary = summary or summarise(plan)
    res, lines, cat = plan.resources, plan.lines, plan.catalog
    used_offers: dict[str, set] = {p: set() for p in plan.providers}
    for col in ("offer_id", "aux_offer_id", "storage_offer_id"):
        for p, o in lines[["provider", col]].dropna().drop_duplicates().itertuples(index=False):
            used_offers[p].add(o)
    offers_idx = cat.offers.set_index(["provider", "offer_id"])
    offers_doc = {}
    for p in plan.providers:
        offers_doc[p] = {}
        for oid in sorted(used_offers[p]):
            o = offers_idx.loc[(p, oid)]
            offers_doc[p][oid] = {"name": o["offer_name"], "service_class": o["service_class"], "mapping": o["mapping"],
                                  "vcpu": _num(o["offer_vcpu"]), "memory_gb": _num(o["offer_memory_gb"]),
                                  "qualifications": list(o["qualifications"]), "quote_only": bool(o["quote_only"]),
                                  "estimate_rule": o["estimate_rule"] if isinstance(o["estimate_rule"], str) else None, "unverified": bool(o["unverified"]),
                                  "price": [dict(c) for c in o["components"]]}
    resources = _resource_entries(plan) if include_resources else []
    economics = exit_economics(lines, res, summary, egress_price=cat.egress, config=plan.config,
                               requirements=plan.requirements, drill=plan.drill, drill_file=plan.drill_file)
    unmapped = res[res["disposition"] == "unmapped"]["type"].value_counts()
    providers_doc = []
    for s in summary["providers"]:
        prov = cat.providers[s["id"]]
        providers_doc.append({
            **s,
            "legal_entity": prov.legal_entity, "headquarters": prov.headquarters,
            "jurisdiction": {"non_eu_law_exposure": prov.non_eu_law_exposure, "details": prov.jurisdiction_details,
                             "source": prov.jurisdiction_source, "as_of": prov.jurisdiction_as_of,
                             "unverified": prov.jurisdiction_unverified},
            "qualifications": [{"id": q.id, "status": q.status, "version": q.version, "scope": q.scope, "date": q.date,
                                "valid_until": q.valid_until, "source": q.source, "as_of": q.as_of,
                                "unverified": q.unverified} for q in prov.qualifications],
            "offers": offers_doc[s["id"]],
            "tco": economics["tco"][s["id"]],
        })
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "migrate", "version": __version__},
        "currency": "EUR",
        "inputs": {
            "inventory": {"resources": int(len(res)), **plan.inventory_scope,
                          "sources": [{**s, "file": Path(s["file"]).name} for s in plan.inventory_scope.get("sources", [])]},
            "providers": plan.providers,
            "requirements": plan.requirements,
            "catalogs": [{"file": Path(f["file"]).name, "sha256": f["sha256"]} for f in cat.files],
            "hours_per_month": HOURS_PER_MONTH,
            "config": plan.config,
            "warnings": plan.warnings,
        },
        "azure": summary["azure"],
        "providers": providers_doc,
        "unmapped_types": [{"type": t, "resources": int(n)} for t, n in sorted(unmapped.items())],
        "transfer": economics["transfer"],
        "best_mix": economics["best_mix"],
        **({"dependencies": dep_graph.summary(res, plan.edges)} if plan.edges is not None else {}),
        "waves": plan.waves,
        "resources": resources,
        **({"azure_costs": plan.azure_costs} if plan.azure_costs is not None else {}),
    }
