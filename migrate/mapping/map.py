"""Map every resource onto every selected provider: status, route, priced parts, rule and reason.

The same rule decides every (service class, provider) cell (docs/mapping-rules.md):

1. an eligible managed offer of the class (equivalent or partial; for sized classes the flavor that
   fits the resource's vCPU, memory and GPUs) -> that offer;
2. else the class's self-managed pattern (azure.yaml ``patterns``), when every component can be
   priced with the provider's own eligible offers -> ``self-managed``;
3. else ``gap``: in that provider's scenario the resource stays on Azure.

An included child (subnet, NIC, database of a server...) takes its parent's status at each provider.

Everything is a join over tables: distinct resource profiles x providers are mapped, their priced
parts kept in a small ``parts`` table, and the result is taken back for every resource by code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.load import Catalog
from ..profiles import factorize_rows
from .patterns import pattern_parts
from .select import GPU_TIER_RANK, class_choice, eligible_offers, pick_flavors

STATUSES = ("equivalent", "partial", "self-managed", "gap", "retire", "unmapped")
DISPOSITIONS = ("offer", "self-managed", "stays-on-azure", "retire")
_SIZED = ("compute", "database")


def classify(inv: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Join the Azure taxonomy (class, data-bearing, proprietary, disposition, sizing rule), the GPUs of the
    VM size, and for included resources the row of the parent that carries them (``host_rix``, -1: none)."""
    res = inv.drop(columns=[c for c in ("properties", "tags") if c in inv])  # the plan reads neither
    res["rix"] = np.arange(len(res))
    tax = catalog.types[["service_class", "data_bearing", "proprietary", "disposition", "reason"]].rename(
        columns={"reason": "type_reason"})
    res = res.join(tax, on="type")
    res = _variants(res, catalog)
    unmapped = res["service_class"].isna()
    res.loc[unmapped, "disposition"] = "unmapped"
    res["data_bearing"] = res["data_bearing"].fillna(False).astype(bool)
    res["proprietary"] = res["proprietary"].fillna(False).astype(bool)
    classes = catalog.service_classes[["title", "sizing", "default_gap_severity", "replacement", "family"]].rename(
        columns={"title": "class_title"})
    res = res.join(classes, on="service_class")
    res["node_count_assumed"] = res["node_count"].isna()
    res["node_count"] = res["node_count"].fillna(1.0).clip(lower=0)
    parents = pd.Series([p.lower() for p in res["parent_id"] if isinstance(p, str)], dtype="object").value_counts()
    res["dependants"] = res["id"].str.lower().map(parents).fillna(0).astype("int64")
    size_key = res["vm_size"].astype(object).where(res["vm_size"].map(lambda v: isinstance(v, str)), "").str.lower()
    acc = catalog.vm_accelerators.reindex(size_key.to_numpy())
    res["gpu_model"] = acc["gpu_model"].to_numpy()
    res["gpu_count"] = acc["gpu_count"].to_numpy(dtype="float64")
    res["gpu_memory_gb"] = acc["gpu_memory_gb"].to_numpy(dtype="float64")
    res["hardware"] = [h if isinstance(h, tuple) else () for h in acc["hardware"]]
    _hosted(res)
    res["host_rix"] = host_rows(res)
    return res


