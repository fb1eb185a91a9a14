"""The canonical inventory: one row per Azure resource, whatever format it came from.

Columns (see README, "Canonical inventory"):

========== ==========================================================================
id          ARM resource id as exported (original case); synthetic for templates
subscription subscription id (``unknown`` when the export does not carry it)
resource_group resource group name (original case)
name        resource name (child resources: ``parent/child``)
type        ARM type, lower-cased (ARM types are case-insensitive)
location    Azure region, lower-cased, or ``global``
sku         SKU name (``Standard_D4s_v5``, ``Premium_LRS``, ``GP_Gen5_4``) or None
sku_tier    SKU tier or None
sku_capacity SKU capacity (instances, vCores, throughput units) or NaN
kind        resource kind or None
tags        dict of tags
properties  dict of ARM properties (None when the export has none, e.g. az resource list)
vm_size     VM or plan size the resource runs on (from properties or SKU) or None
os_type     ``linux``/``windows`` when known
vcpu        vCPUs per instance (NaN = unknown)
memory_gb   memory per instance in GiB (NaN = unknown)
node_count  instances or nodes (1 unless the resource is a pool)
storage_gb  provisioned or used data size in GB (NaN = unknown, never a silent zero)
parent_id   id of the parent resource for child types, else None
host_id     id of the resource whose capacity this one runs on (a web app's App Service plan), else None
unresolved  list of template fields kept as raw expressions
source_file file the row came from
source_format detected format
iac         True: a Terraform/OpenTofu state lists the resource; False: IaC evidence was given and
            does not list it; None: no IaC evidence was given
========== ==========================================================================
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .encoded import EncodedObject, as_dict
from .units import BYTES_PER_GB

COLUMNS = [
    "id", "subscription", "resource_group", "name", "type", "location",
    "sku", "sku_tier", "sku_capacity", "kind", "tags", "properties",
    "vm_size", "os_type", "vcpu", "memory_gb", "node_count", "storage_gb",
    "parent_id", "host_id", "unresolved", "source_file", "source_format", "iac",
]

# SQL Database vCore models give memory per vCore; Gen5 is 5.1 GB per vCore.
# Source: https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases (as of 2026-11-24)
SQL_GEN5_GB_PER_VCORE = 5.1


def empty_inventory() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def parent_id_of(resource_id: str, arm_type: str) -> str | None:
    """Parent of a child resource: drop one ``/type/name`` pair per extra type segment."""
    depth = arm_type.count("/") - 1
    if depth <= 0 or not resource_id:
        return None
    parts = resource_id.rstrip("/").split("/")
    if len(parts) < 2 * depth + 2:
        return None
    return "/".join(parts[: len(parts) - 2])


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict):
            return None
        # ARM property names are case-insensitive in practice; exports vary.
        if key in d:
            d = d[key]
            continue
        lowered = {k.lower(): v for k, v in d.items() if isinstance(k, str)}
        d = lowered.get(key.lower())
    return d


def _num(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return f if math.isfinite(f) else math.nan


def _largest_pool(pools: list) -> tuple[str | None, float]:
    """AKS: total node count and the VM size of the pool holding the most nodes."""
    total = 0.0
    best: tuple[float, str | None] = (-1.0, None)
    for pool in pools or []:
        if not isinstance(pool, dict):
            continue
        count = _num(_get(pool, "count"))
        if math.isnan(count):
            count = _num(_get(pool, "minCount"))
        count = 0.0 if math.isnan(count) else count
        total += count
        size = _get(pool, "vmSize")
        if count > best[0] and isinstance(size, str):
            best = (count, size)
    return best[1], (total if total > 0 else math.nan)


def _os_type(props: dict | None) -> str | None:
    os_disk = _get(props, "storageProfile", "osDisk", "osType")
    if isinstance(os_disk, str):
        return os_disk.lower()
    publisher = _get(props, "storageProfile", "imageReference", "publisher")
    if isinstance(publisher, str):
        return "windows" if "windows" in publisher.lower() else "linux"
    if _get(props, "osProfile", "windowsConfiguration") is not None:
        return "windows"
    if _get(props, "osProfile", "linuxConfiguration") is not None:
        return "linux"
    return None


# Sizers work on one ARM type's rows at a time, a column at a time: ``sub`` holds those rows' sku (text
# or None), sku_tier, sku_capacity (float, NaN unknown) and kind; ``props`` their decoded properties
# (dict or None). Each returns the derived columns it knows; the others keep their defaults.
def _path(props: list, *path: str) -> list:
    return [_get(p, *path) for p in props]


def _nums(values) -> np.ndarray:
    return np.array([_num(v) for v in values], dtype="float64")


def _sku_names(sub: pd.DataFrame) -> list:
    return [s if isinstance(s, str) else None for s in sub["sku"].tolist()]


def _capacity(sub: pd.DataFrame, default: float) -> np.ndarray:
    cap = sub["sku_capacity"].to_numpy(dtype="float64")
    return np.where(np.isnan(cap), default, cap)


def _vm(sub, props):
    return {"vm_size": _path(props, "hardwareProfile", "vmSize"), "os_type": [_os_type(p) for p in props]}


def _scale_set(sub, props):
    return {"vm_size": _sku_names(sub), "node_count": _capacity(sub, math.nan),
            "os_type": [_os_type(_get(p, "virtualMachineProfile")) for p in props]}


def _aks(sub, props):
    pools = [_largest_pool(_get(p, "agentPoolProfiles")) for p in props]
    return {"vm_size": [size for size, _ in pools], "node_count": np.array([n for _, n in pools], dtype="float64"),
            "os_type": ["linux"] * len(props)}


def _aks_pool(sub, props):
    return {"vm_size": _path(props, "vmSize"), "node_count": _nums(_path(props, "count"))}


def _app_plan(sub, props):
    kinds = [k.lower() if isinstance(k, str) else "" for k in sub["kind"].tolist()]
    return {"vm_size": _sku_names(sub), "node_count": _capacity(sub, 1.0),
            "os_type": ["linux" if "linux" in k or _get(p, "reserved") is True else "windows"
                        for k, p in zip(kinds, props)]}


def _disk(sub, props):
    return {"storage_gb": _nums(_path(props, "diskSizeGB"))}


def _flexible_server(sub, props):
    return {"vm_size": _sku_names(sub), "storage_gb": _nums(_path(props, "storage", "storageSizeGB"))}


def _single_server(sub, props):
    return {"storage_gb": _nums(_path(props, "storageProfile", "storageMB")) / 1024,
            "vcpu": _nums(sub["sku_capacity"].tolist())}


def _sql(sub, props):
    # DTU tiers (Basic/Standard/Premium) carry DTUs in capacity, not vCores.
    dtu = np.array([isinstance(t, str) and t.lower() in ("basic", "standard", "premium")
                    for t in sub["sku_tier"].tolist()], dtype=bool)
    vcores = np.where(dtu, math.nan, _nums(sub["sku_capacity"].tolist()))
    return {"storage_gb": _nums(_path(props, "maxSizeBytes")) / BYTES_PER_GB, "vcpu": vcores,
            "memory_gb": vcores * SQL_GEN5_GB_PER_VCORE, "host_id": _ids(_path(props, "elasticPoolId"))}


def _sql_managed_instance(sub, props):
    vcores = _nums(_path(props, "vCores"))
    return {"storage_gb": _nums(_path(props, "storageSizeInGB")), "vcpu": vcores,
            "memory_gb": vcores * SQL_GEN5_GB_PER_VCORE}


def _share(sub, props):
    return {"storage_gb": _nums(_path(props, "shareQuota"))}


def _ids(values: list) -> list:
    """ARM ids as given (a host, a pool); anything else is unknown."""
    return [v if isinstance(v, str) and v else None for v in values]


def _sql_pool(sub, props):
    # maxSizeBytes is the pool's limit (240 TB by default), not the data it holds: the size stays unknown.
    return {}


def _nic(sub, props):
    return {"host_id": _ids(_path(props, "virtualMachine", "id"))}


def _web_site(sub, props):
    return {"host_id": _ids(_path(props, "serverFarmId"))}


def _container_app(sub, props):
    """Per replica vCPU and memory of its containers, and the minimum replica count (always running).

    An app that scales to zero (minReplicas 0 or absent, Azure's default) has no replica known to run: its count
    stays unknown (the plan assumes one instance and says so), rather than a replica that never runs all month.
    """
    vcpu, mem, count = [], [], []
    for p in props:
        containers = _get(p, "template", "containers")
        if isinstance(containers, list) and containers:
            vcpu.append(sum(_num(_get(c, "resources", "cpu")) for c in containers if isinstance(c, dict)))
            mem.append(sum(_memory_gb(_get(c, "resources", "memory")) for c in containers if isinstance(c, dict)))
        else:
            vcpu.append(math.nan)
            mem.append(math.nan)
        replicas = _num(_get(p, "template", "scale", "minReplicas"))
        count.append(replicas if replicas == replicas and replicas > 0 else math.nan)
    return {"vcpu": np.array(vcpu, dtype="float64"), "memory_gb": np.array(mem, dtype="float64"),
            "node_count": np.array(count, dtype="float64")}


def _memory_gb(value: Any) -> float:
    """'4Gi', '512Mi' or '1.5Gi' (Kubernetes quantities) in GiB."""
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return math.nan
    text = value.strip()
    for unit, factor in (("Gi", 1.0), ("G", 1.0), ("Mi", 1 / 1024), ("M", 1 / 1024)):
        if text.endswith(unit):
            return _num(text[: -len(unit)]) * factor
    return _num(text)


# Where each ARM type keeps its sizing. Types not listed have none to derive.
_SIZERS = {
    "microsoft.compute/virtualmachines": _vm,
    "microsoft.compute/virtualmachinescalesets": _scale_set,
    "microsoft.containerservice/managedclusters": _aks,
    "microsoft.containerservice/managedclusters/agentpools": _aks_pool,
    "microsoft.web/serverfarms": _app_plan,
    "microsoft.compute/disks": _disk,
    "microsoft.compute/snapshots": _disk,
    "microsoft.dbforpostgresql/flexibleservers": _flexible_server,
    "microsoft.dbformysql/flexibleservers": _flexible_server,
    "microsoft.dbforpostgresql/servers": _single_server,
    "microsoft.dbformysql/servers": _single_server,
    "microsoft.sql/servers/databases": _sql,
    "microsoft.sql/servers/elasticpools": _sql,
    "microsoft.sql/managedinstances": _sql_managed_instance,
    "microsoft.storage/storageaccounts/fileservices/shares": _share,
    "microsoft.synapse/workspaces/sqlpools": _sql_pool,
    "microsoft.web/sites": _web_site,
    "microsoft.network/networkinterfaces": _nic,
    "microsoft.app/containerapps": _container_app,
}
SIZED_TYPES = frozenset(_SIZERS)

_DERIVED = ("vm_size", "os_type", "node_count", "storage_gb", "vcpu", "memory_gb", "host_id")
_TEXT = ("vm_size", "os_type", "host_id")
_DEFAULTS = {"vm_size": None, "os_type": None, "node_count": 1.0, "storage_gb": math.nan, "vcpu": math.nan,
             "memory_gb": math.nan, "host_id": None}


def derive_sizing(rec: dict) -> dict:
    """Sizing facts of one record (``type``, ``properties``, ``sku``, ``sku_tier``, ``sku_capacity``, ``kind``)."""
    one = pd.DataFrame([{k: rec.get(k) for k in ("type", "properties", "sku", "sku_tier", "sku_capacity", "kind")}])
    one["sku_capacity"] = pd.to_numeric(one["sku_capacity"], errors="coerce")
    return {c: v[0] for c, v in _derived_columns(one).items()}


def _derived_columns(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """Derived sizing of every row (defaults where the type has no sizer), one ARM type at a time."""
    n = len(df)
    out = {c: (np.full(n, None, dtype=object) if c in _TEXT else np.full(n, _DEFAULTS[c], dtype="float64"))
           for c in _DERIVED}
    codes, types = pd.factorize(df["type"].astype(object))
    props_all = df["properties"].to_numpy(dtype=object) if "properties" in df else np.full(n, None, dtype=object)
    for k, rtype in enumerate(types):
        sizer = _SIZERS.get(rtype)
        if sizer is None:
            continue
        rows = np.flatnonzero(codes == k)
        sub = df.iloc[rows]
        for col, values in sizer(sub, [as_dict(p) for p in props_all[rows]]).items():
            out[col][rows] = values
    return out


def from_records(records: list[dict] | pd.DataFrame, vm_sizes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Build the canonical inventory from normalised records (or a frame of them) and fill derived sizing.

    ``vm_sizes`` (index: lower-cased size name; columns vcpu, memory_gb) turns a VM size
    into vCPU and memory; sizes missing from the table stay unknown.
    """
    if len(records) == 0:
        return empty_inventory()
    if isinstance(records, pd.DataFrame):
        df = records.reindex(columns=COLUMNS)
    else:
        df = pd.DataFrame.from_records(records, columns=COLUMNS)
    # Types and regions repeat: normalise each distinct value once.
    df["type"] = _per_distinct(df["type"], lambda t: t.lower() if isinstance(t, str) else "")
    df["location"] = _per_distinct(df["location"], lambda v: v.lower().replace(" ", "") if isinstance(v, str) and v
                                   else None)
    df["tags"] = [t if isinstance(t, dict) else {} for t in df["tags"].tolist()]
    df["unresolved"] = [list(u) if isinstance(u, list) else [] for u in df["unresolved"].tolist()]
    _sku_from_properties(df)
    df["sku_capacity"] = pd.to_numeric(df["sku_capacity"], errors="coerce")
    df["iac"] = iac_values(df["iac"])
    sized = df["type"].isin(SIZED_TYPES).to_numpy()
    derived = _derived_columns(df) if sized.any() else None
    for col in _DERIVED:
        given = col in df and not df[col].isna().all()
        if derived is None:
            if not given:
                df[col] = _DEFAULTS[col]
            continue
        if not given:
            current = np.full(len(df), _DEFAULTS[col], dtype=object if col in _TEXT else "float64")
        else:
            current = df[col].to_numpy(dtype=object)
        if col == "node_count":
            new = np.where(sized, derived[col], current)
        else:
            new = np.where(sized & pd.isna(current), derived[col], current)
        df[col] = pd.Series(new, index=df.index, dtype=object) if col in _TEXT else new
    df["parent_id"] = df["parent_id"].astype(object)
    depth = _per_distinct(df["type"], lambda t: t.count("/"))
    child = np.flatnonzero(np.asarray(depth, dtype=np.int64) > 1)
    if len(child):
        ids, types, parents = df["id"].to_numpy(dtype=object), df["type"].to_numpy(dtype=object), \
            df["parent_id"].to_numpy(dtype=object)
        # An id holding a raw template expression cannot be split into parent segments.
        fill = [r for r in child if pd.isna(parents[r]) and "[" not in str(ids[r])]
        if fill:
            parents = parents.copy()
            parents[fill] = [parent_id_of(ids[r] or "", types[r]) for r in fill]
            df["parent_id"] = pd.Series(parents, index=df.index, dtype=object)
    return fill_vm_dimensions(df, vm_sizes)


def _sku_from_properties(df: pd.DataFrame) -> None:
    """Resource Graph and ARM keep the SKU of some types inside properties (Key Vault, Redis, Application
    Gateway, Azure Firewall, VPN gateways): use it when the resource has no top-level SKU."""
    missing = np.flatnonzero(df["sku"].isna().to_numpy())
    if not len(missing):
        return
    props = df["properties"].to_numpy(dtype=object)
    # Encoded properties are searched as text first, so only the few that name a sku are decoded.
    skus = {i: _get(as_dict(props[i]), "sku") for i in missing
            if (b'"sku"' in props[i].data if isinstance(props[i], EncodedObject) else isinstance(props[i], dict))}
    for i, sku in skus.items():
        if not isinstance(sku, dict):
            continue
        df.iat[i, df.columns.get_loc("sku")] = sku.get("name") if isinstance(sku.get("name"), str) else None
        if df["sku_tier"].iat[i] is None or df["sku_tier"].iat[i] != df["sku_tier"].iat[i]:
            df.iat[i, df.columns.get_loc("sku_tier")] = sku.get("tier")
        if sku.get("capacity") is not None and df["sku_capacity"].iat[i] != df["sku_capacity"].iat[i]:
            df.iat[i, df.columns.get_loc("sku_capacity")] = sku.get("capacity")


def _per_distinct(col: pd.Series, fn) -> list:
    """``fn`` applied to each distinct value once (missing values included), spread back to every row."""
    codes, uniq = pd.factorize(col.astype(object), use_na_sentinel=False)
    mapped = [fn(u) if not (isinstance(u, float) and math.isnan(u)) else fn(None) for u in uniq]
    table = np.empty(len(mapped), dtype=object)
    table[:] = mapped
    return list(table[codes])


def fill_vm_dimensions(df: pd.DataFrame, vm_sizes: pd.DataFrame | None) -> pd.DataFrame:
    """vCPU and memory from the VM size table, by a join on the lower-cased size name."""
    for col in ("vcpu", "memory_gb", "node_count", "storage_gb", "sku_capacity"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    if vm_sizes is None or df.empty:
        return df
    # One lookup per distinct size name (a few dozen in a million rows), spread back by integer codes.
    codes, sizes = pd.factorize(df["vm_size"].astype(object))
    keys = [v.lower() if isinstance(v, str) else "" for v in sizes]
    looked = vm_sizes.reindex(keys)
    for col in ("vcpu", "memory_gb"):
        per_size = np.append(looked[col].to_numpy(dtype="float64"), np.nan)
        values = per_size[np.where(codes >= 0, codes, len(keys))]
        df[col] = df[col].where(df[col].notna(), pd.Series(values, index=df.index))
    return df


def iac_values(col: pd.Series) -> list:
    """The ``iac`` column as True / False / None (a missing or NaN cell is None: no evidence)."""
    if col.isna().all():
        return [None] * len(col)  # no IaC evidence: the usual case, and a million rows cost nothing
    return [bool(v) if isinstance(v, (bool, np.bool_)) else None for v in col]


# What a state can add to a resource an export lists without it (az resource list has no properties).
_FILL = ["sku", "sku_tier", "sku_capacity", "kind", "location", "vm_size", "os_type", "vcpu", "memory_gb",
         "storage_gb", "properties"]


def merge_iac(df: pd.DataFrame, declared: np.ndarray) -> tuple[pd.DataFrame, int]:
    """Mark every resource as under IaC or not, given which rows a state declared.

    A resource both observed (an export) and declared (a state) is kept once, as observed, with
    what only the state knew filled in. A resource only a state lists is kept too (the export may not
    cover it, or it drifted). ``iac`` is True for every id a state lists (or an earlier inventory
    marked), False otherwise. Returns the frame and how many rows only a state lists.
    """
    ids = df["id"].str.lower().to_numpy()
    earlier = np.array([v is True for v in iac_values(df["iac"])], dtype=bool)
    under = set(ids[declared]) | set(ids[earlier])
    observed = df[~declared]
    decl = df[declared].assign(_key=ids[declared]).drop_duplicates("_key").set_index("_key")
    obs_keys = ids[~declared]
    both = pd.Index(obs_keys).isin(decl.index)
    if both.any():
        observed = observed.copy()
        src = decl.reindex(obs_keys[both])
        rows = observed.index[both]
        lacked_size = (observed.loc[rows, "vm_size"].isna() & pd.Series(src["vm_size"].notna().to_numpy(), index=rows)).to_numpy()
        for col in _FILL:
            mine = observed.loc[rows, col]
            theirs = pd.Series(src[col].to_numpy(), index=rows)
            missing = mine.isna() if col != "properties" else mine.map(lambda p: not isinstance(p, dict))
            observed.loc[rows, col] = mine.where(~missing, theirs)
        # A node count only means something with the size it counts: taken with the size, not alone.
        observed.loc[rows[lacked_size], "node_count"] = src["node_count"].to_numpy()[lacked_size]
    only = df[declared][~pd.Index(ids[declared]).isin(set(obs_keys))]
    out = pd.concat([observed, only], ignore_index=True)
    out["iac"] = [k in under for k in out["id"].str.lower()]
    return out, int(len(only))


def dedupe_and_sort(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the first row of each resource id (ids are case-insensitive) and order rows by id,
    so two plans of the same estate diff cleanly. Returns (inventory, dropped duplicates)."""
    if df.empty:
        return df.reset_index(drop=True), df
    # Python compares str by code point, as UTF-8 bytes sort; its sort is stable (the first file's row
    # comes first among equal ids) and, on a million ids, faster than numpy's on fixed-width bytes.
    key = np.array([i.lower() for i in df["id"].tolist()], dtype=object)
    if len(key) < 2 or (key[1:] > key[:-1]).all():
        return df.reset_index(drop=True), df.iloc[0:0]  # in order already (the columnar reader sorts): no copy
    order = np.array(sorted(range(len(key)), key=key.__getitem__), dtype=np.int64)
    sorted_key = key[order]
    dup = np.zeros(len(order), dtype=bool)
    dup[1:] = sorted_key[1:] == sorted_key[:-1]
    return df.iloc[order[~dup]].reset_index(drop=True), df.iloc[order[dup]]
