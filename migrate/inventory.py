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


def _count(capacity, default: float) -> float:
    return capacity if capacity is not None and capacity == capacity else default


def _vm(rec, props, sku, capacity, out):
    out["vm_size"] = _get(props, "hardwareProfile", "vmSize")
    out["os_type"] = _os_type(props)


def _scale_set(rec, props, sku, capacity, out):
    out["vm_size"], out["node_count"] = sku, _count(capacity, math.nan)
    out["os_type"] = _os_type(_get(props, "virtualMachineProfile"))


def _aks(rec, props, sku, capacity, out):
    out["vm_size"], out["node_count"] = _largest_pool(_get(props, "agentPoolProfiles"))
    out["os_type"] = "linux"


def _aks_pool(rec, props, sku, capacity, out):
    out["vm_size"], out["node_count"] = _get(props, "vmSize"), _num(_get(props, "count"))


def _app_plan(rec, props, sku, capacity, out):
    kind = rec.get("kind") if isinstance(rec.get("kind"), str) else ""
    out["vm_size"], out["node_count"] = sku, _count(capacity, 1.0)
    out["os_type"] = "linux" if "linux" in kind.lower() or _get(props, "reserved") is True else "windows"


def _disk(rec, props, sku, capacity, out):
    out["storage_gb"] = _num(_get(props, "diskSizeGB"))


def _flexible_server(rec, props, sku, capacity, out):
    out["vm_size"], out["storage_gb"] = sku, _num(_get(props, "storage", "storageSizeGB"))


def _single_server(rec, props, sku, capacity, out):
    out["storage_gb"] = _num(_get(props, "storageProfile", "storageMB")) / 1024
    out["vcpu"] = _num(capacity)


def _sql(rec, props, sku, capacity, out):
    tier = rec.get("sku_tier") if isinstance(rec.get("sku_tier"), str) else ""
    # DTU tiers (Basic/Standard/Premium) carry DTUs in capacity, not vCores.
    vcores = _num(capacity) if tier.lower() not in ("basic", "standard", "premium") else math.nan
    out["storage_gb"] = _num(_get(props, "maxSizeBytes")) / 1024**3
    out["vcpu"], out["memory_gb"] = vcores, vcores * SQL_GEN5_GB_PER_VCORE
    pool = _get(props, "elasticPoolId")
    out["host_id"] = pool if isinstance(pool, str) and pool else None


def _sql_managed_instance(rec, props, sku, capacity, out):
    vcores = _num(_get(props, "vCores"))
    out["storage_gb"] = _num(_get(props, "storageSizeInGB"))
    out["vcpu"], out["memory_gb"] = vcores, vcores * SQL_GEN5_GB_PER_VCORE


def _share(rec, props, sku, capacity, out):
    out["storage_gb"] = _num(_get(props, "shareQuota"))


def _sql_pool(rec, props, sku, capacity, out):
    # maxSizeBytes is the pool's limit (240 TB by default), not the data it holds: the size stays unknown.
    pass


def _nic(rec, props, sku, capacity, out):
    vm = _get(props, "virtualMachine", "id")
    out["host_id"] = vm if isinstance(vm, str) and vm else None


def _web_site(rec, props, sku, capacity, out):
    farm = _get(props, "serverFarmId")
    out["host_id"] = farm if isinstance(farm, str) and farm else None


def _container_app(rec, props, sku, capacity, out):
    """Per replica vCPU and memory of its containers, and the minimum replica count (always running).

    An app that scales to zero (minReplicas 0 or absent, Azure's default) has no replica known to run: its count
    stays unknown (the plan assumes one instance and says so), rather than a replica that never runs all month.
    """
    containers = _get(props, "template", "containers")
    if isinstance(containers, list) and containers:
        cpu = sum(_num(_get(c, "resources", "cpu")) for c in containers if isinstance(c, dict))
        mem = sum(_memory_gb(_get(c, "resources", "memory")) for c in containers if isinstance(c, dict))
        out["vcpu"], out["memory_gb"] = cpu, mem
    replicas = _num(_get(props, "template", "scale", "minReplicas"))
    out["node_count"] = replicas if replicas == replicas and replicas > 0 else math.nan


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


def derive_sizing(rec: dict) -> dict:
    """Sizing facts that live in different places per ARM type; unknown stays NaN/None."""
    out = {"vm_size": None, "os_type": None, "node_count": 1.0, "storage_gb": math.nan,
           "vcpu": math.nan, "memory_gb": math.nan, "host_id": None}
    sizer = _SIZERS.get(rec["type"])
    if sizer is not None:
        props = rec.get("properties") if isinstance(rec.get("properties"), dict) else None
        sku = rec.get("sku") if isinstance(rec.get("sku"), str) else None
        sizer(rec, props, sku, rec.get("sku_capacity"), out)
    return out


