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
from .catalog.sovereignty import provider_summary
from .errors import MigrateError
from .estimate import graph as dep_graph
from .estimate.cost import azure_baseline, target_costs
from .estimate.quantities import estate_quantities, storage_of
from .estimate.totals import add_shared, total
from .estimate.economics import exit_economics
from .estimate.distribution import duration_months, effort_distribution
from .estimate.effort import effort
from .estimate.waves import assign_waves, coupled_groups, wave_items
from .mapping.map import DISPOSITIONS, STATUSES, classify, map_inventory
from .mapping.select import HOURS_PER_MONTH

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
FORMAT = "migrate-plan"
SCHEMA_VERSION = 2


# What the plan keeps of each (resource, provider) line; the mapping's working columns are dropped.
LINE_COLUMNS = ["rix", "pline", "provider", "service_class", "sizing", "status", "disposition", "route", "included",
                "offer_id", "offer_name", "rule", "reason", "node_count", "storage_gb", "monthly_eur", "low_eur",
                "high_eur", "cost_status", "verified", "estimate", "quantity_assumed", "estate_share_eur",
                "effort_low", "effort_likely", "effort_high", "effort_factor", "data_tb", "gap_severity",
                "gap_replacement", "evidence_source", "evidence_as_of"]


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
    azure_costs: dict | None = None      # the cost export's summary when the Azure baseline is the bill
    parts: pd.DataFrame | None = None    # priced parts of every (profile, provider) line (mapping.map)
    quantities: pd.DataFrame | None = None   # (rix, meter, value, origin) the estate is costed with
    usage_file: str | None = None


def build_plan(inventory: pd.DataFrame, catalog: Catalog, *, providers: list[str] | None = None,
               requirements: list[str] | None = None, config: dict, inventory_scope: dict | None = None,
               warnings: list[str] | None = None, edges: pd.DataFrame | None = None, n_waves: int | None = None,
               max_wave_days: float | None = None, usage: dict | None = None, usage_file: str | None = None,
               cost_baseline=None, cost_basis: str | None = None) -> Plan:
    """Map, cost and size the effort of moving ``inventory`` to each provider.

    ``edges`` (from ``graph.dependency_edges`` on the same inventory rows) adds the dependencies;
    ``n_waves`` or ``max_wave_days`` (which need them) add the migration waves. ``usage`` (a checked
    --usage file) and ``cost_baseline`` (a CostBaseline read from a cost export, with ``cost_basis``)
    give quantities and the actual Azure cost.
    """
    known = sorted(catalog.providers)
    chosen = sorted(set(providers)) if providers else known
    unknown = [p for p in chosen if p not in catalog.providers]
    if unknown:
        raise MigrateError(None, f"unknown provider(s): {', '.join(unknown)}", place="--provider",
                           fix=f"use one of {', '.join(known)}")
    reqs = sorted(set(requirements or []))
    unc = config["uncertainty"]
    bands, qbands = unc["bands"], unc["quantity_bands"]
    res = classify(inventory, catalog)
    actual, costs_doc, exported = None, None, None
    if cost_baseline is not None:
        from .cost_baseline import exported_quantities, match

        actual, costs_doc = match(res["id"], cost_baseline, cost_basis)
        exported = exported_quantities(res["id"], cost_baseline)
    q = estate_quantities(res, config["usage"]["defaults"], usage, exported)
    res["inventory_storage_gb"] = res["storage_gb"]
    res["storage_gb"], res["storage_origin"] = storage_of(q, len(res))
    base = azure_baseline(res, catalog, q, bands, qbands)
    res = pd.concat([res, base], axis=1)
    if actual is not None:
        for col in actual.columns:
            res[col] = actual[col].to_numpy()
        b = bands.get("export", [1.0, 1.0])
        res["azure_low"], res["azure_high"] = res["azure_monthly"] * b[0], res["azure_monthly"] * b[1]
        res["azure_verified"] = True
        res["azure_quantity_assumed"] = False
    lines, parts = map_inventory(res, catalog, chosen, reqs)
    lines = target_costs(lines, parts, res, q, bands, qbands)
    lines = effort(lines, res, config)[LINE_COLUMNS]
    plan = Plan(res, lines, catalog, chosen, reqs, config, inventory_scope or {}, list(warnings or []), edges=edges,
                azure_costs=costs_doc, parts=parts, quantities=q, usage_file=usage_file)
    if cost_baseline is not None:
        plan.warnings.extend(cost_baseline.warnings)
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