def _variants(res: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Resources of one ARM type that are different services by name (a Log Analytics solution named
    SecurityInsights(...) is Microsoft Sentinel): the type's ``variants`` in azure.yaml."""
    table = catalog.type_variants
    if table.empty:
        return res
    names = res["name"].astype(str).str.lower()
    done = np.zeros(len(res), dtype=bool)
    for v in table.itertuples(index=False):
        same = names.eq(v.name.lower()) if isinstance(v.name, str) else names.str.startswith(str(v.name_prefix).lower())
        hit = res["type"].eq(v.type).to_numpy() & same.to_numpy() & ~done
        done |= hit
        if hit.any():
            res.loc[hit, ["service_class", "disposition", "type_reason"]] = [v.service_class, v.disposition, v.reason]
            res.loc[hit, "proprietary"] = v.proprietary
            res.loc[hit, "data_bearing"] = v.data_bearing
    return res


_HOST_KIND = {"microsoft.web/serverfarms": "runs on its App Service plan",
              "microsoft.sql/servers/elasticpools": "lives in its elastic pool",
              "microsoft.compute/virtualmachines": "is attached to its virtual machine"}
# App Service plan SKUs billed per execution (Consumption): apps on them are not carried by the plan's capacity.
_PER_USE_PLANS = {"y1", "dynamic", "fc1", "flexconsumption"}


def _hosted(res: pd.DataFrame) -> None:
    """A web or function app on a dedicated App Service plan, or a database in an elastic pool, is carried by that
    plan or pool when it is in the inventory: Azure bills the plan or pool, and at a provider the app or database
    runs on what replaces it."""
    if "host_id" not in res or res["host_id"].isna().all():
        return
    host = _row_of(res, res["host_id"])
    sku = res["sku"].astype(object).map(lambda v: v.lower() if isinstance(v, str) else "").to_numpy()
    tier = res["sku_tier"].astype(object).map(lambda v: v.lower() if isinstance(v, str) else "").to_numpy()
    # A NIC is already included (disposition): its VM becomes its host. Apps and pooled databases become included.
    ok = (host >= 0) & res["disposition"].isin(["migrate", "included"]).to_numpy()
    ok[ok] = ~np.isin(sku[host[ok]], list(_PER_USE_PLANS)) & ~np.isin(tier[host[ok]], list(_PER_USE_PLANS))
    if ok.any():
        names = res["name"].to_numpy()
        res.loc[ok, "disposition"] = "included"
        kinds = res["type"].to_numpy()
        res.loc[ok, "type_reason"] = [f"{_HOST_KIND.get(kinds[h], 'is carried by')} {names[h]}: billed and moved with it"
                                      for h in host[ok]]
        res["_host"] = np.where(ok, host, -1)


def host_rows(res: pd.DataFrame) -> np.ndarray:
    """Row of the resource carrying each included one (its nearest non-included ancestor, or the plan it runs on);
    -1 when none is in the inventory.

    Ancestors are found through parent ids (a container's parent is its blob service, whose parent is the
    storage account), case-insensitively."""
    host = _ancestors(res)
    if "_host" in res:
        hosted = res["_host"].to_numpy()
        host = np.where(hosted >= 0, hosted, host)
        del res["_host"]          # a working column of classify(); the caller's frame must not keep it
    return host


def _row_of(res: pd.DataFrame, ids: pd.Series) -> np.ndarray:
    """Row of each id in ``ids`` among the resources (ids are case-insensitive; -1: not in the inventory)."""
    rows = pd.Series(np.arange(len(res)), index=res["id"].astype(str).str.lower().to_numpy())
    rows = rows[~rows.index.duplicated(keep="first")]
    keys = ids.map(lambda v: v.lower() if isinstance(v, str) else "")
    return keys.map(rows).fillna(-1).to_numpy(dtype="int64")


def _ancestors(res: pd.DataFrame) -> np.ndarray:
    """For each included resource, its nearest ancestor that is not included (-1: none in the inventory)."""


    n = len(res)
    pos = _row_of(res, res["parent_id"])
    included = res["disposition"].eq("included").to_numpy()
    host = np.where(included, pos, np.arange(n))
    # Climb while the host found is itself included (bounded by the depth of ARM types).
    for _ in range(8):
        climbing = included & (host >= 0)
        climbing[climbing] = included[host[climbing]] & (host[climbing] != np.arange(n)[climbing])
        if not climbing.any():
            break
        host[climbing] = pos[host[climbing]]
    return np.where(included, host, -1).astype("int64")


def _fmt(x: float) -> str:
    return f"{x:g}"


# Profile-level columns that every (resource, provider) line carries: what costing, effort and the
# plan document read. The mapping's other working columns stay at profile level.
EXPANDED = ["pkey", "pline", "provider", "service_class", "sizing", "disposition", "status", "route", "included", "offer_id",
            "offer_name", "rule", "reason", "quote_only", "node_count", "gap_severity", "gap_replacement",
            "evidence_source", "evidence_as_of"]
_PROFILE_COLS = ["service_class", "disposition", "type_reason", "sizing", "vcpu", "memory_gb", "node_count",
                 "gpu_model", "gpu_count", "gpu_memory_gb", "hardware"]


def map_inventory(res: pd.DataFrame, catalog: Catalog, providers: list[str],
                  requirements: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(lines, parts): one line per (resource, provider), ordered by resource then provider, and the priced
    parts of every (profile, provider) that costing multiplies out (see ``parts`` in estimate/cost.py).

    The choice depends only on a resource's profile (class, disposition, size, node count, GPUs), so
    distinct profiles are mapped and the result is taken back for every resource. Included children then
    take their parent's status.
    """
    codes, prof = factorize_rows(res, _PROFILE_COLS)
    prof["pkey"] = np.arange(len(prof))
    plines, parts = _map_profiles(prof, catalog, providers, requirements)
    n_prov = len(providers)
    take = (codes[:, None] * n_prov + np.arange(n_prov)[None, :]).ravel()
    lines = plines[EXPANDED].take(take).reset_index(drop=True)
    lines["rix"] = np.repeat(np.arange(len(res)), n_prov)
    lines["storage_gb"] = np.repeat(res["storage_gb"].to_numpy(dtype="float64"), n_prov)
    lines = _follow_parents(lines, res, n_prov)
    return lines, parts


def _follow_parents(lines: pd.DataFrame, res: pd.DataFrame, n_prov: int) -> pd.DataFrame:
    """An included child takes its parent's status at each provider (hosted, self-managed or left on Azure
    with it); without its parent in the inventory it keeps the status of its class."""
    host = res["host_rix"].to_numpy()
    child = np.flatnonzero(host >= 0)
    if len(child) == 0:
        return lines
    rows = (child[:, None] * n_prov + np.arange(n_prov)[None, :]).ravel()
    parent_rows = (host[child][:, None] * n_prov + np.arange(n_prov)[None, :]).ravel()
    for col in ("status", "route", "gap_severity", "gap_replacement"):
        lines.loc[rows, col] = lines[col].to_numpy()[parent_rows]
    parent_name = res["name"].to_numpy()[host[child]]
    follows = np.repeat(np.array([f"with its parent {n}" for n in parent_name], dtype=object), n_prov)
    lines.loc[rows, "rule"] = np.array(["included"] * len(rows), dtype=object)
    lines.loc[rows, "reason"] = follows
    return lines


# ------------------------------------------------------------------ per profile
def _map_profiles(profiles: pd.DataFrame, catalog: Catalog, providers: list[str],
                  requirements: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mapping of each profile at each provider, ordered by profile then provider, and its parts."""
    offers = eligible_offers(catalog.offers, providers, requirements, catalog.gpu_models)
    managed = offers[offers["mapping"].isin(["equivalent", "partial", "self-managed"])]
    choice = class_choice(managed)
    flavors = offers[offers["is_flavor"]]
    base = profiles.merge(pd.DataFrame({"provider": sorted(providers)}), how="cross")
    base = _gpu_needs(base, catalog)

    # 1. Managed offer of the class: the flavor fitting the size for sized classes, else the preferred offer.
    lines = base.merge(choice[["provider", "service_class", "offer_id"]], on=["provider", "service_class"], how="left")
    lines["fit"] = None
    sized = lines["sizing"].isin(_SIZED).to_numpy()
    if sized.any():
        req = lines.loc[sized, ["service_class", "vcpu", "memory_gb", "need_gpu_count", "need_gpu_memory_gb",
                                "need_gpu_tier_rank", "need_gpu_generation", "hardware"]].rename(
            columns={"vcpu": "need_vcpu", "memory_gb": "need_memory_gb", "hardware": "need_hardware"})
        req["key"] = np.flatnonzero(sized)
        picked = pick_flavors(req, flavors[flavors["mapping"].isin(["equivalent", "partial", "self-managed"])])
        picked = picked.set_index(["key", "provider"])
        idx = pd.MultiIndex.from_arrays([np.flatnonzero(sized), lines.loc[sized, "provider"]])
        got = picked.reindex(idx)
        has_class_flavor = lines.loc[sized, ["provider", "service_class"]].merge(
            flavors[["provider", "service_class"]].drop_duplicates().assign(_f=True), how="left",
            on=["provider", "service_class"])["_f"].fillna(False).to_numpy(dtype=bool)
        # Where the class is sold as flavors, the fitting flavor replaces the class's preferred offer (or none fits).
        offer = np.where(has_class_flavor, got["offer_id"].to_numpy(), lines.loc[sized, "offer_id"].to_numpy())
        lines.loc[sized, "offer_id"] = offer
        lines.loc[sized, "fit"] = np.where(has_class_flavor, got["fit"].to_numpy(), None)
    detail = offers[["provider", "offer_id", "offer_name", "mapping", "offer_reason", "offer_vcpu", "offer_memory_gb",
                     "unit_monthly", "gb_month", "priced", "quote_only", "basis", "unverified", "runs_on_class",
                     "runs_on_vcpu", "runs_on_memory_gb", "runs_on_count", "nodes_from", "storage_from",
                     "components", "evidence_source", "evidence_as_of", "gpu_model"]].rename(
        columns={"gpu_model": "offer_gpu_model"})
    lines = lines.merge(detail, on=["provider", "offer_id"], how="left")
    lines["pline"] = np.arange(len(lines))
    unstored = set(catalog.service_classes.index[~catalog.service_classes["stored_gb"]])
    offer_parts, aux_missing = _offer_parts(lines, offers, choice, flavors, unstored)

    # 2. Self-managed pattern where no managed route exists.
    no_managed = lines["offer_id"].isna().to_numpy() | aux_missing
    disp = lines["disposition"].to_numpy()
    wants = no_managed & ~np.isin(disp, ["retire", "unmapped"])
    pat_parts, built = pattern_parts(lines.loc[wants], catalog, offers, choice, flavors)
    lines["route"] = np.where(~no_managed, "offer", None).astype(object)
    lines.loc[lines["pline"].isin(built), "route"] = "pattern"
    parts = pd.concat([offer_parts[offer_parts["pline"].isin(lines.loc[lines["route"] == "offer", "pline"])],
                       pat_parts], ignore_index=True)

    # 3. Status.
    route = lines["route"].to_numpy()
    mapping = lines["mapping"].fillna("gap").to_numpy()
    undersized = lines["fit"].eq("undersized").to_numpy()
    status = np.select([disp == "unmapped", disp == "retire", route == "pattern", route == "offer"],
                       ["unmapped", "retire", "self-managed",
                        np.where(undersized & (mapping == "equivalent"), "partial", mapping)], default="gap")
    lines["status"] = status
    lines["included"] = (disp == "included")
    gone = ~np.isin(status, ["equivalent", "partial"]) | (route != "offer")
    for col in ("offer_id", "offer_name", "evidence_source", "evidence_as_of"):
        lines.loc[gone & (status != "self-managed") | (route == "pattern"), col] = None
    lines["quote_only"] = lines["pline"].map(
        parts.groupby("pline")["quote_only"].any() if not parts.empty else pd.Series(dtype=bool)).fillna(False).astype(bool)
    lines = _texts(lines, parts, catalog, requirements)
    lines["pkey"] = lines["pkey"].astype("int64")
    lines = lines.sort_values(["pkey", "provider"], kind="stable").reset_index(drop=True)
    parts = parts.merge(lines[["pline", "pkey", "provider"]], on="pline", how="left", suffixes=("_x", ""))
    parts = parts.drop(columns=[c for c in parts.columns if c.endswith("_x")])
    return lines, parts


def _gpu_needs(base: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    models = catalog.gpu_models
    base["need_gpu_count"] = base["gpu_count"]
    base["need_gpu_memory_gb"] = base["gpu_memory_gb"]
    base["need_gpu_tier_rank"] = base["gpu_model"].map(models["tier"].map(GPU_TIER_RANK)).astype("float64")
    base["need_gpu_generation"] = base["gpu_model"].map(models["generation"]).astype("float64")
    base["hardware"] = [h if isinstance(h, tuple) else () for h in base["hardware"]]
    return base


PART_COLUMNS = ["pline", "part", "kind", "role", "service_class", "offer_id", "offer_name", "count", "unit_monthly",
                "gb_rate", "gb_factor", "meter", "meter_rate", "per", "basis", "unverified", "quote_only", "fit",
                "priced", "sources"]


def _offer_parts(lines: pd.DataFrame, offers: pd.DataFrame, choice: pd.DataFrame,
                 flavors: pd.DataFrame, unstored: set) -> tuple[pd.DataFrame, np.ndarray]:
    """The priced parts of the managed route: the offer itself (x instances for compute classes), the node
    flavor of a node pool (x node count), the compute a catalogue's own self-managed offer runs on, stored GB
    (the offer's own per-GB price, else the class it stores in; none by default for classes in ``unstored``,
    whose data lives in the flavour's memory) and usage meters. Returns the parts and,
    per line, whether a node or host flavor is missing (the managed route then fails)."""
    rows: list[dict] = []
    has = lines["offer_id"].notna().to_numpy()
    sizing = lines["sizing"].to_numpy()
    # Node pools and catalogue self-managed offers: the compute they run on, sized in one join.
    aux_class = np.where(sizing == "nodes", lines["nodes_from"].to_numpy(dtype=object), lines["runs_on_class"].to_numpy(dtype=object))
    needs_aux = has & pd.notna(aux_class)
    aux_vcpu = np.where(sizing == "nodes", lines["vcpu"], np.fmax(lines["vcpu"].to_numpy(dtype="float64"),
                                                                  lines["runs_on_vcpu"].to_numpy(dtype="float64")))
    aux_mem = np.where(sizing == "nodes", lines["memory_gb"], np.fmax(lines["memory_gb"].to_numpy(dtype="float64"),
                                                                      lines["runs_on_memory_gb"].to_numpy(dtype="float64")))
    aux_count = np.where(sizing == "nodes", lines["node_count"], lines["runs_on_count"])
    aux_offer = np.full(len(lines), None, dtype=object)
    aux_fit = np.full(len(lines), None, dtype=object)
    if needs_aux.any():
        sel = np.flatnonzero(needs_aux)
        req = pd.DataFrame({"key": sel, "service_class": aux_class[sel], "need_vcpu": aux_vcpu[sel],
                            "need_memory_gb": aux_mem[sel],
                            "need_gpu_count": np.where(sizing[sel] == "nodes", lines["need_gpu_count"].to_numpy()[sel], np.nan),
                            "need_gpu_memory_gb": lines["need_gpu_memory_gb"].to_numpy()[sel],
                            "need_gpu_tier_rank": lines["need_gpu_tier_rank"].to_numpy()[sel],
                            "need_gpu_generation": lines["need_gpu_generation"].to_numpy()[sel],
                            "need_hardware": lines["hardware"].to_numpy()[sel]})
        got = pick_flavors(req, flavors).set_index(["key", "provider"]).reindex(
            pd.MultiIndex.from_arrays([sel, lines["provider"].to_numpy()[sel]]))
        aux_offer[sel] = got["offer_id"].to_numpy()
        aux_fit[sel] = got["fit"].to_numpy()
    aux_missing = needs_aux & pd.isna(aux_offer)
    lines["aux_fit"] = aux_fit
    detail = offers.set_index(["provider", "offer_id"])
    store = choice.set_index(["provider", "service_class"])
    for i, ln in enumerate(lines.itertuples(index=False)):
        if not has[i] or aux_missing[i]:
            continue
        comps = ln.components if isinstance(ln.components, list) else []
        instances = float(ln.node_count) if ln.sizing == "compute" else 1.0
        flat = float(ln.unit_monthly) if ln.unit_monthly == ln.unit_monthly else 0.0
        timed = [c for c in comps if c["unit"] in ("hour", "month")]
        # An offer priced only through the compute it runs on (a catalogue's own self-managed offer) has no part
        # of its own; any other offer without a price leaves the line unpriced.
        # An offer priced per GB or per use only has no instance part either.
        if timed or (not comps and pd.isna(aux_offer[i])):
            rows.append(_part(ln.pline, len(rows), "offer", ln.offer_name, ln.service_class, ln.offer_id, ln.offer_name,
                              instances, flat, basis=ln.basis, unverified=ln.unverified, quote_only=ln.quote_only,
                              fit=ln.fit, priced=bool(comps), sources=timed))
        if pd.notna(aux_offer[i]):
            a = detail.loc[(ln.provider, aux_offer[i])]
            what = "nodes" if ln.sizing == "nodes" else "runs on"
            rows.append(_part(ln.pline, len(rows), "nodes" if ln.sizing == "nodes" else "runs_on", what,
                              a["service_class"], aux_offer[i], a["offer_name"], float(aux_count[i]),
                              float(a["hour"] * 730 + a["month"]), basis=a["basis"], unverified=a["unverified"],
                              quote_only=a["quote_only"], fit=aux_fit[i], priced=bool(a["priced"]),
                              sources=[c for c in a["components"] if c["unit"] in ("hour", "month")]))
        own_gb = [c for c in comps if c["unit"] == "gb_month"]
        if own_gb:
            rows.append(_part(ln.pline, len(rows), "storage", "stored GB", ln.service_class, ln.offer_id, ln.offer_name,
                              0.0, 0.0, gb_rate=float(ln.gb_month), basis=ln.basis, unverified=ln.unverified,
                              quote_only=ln.quote_only, sources=own_gb))
        else:
            store_class = ln.storage_from if isinstance(ln.storage_from, str) else (
                "compute.disk" if (ln.sizing == "database" or ln.mapping == "self-managed")
                and ln.service_class not in unstored else None)
            if store_class and (ln.provider, store_class) in store.index:
                s = store.loc[(ln.provider, store_class)]
                if s["gb_month"] > 0:
                    rows.append(_part(ln.pline, len(rows), "storage", "stored GB", store_class, s["offer_id"],
                                      s["offer_name"], 0.0, 0.0, gb_rate=float(s["gb_month"]), basis=s["basis"],
                                      unverified=s["unverified"], quote_only=s["quote_only"],
                                      sources=[c for c in s["components"] if c["unit"] == "gb_month"]))
        for c in comps:
            if c["unit"] not in ("hour", "month", "gb_month", "gb"):
                rows.append(_part(ln.pline, len(rows), "meter", c["component"], ln.service_class, ln.offer_id,
                                  ln.offer_name, 0.0, 0.0, meter=c["unit"], meter_rate=float(c["amount"]),
                                  basis=c["basis"], unverified=c["unverified"], quote_only=ln.quote_only, sources=[c]))
    return pd.DataFrame(rows, columns=PART_COLUMNS), aux_missing


def _part(pline, part, kind, role, service_class, offer_id, offer_name, count, unit_monthly, *, gb_rate=0.0,
          gb_factor=1.0, meter=None, meter_rate=0.0, per="resource", basis=None, unverified=False, quote_only=False,
          fit=None, priced=True, sources=None) -> dict:
    return {"pline": pline, "part": part, "kind": kind, "role": role, "service_class": service_class,
            "offer_id": offer_id, "offer_name": offer_name, "count": float(count), "unit_monthly": float(unit_monthly),
            "gb_rate": float(gb_rate), "gb_factor": float(gb_factor), "meter": meter, "meter_rate": float(meter_rate),
            "per": per, "basis": basis if isinstance(basis, str) else None, "unverified": bool(unverified),
            "quote_only": bool(quote_only), "fit": fit, "priced": bool(priced), "sources": list(sources or [])}


# ------------------------------------------------------------------ texts
def _texts(lines: pd.DataFrame, parts: pd.DataFrame, catalog: Catalog, requirements: list[str]) -> pd.DataFrame:
    """Rule, reason and gap facts per profile line."""
    gaps = catalog.gaps.drop_duplicates(["provider", "service_class"])
    lines = lines.merge(gaps, on=["provider", "service_class"], how="left")
    req = " and ".join(requirements)
    by_line = {k: g for k, g in parts.groupby("pline")} if not parts.empty else {}
    rules, reasons = [], []
    for c in lines.itertuples(index=False):
        rule, reason = _describe(c, by_line.get(c.pline), req, catalog)
        rules.append(rule)
        reasons.append(reason)
    lines["rule"], lines["reason"] = rules, reasons
    return lines


def _size(vcpu: float, mem: float) -> str:
    parts = []
    if vcpu == vcpu:
        parts.append(f"{_fmt(vcpu)} vCPU")
    if mem == mem:
        parts.append(f"{_fmt(mem)} GB")
    return " / ".join(parts) or "size unknown"


def _gpu_text(c) -> str:
    if not (c.need_gpu_count == c.need_gpu_count and c.need_gpu_count > 0):
        return ""
    mem = f" {_fmt(c.need_gpu_memory_gb)} GB" if c.need_gpu_memory_gb == c.need_gpu_memory_gb else ""
    return f" and {_fmt(c.need_gpu_count)} x {str(c.gpu_model).upper()}{mem} GPU"


def _describe(c, parts: pd.DataFrame | None, req: str, catalog: Catalog) -> tuple[str, str]:
    with_req = f" holding {req}" if req else ""
    if c.status == "unmapped":
        return ("none", "ARM type not in the Azure taxonomy (provider_catalogs/azure.yaml): stays on Azure, listed for review")
    if c.status == "retire":
        return ("retire", c.type_reason if isinstance(c.type_reason, str) else "Azure-specific resource that is not moved")
    if c.status == "gap":
        if c.sizing in _SIZED and _gpu_text(c):
            return ("none", f"no flavor{with_req} with {_size(c.vcpu, c.memory_gb)}{_gpu_text(c)} (or better): "
                            "stays on Azure")
        if c.service_class in catalog.pattern_rules:
            why = c.gap_reason if isinstance(c.gap_reason, str) else "no managed offer"
            return ("none", f"{why}; the self-managed pattern cannot be built here (a component has no offer{with_req}): "
                            "stays on Azure")
        if isinstance(c.gap_reason, str):
            return ("none", f"{c.gap_reason}: stays on Azure")
        return ("none", f"no offer{with_req} for this service class: stays on Azure")
    if c.status == "self-managed" and c.route == "pattern":
        why = c.gap_reason if isinstance(c.gap_reason, str) else (
            f"no managed offer{with_req}" if req else "no managed offer in the catalogue")
        return (f"self-managed pattern: {catalog.pattern_rules.get(c.service_class, '')}", why)
    if c.fit == "fits":
        rule = f"smallest flavor with >= {_size(c.vcpu, c.memory_gb)}{_gpu_text(c)}: {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)})"
    elif c.fit == "undersized":
        rule = (f"largest flavor {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)}) is below the required "
                f"{_size(c.vcpu, c.memory_gb)}")
    elif c.fit == "assumed":
        rule = f"size unknown: default flavor {c.offer_name} ({_size(c.offer_vcpu, c.offer_memory_gb)}) assumed"
    else:
        rule = f"{c.mapping} offer of the class: {c.offer_name}"
    if parts is not None:
        for p in parts.itertuples(index=False):
            if p.kind in ("nodes", "runs_on"):
                sized = {"fits": f"smallest with >= {_size(c.vcpu, c.memory_gb)}", "undersized": "largest, below the need",
                         "assumed": "size unknown, default"}.get(p.fit, "")
                rule += f"; {p.role}: {_fmt(p.count)} x {p.offer_name} ({sized})"
    reason = c.offer_reason if isinstance(c.offer_reason, str) and c.offer_reason else {
        "equivalent": "managed equivalent", "partial": "comparable offer with differences",
        "self-managed": "no managed offer: run it yourself"}.get(c.status, "")
    if c.fit == "undersized":
        reason = "no flavor large enough; " + reason
    return rule, reason


# ------------------------------------------------------------------ the matrix
def coverage_cells(catalog: Catalog, providers: list[str], requirements: list[str]) -> pd.DataFrame:
    """Every service class x provider cell as the mapping decides it for a resource of unknown size: status,
    offer, and the evidence behind the decision (the offer's documentation, or the gap entry's source).

    The same code as the plan's, so `migrate catalog coverage` and a plan never disagree.
    """
    classes = catalog.service_classes
    prof = pd.DataFrame({"service_class": classes.index, "disposition": "migrate", "type_reason": None,
                         "sizing": classes["sizing"].to_numpy(), "vcpu": np.nan, "memory_gb": np.nan, "node_count": 1.0,
                         "gpu_model": None, "gpu_count": np.nan, "gpu_memory_gb": np.nan, "hardware": [()] * len(classes)})
    prof["pkey"] = np.arange(len(prof))
    lines, _ = _map_profiles(prof, catalog, providers, requirements)
    gaps = catalog.gaps.drop_duplicates(["provider", "service_class"]).set_index(["provider", "service_class"])
    withdrawn = catalog.offers[catalog.offers["withdrawn"].notna() & catalog.offers["provider"].isin(providers)]
    out = []
    for ln in lines.itertuples(index=False):
        key = (ln.provider, ln.service_class)
        gap = gaps.loc[key] if key in gaps.index else None
        if ln.route == "offer" and isinstance(ln.evidence_source, str):
            source, as_of, basis = ln.evidence_source, ln.evidence_as_of, "offer evidence"
        elif gap is not None and isinstance(gap["gap_source"], str):
            source, as_of, basis = gap["gap_source"], gap["gap_as_of"], "gap evidence"
        else:
            source, as_of, basis = None, None, None
        gone = withdrawn[(withdrawn["provider"] == ln.provider) & (withdrawn["service_class"] == ln.service_class)]
        out.append({"service_class": ln.service_class, "provider": ln.provider, "status": ln.status,
                    "route": ln.route, "offer_id": ln.offer_id if isinstance(ln.offer_id, str) else None,
                    "reason": ln.reason, "source": source, "as_of": as_of, "evidence": basis,
                    "withdrawn": ", ".join(f"{o} ({d})" for o, d in zip(gone["offer_id"], gone["withdrawn"])) or None})
    return pd.DataFrame(out)