_DERIVED = ("vm_size", "os_type", "node_count", "storage_gb", "vcpu", "memory_gb", "host_id")


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
    df["type"] = df["type"].fillna("").str.lower()
    df["location"] = [v.lower().replace(" ", "") if isinstance(v, str) and v else None for v in df["location"]]
    df["tags"] = [t if isinstance(t, dict) else {} for t in df["tags"]]
    df["unresolved"] = [list(u) if isinstance(u, list) else [] for u in df["unresolved"]]
    _sku_from_properties(df)
    df["sku_capacity"] = pd.to_numeric(df["sku_capacity"], errors="coerce")
    df["iac"] = iac_values(df["iac"])
    for col in _DERIVED:
        if col not in df or df[col].isna().all():
            df[col] = 1.0 if col == "node_count" else (math.nan if col in ("storage_gb", "vcpu", "memory_gb") else None)
    df["host_id"] = df["host_id"].astype(object)
    sized = df.index[df["type"].isin(SIZED_TYPES)]
    if len(sized):
        sub = df.loc[sized, ["type", "properties", "sku", "sku_tier", "sku_capacity", "kind"]]
        keys = list(sub.columns)
        derived = pd.DataFrame([derive_sizing(dict(zip(keys, row))) for row in zip(*(sub[k] for k in keys))],
                               index=sized)
        for col in _DERIVED:
            keep = df.loc[sized, col]
            df.loc[sized, col] = keep.where(keep.notna(), derived[col]) if col != "node_count" else derived[col]
    df["parent_id"] = df["parent_id"].astype(object)
    child = df["type"].str.count("/") > 1
    # An id holding a raw template expression cannot be split into parent segments.
    missing_parent = df["parent_id"].isna() & child & ~df["id"].str.contains("[", regex=False)
    if missing_parent.any():
        df.loc[missing_parent, "parent_id"] = [parent_id_of(i or "", t) for i, t in
                                               zip(df.loc[missing_parent, "id"], df.loc[missing_parent, "type"])]
    return fill_vm_dimensions(df, vm_sizes)


def _sku_from_properties(df: pd.DataFrame) -> None:
    """Resource Graph and ARM keep the SKU of some types inside properties (Key Vault, Redis, Application
    Gateway, Azure Firewall, VPN gateways): use it when the resource has no top-level SKU."""
    no_sku = df["sku"].isna().to_numpy() & np.array([isinstance(p, dict) and isinstance(_get(p, "sku"), dict)
                                                     for p in df["properties"]], dtype=bool)
    for i in np.flatnonzero(no_sku):
        sku = _get(df["properties"].iat[i], "sku")
        df.iat[i, df.columns.get_loc("sku")] = sku.get("name") if isinstance(sku.get("name"), str) else None
        if df["sku_tier"].iat[i] is None or df["sku_tier"].iat[i] != df["sku_tier"].iat[i]:
            df.iat[i, df.columns.get_loc("sku_tier")] = sku.get("tier")
        if sku.get("capacity") is not None and df["sku_capacity"].iat[i] != df["sku_capacity"].iat[i]:
            df.iat[i, df.columns.get_loc("sku_capacity")] = sku.get("capacity")


def fill_vm_dimensions(df: pd.DataFrame, vm_sizes: pd.DataFrame | None) -> pd.DataFrame:
    """vCPU and memory from the VM size table, by a join on the lower-cased size name."""
    for col in ("vcpu", "memory_gb", "node_count", "storage_gb", "sku_capacity"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    if vm_sizes is None or df.empty:
        return df
    # astype(object): a column of nulls only (no VM in the estate) is float and has no .str
    key = df["vm_size"].astype(object).where(df["vm_size"].map(lambda v: isinstance(v, str)), None).str.lower()
    looked = vm_sizes.reindex(key.fillna("").to_numpy())
    for col in ("vcpu", "memory_gb"):
        values = looked[col].to_numpy()
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
    # UTF-8 bytes sort like code points, and numpy sorts fixed-width bytes in C (object arrays compare in Python).
    key = np.array([i.lower().encode("utf-8") for i in df["id"]])
    order = np.argsort(key, kind="stable")  # stable: the first file's row comes first among equal ids
    sorted_key = key[order]
    dup = np.zeros(len(order), dtype=bool)
    dup[1:] = sorted_key[1:] == sorted_key[:-1]
    return df.iloc[order[~dup]].reset_index(drop=True), df.iloc[order[dup]]