def azure_total(plan: Plan) -> dict:
    """Azure today over every resource (and the export's shared charges when the baseline is the bill)."""
    res = plan.resources
    t = total(res["azure_monthly"].to_numpy(), res["azure_low"].to_numpy(), res["azure_high"].to_numpy(),
              res["azure_verified"].to_numpy())
    if plan.azure_costs is not None:
        # Shared charges (support, commitment purchases...) are part of today's bill, kept as their own lines.
        t = add_shared(t, plan.azure_costs["shared_monthly_eur"])
    return t


def scenario(plan: Plan, g: pd.DataFrame) -> dict:
    """One provider's scenario: every resource with its disposition; what stays on Azure keeps its Azure cost."""
    t = total(g["monthly_eur"].to_numpy(), g["low_eur"].to_numpy(), g["high_eur"].to_numpy(), g["verified"].to_numpy())
    if plan.azure_costs is not None:
        # Charges that belong to no resource stay with Azure until the exit is complete; they are not moved.
        t["azure_shared_monthly_eur"] = _r2(plan.azure_costs["shared_monthly_eur"])
    by = {}
    for d in DISPOSITIONS:
        sel = (g["disposition"] == d).to_numpy()
        sub = total(g["monthly_eur"].to_numpy()[sel], g["low_eur"].to_numpy()[sel], g["high_eur"].to_numpy()[sel],
                    g["verified"].to_numpy()[sel])
        by[d] = {"resources": int(sel.sum()), "monthly_eur": sub["monthly_eur"], "lower_bound": sub["lower_bound"]}
    stays = int(by["stays-on-azure"]["resources"])
    return {**t, "by_disposition": by, "complete": stays == 0,
            "quantity_assumed_resources": int(g["quantity_assumed"].sum()),
            "estimate_resources": int(g["estimate"].sum())}


def summarise(plan: Plan) -> dict:
    """Per-provider totals: each total is the sum of that provider's resource lines, over the whole estate."""
    lines, res = plan.lines, plan.resources
    az = azure_total(plan)
    out = {"azure": {**az, "basis": "actual" if plan.azure_costs is not None else "list-prices",
                     "cost_status": {k: int(v) for k, v in res["azure_cost_status"].value_counts().sort_index().items()},
                     "quantity_assumed_resources": int(res["azure_quantity_assumed"].sum())},
           "providers": []}
    grouped = lines.groupby("provider", sort=True)
    for pid in plan.providers:
        g = grouped.get_group(pid) if pid in grouped.groups else lines.iloc[0:0]
        sc = scenario(plan, g)
        out["providers"].append({
            "id": pid,
            "name": plan.catalog.providers[pid].name,
            "monthly_eur": sc["monthly_eur"],
            "lower_bound": sc["lower_bound"],
            "azure_monthly_eur": az["monthly_eur"],
            "scenario": sc,
            "cost_status": {k: int(v) for k, v in g["cost_status"].value_counts().sort_index().items()},
            "status": {s: int((g["status"] == s).sum()) for s in STATUSES},
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
        own = grp[~grp["included"].astype(bool)]
        first = (own if len(own) else grp).iloc[0]
        severity = first["gap_severity"] if isinstance(first["gap_severity"], str) else cls.loc[sc, "default_gap_severity"]
        data_bearing = bool(res["data_bearing"].to_numpy()[grp["rix"].to_numpy()].any())
        out.append({"service_class": sc, "title": cls.loc[sc, "class_title"], "resources": int(len(grp)),
                    "severity": severity, "data_bearing": data_bearing, "reason": first["reason"],
                    "replacement": _text(first["gap_replacement"]) or _text(cls.loc[sc, "replacement"]),
                    "residual_monthly_eur": _r2(grp["monthly_eur"].sum()),
                    "residual_lower_bound": bool(grp["monthly_eur"].isna().any())})
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


def _q(value: float, origin: str | None) -> str:
    return f"{value:g}" + (f" ({origin})" if origin and origin != "inventory" else "")


def line_components(parts: pd.DataFrame | None, gb: float, gb_origin: str | None, qty: dict, share: dict | None) -> list[dict]:
    """The priced parts of one line as plan.json lists them, each with its monthly amount (None: not priceable)."""
    out = []
    for p in (parts.itertuples(index=False) if parts is not None else []):
        c = {"kind": p.kind, "role": p.role, "offer_id": p.offer_id, "basis": _text(p.basis), "verified": not p.unverified,
             "per": p.per}
        if p.kind == "storage":
            known = gb == gb
            c.update({"eur_per_gb_month": round(p.gb_rate, 6), "gb_factor": p.gb_factor,
                      "gb": gb if known else None, "quantity_origin": gb_origin,
                      "monthly_eur": round(p.gb_rate * p.gb_factor * gb, 2) if known and p.per == "resource" else None})
        elif p.kind == "meter":
            v, origin = qty.get(p.meter, (None, None))
            c.update({"meter": p.meter, "eur_per_unit": p.meter_rate, "quantity": v, "quantity_origin": origin,
                      "monthly_eur": round(p.meter_rate * v, 2) if v is not None else None})
        else:
            # an offer the catalogue gives no price has no unit figure (never 0) and nothing verified
            c.update({"count": p.count, "unit_monthly_eur": round(p.unit_monthly, 4) if p.priced else None,
                      "monthly_eur": round(p.count * p.unit_monthly, 2) if p.priced and p.per == "resource" else None})
            if not p.priced:
                c["verified"] = False
        if p.per == "estate" and share:
            c["estate"] = share
        out.append(c)
    return out


def _who(c: dict) -> str:
    """An offer and how its price was obtained, e.g. 'ovh-r3-64, quote' (no basis: a catalogue without bases)."""
    return f"{c['offer_id']}, {c['basis']}" if c.get("basis") else str(c["offer_id"])


def _target_formula(row, comps: list[dict], azure_formula: str | None) -> str | None:
    """How the line's monthly figure is made, from its components."""
    if row.cost_status in ("included", "retired"):
        return {"included": "included with its parent: 0", "retired": "not moved: 0"}[row.cost_status]
    if row.disposition == "stays-on-azure":
        return f"stays on Azure at its Azure cost: {azure_formula}" if azure_formula else "stays on Azure; Azure cost unknown"
    terms, estate_done = [], False
    for c in comps:
        if c["kind"] == "storage":
            if c["per"] == "estate":
                continue
            factor = f" x {c['gb_factor']:g}" if c["gb_factor"] != 1 else ""
            gb = "unknown GB" if c["gb"] is None else f"{_q(c['gb'], c['quantity_origin'])} GB"
            terms.append(f"{_eur(c['eur_per_gb_month'])} EUR/GB-month ({_who(c)}){factor} x {gb}")
        elif c["kind"] == "meter":
            qv = "unknown" if c["quantity"] is None else _q(c["quantity"], c["quantity_origin"])
            terms.append(f"{_eur(c['eur_per_unit'])} EUR per {c['meter']} ({_who(c)}) x {qv}")
        elif c["per"] == "estate":
            if not estate_done and "estate" in c:
                e = c["estate"]
                terms.append(f"share of the estate's {e['what']} ({_eur(e['monthly_eur'])} EUR/month for "
                             f"{e['sharing']} resource(s))")
                estate_done = True
        else:
            who = f"{c['role']}: " if c["kind"] == "pattern" else ""
            unit = "no catalogued price" if c["unit_monthly_eur"] is None else f"{_eur(c['unit_monthly_eur'])} EUR/month"
            terms.append(f"{who}{unit} ({_who(c)}) x {c['count']:g}")
    if not terms:
        return None
    text = " + ".join(terms)
    return f"{text} = {row.monthly_eur:.2f}" if row.monthly_eur == row.monthly_eur else f"{text} (not priceable: a price or quantity is missing)"


def _azure_formula(r, qty: dict) -> str | None:
    if r.azure_cost_status == "actual":
        return r.azure_formula_actual
    if r.azure_cost_status == "included":
        return "included with its parent: 0"
    parts = []
    if r.azure_unit_monthly:
        parts.append(f"{_eur(r.azure_unit_monthly)} EUR/month x {1 if r.azure_node_monthly else r.node_count:g}")
    if r.azure_node_monthly:
        parts.append(f"{_eur(r.azure_node_monthly)} EUR/month ({r.vm_size}) x {r.node_count:g} nodes")
    if r.azure_storage_rate:
        gb = "unknown GB" if r.storage_gb != r.storage_gb else f"{_q(r.storage_gb, _text(r.storage_origin))} GB"
        parts.append(f"{_eur(r.azure_storage_rate)} EUR/GB-month x {gb}")
    for meter, rate in r.azure_meters:
        v, origin = qty.get(meter, (None, None))
        parts.append(f"{_eur(rate)} EUR per {meter} x {'unknown' if v is None else _q(v, origin)}")
    if not parts:
        return None if r.azure_cost_status == "unpriced" else "0"
    text = " + ".join(parts)
    return f"{text} = {r.azure_monthly:.2f}" if r.azure_monthly == r.azure_monthly else f"{text} (not priceable)"


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


def _estate_shares(plan: Plan) -> dict:
    """(provider, class) -> what the estate-wide parts are, their monthly cost and how many resources share them."""
    from .estimate.cost import estate_shares

    sh = estate_shares(plan.parts, plan.lines, plan.config["uncertainty"]["bands"])
    roles = plan.parts[plan.parts["per"].eq("estate")].merge(
        plan.lines[["pline", "provider", "service_class"]].drop_duplicates("pline"), on=["pline", "provider"],
        suffixes=("_part", "")).drop_duplicates(["provider", "service_class", "role"])
    what = roles.groupby(["provider", "service_class"])["role"].apply(lambda r: " and ".join(sorted(r)))
    return {(r.provider, r.service_class): {"what": what.get((r.provider, r.service_class), ""),
                                            "monthly_eur": round(float(r.estate_eur), 2),
                                            "sharing": int(r.sharing) if r.sharing == r.sharing else 0}
            for r in sh.itertuples(index=False)}


def _resource_entries(plan: Plan) -> list[dict]:
    """One entry per resource: inventory facts, sizing, quantities, Azure cost and one target per provider."""
    by_rix = plan.lines.groupby("rix", sort=True)
    parts_by_line = {k: g for k, g in plan.parts.groupby("pline")} if plan.parts is not None and len(plan.parts) else {}
    qty_by_rix = {k: g for k, g in plan.quantities.groupby("rix")} if plan.quantities is not None else {}
    shares = _estate_shares(plan) if plan.parts is not None and len(plan.parts) else {}
    deps = dep_graph.depends_on(plan.resources, plan.edges) if plan.edges is not None else None
    prices_by_key = plan.catalog.azure_prices.set_index(["type", "sku_key", "region"]).sort_index()
    resources = []
    for r in plan.resources.itertuples(index=False):
        qrows = qty_by_rix.get(r.rix)
        qty = {} if qrows is None else {m: (float(v), o) for m, v, o in zip(qrows["meter"], qrows["value"], qrows["origin"])}
        az_formula = _azure_formula(r, qty)
        targets = {}
        for row in by_rix.get_group(r.rix).itertuples(index=False) if r.rix in by_rix.groups else []:
            comps = [] if row.disposition in ("stays-on-azure", "retire") or row.cost_status == "included" else \
                line_components(parts_by_line.get(row.pline), row.storage_gb, _text(r.storage_origin), qty,
                                shares.get((row.provider, row.service_class)))
            targets[row.provider] = {
                "status": row.status,
                "disposition": row.disposition,
                "offer_id": _text(row.offer_id),
                "offer_name": _text(row.offer_name),
                "rule": row.rule,
                "reason": row.reason,
                "monthly_eur": _num(row.monthly_eur),
                "range_eur": {"low": _num(round(row.low_eur, 2)), "high": _num(round(row.high_eur, 2))},
                "cost_status": row.cost_status,
                "lower_bound": bool(row.monthly_eur != row.monthly_eur),
                "verified": bool(row.verified),
                "estimate": bool(row.estimate),
                "quantity_assumed": bool(row.quantity_assumed),
                "formula": _target_formula(row, comps, az_formula),
                "components": comps,
                "evidence": ({"source": row.evidence_source, "as_of": row.evidence_as_of}
                             if isinstance(row.evidence_source, str) else None),
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
                       "node_count_assumed": bool(r.node_count_assumed), "storage_gb": _num(r.storage_gb),
                       "storage_origin": _text(r.storage_origin),
                       "gpu": ({"model": r.gpu_model, "count": _num(r.gpu_count), "memory_gb": _num(r.gpu_memory_gb)}
                               if isinstance(r.gpu_model, str) else None)},
            "quantities": [{"meter": m, "value": v, "origin": o} for m, (v, o) in sorted(qty.items())],
            "parent": (plan.resources["id"].iat[r.host_rix] if r.host_rix >= 0 else None),
            "unresolved": list(r.unresolved) if isinstance(r.unresolved, (list, tuple, np.ndarray)) else [],
            "source_file": Path(r.source_file).name if _text(r.source_file) else None,
            "iac": _iac_flag(getattr(r, "iac", None)),
            "azure": {"monthly_eur": _num(r.azure_monthly), "cost_status": r.azure_cost_status,
                      "range_eur": {"low": _num(round(r.azure_low, 2)), "high": _num(round(r.azure_high, 2))},
                      "verified": bool(r.azure_verified), "quantity_assumed": bool(r.azure_quantity_assumed),
                      "formula": az_formula, "sources": _azure_sources(plan, r, prices_by_key)},
            "targets": targets,
            **({"depends_on": deps[r.rix]} if deps is not None else {}),
            "wave": int(plan.wave[r.rix]) or None if plan.wave is not None else None,
        })
    return resources


def _iac_flag(v) -> bool | None:
    return bool(v) if isinstance(v, (bool, np.bool_)) else None


def _iac_coverage(plan: Plan) -> dict | None:
    """``inputs.inventory.iac``: the import's counts, and the share of today's Azure cost not under IaC.

    The cost share is over resources[].azure.monthly_eur: resources with a monthly figure (priced, or
    included at 0); those without one are counted apart, never as 0.
    """
    iac = plan.inventory_scope.get("iac")
    if not iac:
        return None
    res = plan.resources
    flags = np.array([_iac_flag(v) is True for v in res["iac"]] if "iac" in res else [False] * len(res), dtype=bool)
    monthly = res["azure_monthly"].to_numpy(dtype="float64")
    known = ~np.isnan(monthly)
    total = _r2(monthly[known].sum())
    outside = _r2(monthly[known & ~flags].sum())
    n = int(len(res))
    return {**iac, "resources": n, "under_iac": int(flags.sum()), "not_under_iac": int(n - flags.sum()),
            "share_not_under_iac": round((n - int(flags.sum())) / n, 4) if n else None,
            "cost": {"monthly_eur_not_under_iac": outside, "monthly_eur": total,
                     "share_not_under_iac": round(outside / total, 4) if total else None,
                     "resources_without_cost": int((~known).sum()),
                     "resources_without_cost_not_under_iac": int((~known & ~flags).sum()),
                     "covers": "resources[].azure.monthly_eur (Azure list prices, or the cost export with --costs) "
                               "of the resources that have one; resources without a monthly figure are counted "
                               "in resources_without_cost, not as 0"}}


def _pattern_components(cat: Catalog, cls: str) -> list[dict]:
    rows = cat.patterns[cat.patterns["pattern_class"] == cls]
    keep = ["service_class", "role", "vcpu", "memory_gb", "count", "size", "count_from", "gb_from", "gb_factor", "per",
            "fallback"]
    return [{k: (_num(v) if isinstance(v, float) else v) for k, v in zip(keep, row)}
            for row in rows[keep].itertuples(index=False)]


def plan_document(plan: Plan, summary: dict | None = None, include_resources: bool = True) -> dict:
    """The canonical plan.json: inputs, providers with totals and gaps, every resource with its lines."""
    summary = summary or summarise(plan)
    res, lines, cat = plan.resources, plan.lines, plan.catalog
    used_offers: dict[str, set] = {p: set() for p in plan.providers}
    for p, o in lines[["provider", "offer_id"]].dropna().drop_duplicates().itertuples(index=False):
        used_offers[p].add(o)
    if plan.parts is not None and len(plan.parts):
        used = plan.parts[plan.parts["pline"].isin(lines["pline"].unique())]
        for p, o in used[["provider", "offer_id"]].dropna().drop_duplicates().itertuples(index=False):
            used_offers[p].add(o)
    offers_idx = cat.offers.set_index(["provider", "offer_id"])
    offers_doc = {}
    for p in plan.providers:
        offers_doc[p] = {}
        for oid in sorted(used_offers[p]):
            o = offers_idx.loc[(p, oid)]
            offers_doc[p][oid] = {"name": o["offer_name"], "service_class": o["service_class"], "mapping": o["mapping"],
                                  "vcpu": _num(o["offer_vcpu"]), "memory_gb": _num(o["offer_memory_gb"]),
                                  "qualifications": list(o["qualifications"]),
                                  "qualified_regions": {q: list(r) for q, r in sorted((o["qualified_regions"] or {}).items())},
                                  "quote_only": bool(o["quote_only"]),
                                  "estimate_rule": o["estimate_rule"] if isinstance(o["estimate_rule"], str) else None,
                                  "unverified": bool(o["unverified"]), "basis": _text(o["basis"]),
                                  "gpu": ({"model": o["gpu_model"], "count": _num(o["gpu_count"]),
                                           "memory_gb": _num(o["gpu_memory_gb"])} if isinstance(o["gpu_model"], str) else None),
                                  "evidence": ({"source": o["evidence_source"], "as_of": o["evidence_as_of"],
                                                "basis": o["evidence_basis"]} if isinstance(o["evidence_source"], str) else None),
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
            # Only with a sovereignty catalogue: plans made without one keep their shape.
            **({"sovereignty": sov} if (sov := provider_summary(cat.sovereignty, s["id"])) else {}),
        })
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "migrate", "version": __version__},
        "currency": "EUR",
        "inputs": {
            "inventory": {"resources": int(len(res)), **plan.inventory_scope,
                          "sources": [{**s, "file": Path(s["file"]).name} for s in plan.inventory_scope.get("sources", [])],
                          **({"iac": _iac_coverage(plan)} if plan.inventory_scope.get("iac") else {})},
            "providers": plan.providers,
            "requirements": plan.requirements,
            "catalogs": [{"file": Path(f["file"]).name, "sha256": f["sha256"]} for f in cat.files],
            "hours_per_month": HOURS_PER_MONTH,
            "usage_file": Path(plan.usage_file).name if plan.usage_file else None,
            "config": plan.config,
            "warnings": plan.warnings,
        },
        "azure": summary["azure"],
        "providers": providers_doc,
        "unmapped_types": [{"type": t, "resources": int(n)} for t, n in sorted(unmapped.items())],
        "patterns": {c: {"rule": rule, "components": _pattern_components(cat, c)}
                     for c, rule in sorted(cat.pattern_rules.items())
                     if (lines["route"].eq("pattern") & lines["service_class"].eq(c)).any()},
        "transfer": economics["transfer"],
        "best_mix": economics["best_mix"],
        **({"dependencies": dep_graph.summary(res, plan.edges)} if plan.edges is not None else {}),
        "waves": plan.waves,
        "resources": resources,
        **({"azure_costs": plan.azure_costs} if plan.azure_costs is not None else {}),
    }
