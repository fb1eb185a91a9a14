"""The dependency graph of an inventory: who depends on whom, and through which field.

An edge ``src -> dst`` means *src depends on dst*: dst must move before or with src. Edges come from

- the id prefix: a child depends on its parent (``(parent)``), an extension resource such as a
  diagnostic setting on the resource it extends (``(scope)``);
- every resource id written inside ``properties`` (NICs of a VM, the plan of a web app, a subnet
  of a cluster, the key vault of a workspace, ...), resolved to the longest id prefix that is a
  resource of the inventory, and every key vault URI (``https://NAME.vault.azure.net/keys/...``:
  customer-managed keys), resolved to the vault of that name. Read-only back-references (a
  service's private endpoint connections, the VM of a NIC) are reversed. The rules are data:
  ``migrate/data/references.yaml``.

Ids compare case-insensitively. References to ids absent from the inventory are kept as external
edges (``dst = -1``) so they can be counted, never dropped silently. Cycles are found as strongly
connected components (scipy, iterative C code: no recursion, no loop on a cycle).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..bundled import data_path
from ..encoded import EncodedObject

EDGE_COLUMNS = ["src", "dst", "kind", "field", "target"]
_PREFIX = "/subscriptions/"


@dataclass(frozen=True)
class Rules:
    back: tuple[tuple[str, str], ...]                # (type glob, field glob)
    kinds: tuple[tuple[str, str, str, str], ...]     # (type glob, field glob, target glob, kind)


@lru_cache(maxsize=1)
def reference_rules() -> Rules:
    doc = yaml.safe_load(data_path("references.yaml").read_text(encoding="utf-8"))
    back = tuple((r.get("type", "*"), r.get("field", "*")) for r in doc["back_references"])
    kinds = tuple((r.get("type", "*"), r.get("field", "*"), r.get("target", "*"), r["kind"]) for r in doc["kinds"])
    return Rules(back, kinds)


def _references(props_column) -> tuple[list[int], list[str], list[str]]:
    """(row, field path, referenced id) for every id-like string in each row's properties."""
    rows: list[int] = []
    fields: list[str] = []
    values: list[str] = []
    # The hot loop of the graph at scale: exact type checks and bound methods keep it ~10 us a resource.
    for i, props in enumerate(props_column):
        t = type(props)
        if t is EncodedObject:
            # Most properties name no other resource: look at their text before decoding them.
            if b"\\" not in props.data and not _MAY_REFER(props.data):
                continue
            props = props.decode()
        elif t is not dict:
            continue
        if not props:
            continue
        stack = [(props, "")]
        pop, push = stack.pop, stack.append
        while stack:
            obj, path = pop()
            pairs = obj.items() if type(obj) is dict else ((None, v) for v in obj)
            for k, v in pairs:
                t = type(v)
                if t is str:
                    if (v[:1] == "/" and v[:15].lower() == _PREFIX) or (v[:8] == "https://" and _vault_host(v)):
                        rows.append(i)
                        fields.append(path if k is None else (f"{path}.{k}" if path else k))
                        values.append(v)
                elif (t is dict or t is list) and v:
                    push((v, path if k is None else (f"{path}.{k}" if path else k)))
    return rows, fields, values


# Every text that the walk below could keep holds one of these (a JSON escape anywhere sends the text to the walk).
_MAY_REFER = re.compile(rb'(?i)"/subscriptions/|\.(?:vault|managedhsm)\.azure\.net').search


# Key vaults and managed HSMs are named in properties by URI (CMK key URLs, vault URIs); their names are
# globally unique, so the URI names the vault resource.
_VAULT_HOSTS = {".vault.azure.net": "microsoft.keyvault/vaults", ".managedhsm.azure.net": "microsoft.keyvault/managedhsms"}


def _vault_host(uri: str) -> str | None:
    """``https://NAME.vault.azure.net/...`` -> ``https://name.vault.azure.net`` (the vault it names), else None."""
    host = uri[8:].split("/", 1)[0].lower()
    for suffix in _VAULT_HOSTS:
        if host.endswith(suffix) and host.count(".") == suffix.count("."):
            return "https://" + host
    return None


def _spelled_type(rid: str) -> str:
    if rid.startswith("https://"):
        return next(t for suffix, t in _VAULT_HOSTS.items() if rid.endswith(suffix))
    if "/providers/" not in rid:  # a subscription or resource group, not a resource
        return "resourcegroup" if "/resourcegroups/" in rid else "subscription"
    parts = rid.rsplit("/providers/", 1)[1].split("/")
    return "/".join([parts[0], *parts[1::2]]) if len(parts) >= 2 else ""


def ref_type(ids) -> np.ndarray:
    """The ARM type each lower-cased id spells (namespace + every other segment after its last ``/providers/``)."""
    return np.array([_spelled_type(i) for i in ids], dtype=object)


def _resolve_one(ref: str, lookup: dict[str, int]) -> int:
    """Row of the longest prefix of ``ref`` that is a resource, -1 if none (a subscription or group is not)."""
    cur = ref
    while True:
        found = lookup.get(cur)
        if found is not None:
            return found
        cur = cur.rsplit("/", 2)[0]  # drop one /type/name pair
        head, sep, tail = cur.rpartition("/providers/")
        if not sep:
            return -1
        if "/" not in tail:  # a bare /providers/<ns> left over: the scope of an extension id
            cur = head
            if "/providers/" not in cur:
                return -1


def _parent_prefix(ref: str) -> str | None:
    """The next shorter id :func:`_resolve_one` tries after ``ref`` (one /type/name pair less), None when none."""
    cur = ref.rsplit("/", 2)[0]
    head, sep, tail = cur.rpartition("/providers/")
    if not sep:
        return None
    if "/" not in tail:  # a bare /providers/<ns> left over: the scope of an extension id
        cur = head
        if "/providers/" not in cur:
            return None
    return cur


def _resolve(targets: list[str], ids: list[str], vaults: dict[str, int]) -> np.ndarray:
    """Row of each target (as :func:`_resolve_one` finds it), all targets at once: one hash lookup per prefix level."""
    out = np.full(len(targets), -1, dtype=np.int64)
    index = pd.Index(ids)
    if not index.is_unique:  # (an inventory with one id twice: the last row wins, as in a dict)
        lookup = {rid: i for i, rid in enumerate(ids)}
        return np.array([vaults.get(t, -1) if t[:1] == "h" else _resolve_one(t, lookup) for t in targets],
                        dtype=np.int64)
    pending = []
    for j, t in enumerate(targets):
        if t[:1] == "h":
            out[j] = vaults.get(t, -1)
        else:
            pending.append(j)
    cur = [targets[j] for j in pending]
    while pending:
        found = index.get_indexer(cur)
        nxt, nxt_cur = [], []
        for j, ref, row in zip(pending, cur, found.tolist()):
            if row >= 0:
                out[j] = row
                continue
            parent = _parent_prefix(ref)
            if parent is not None:
                nxt.append(j), nxt_cur.append(parent)
        pending, cur = nxt, nxt_cur
    return out


def _codes(*columns) -> tuple[np.ndarray, np.ndarray]:
    """One integer per distinct combination of the columns: (code per row, first row of each code)."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        c, uniq = pd.factorize(col)
        combined = combined * (len(uniq) + 1) + c
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return inverse, first


def _match(rules, rows: list[tuple]) -> np.ndarray:
    """Index of the first rule matching each distinct key tuple (-1 if none); rules are glob tuples."""
    out = np.full(len(rows), -1)
    for j, row in enumerate(rows):
        for r, rule in enumerate(rules):
            if all(fnmatch.fnmatchcase(v, g) for v, g in zip(row, rule)):
                out[j] = r
                break
    return out


def dependency_edges(inventory: pd.DataFrame) -> pd.DataFrame:
    """Every dependency of ``inventory`` (needs ``id``, ``type``, ``parent_id``, ``properties``).

    Returns one row per distinct (src, dst, kind) with ``dst = -1`` and the referenced id in
    ``target`` for references outside the inventory; src/dst are row positions, rows sorted.
    Self-references (a resource's own sub-resources) are not edges.
    """
    # Plain lists and integer codes: pandas string methods and string merges cost seconds a million rows.
    ids = [i.lower() if type(i) is str else str(i).lower() for i in inventory["id"].tolist()]
    tc, tu = pd.factorize(inventory["type"].astype(object), use_na_sentinel=False)
    types = np.array([str(t).lower() for t in tu], dtype=object)[tc] if len(tc) else np.array([], dtype=object)

    rows, fields, values = (_references(inventory["properties"].tolist()) if "properties" in inventory else ([], [], []))
    targets = [_vault_host(v) if v[:1] == "h" else v.lower() for v in values]
    fields = [f.lower() for f in fields]
    for i, p in enumerate(inventory["parent_id"].tolist() if "parent_id" in inventory else []):
        if isinstance(p, str) and p:
            rows.append(i), fields.append("(parent)"), targets.append(p.lower())
    # Extension resources live under another resource's id: <scope>/providers/<ns>/<type>/<name>.
    for i, rid in enumerate(ids):
        if rid.count("/providers/") > 1:
            rows.append(i), fields.append("(scope)"), targets.append(rid.rsplit("/providers/", 1)[0])
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("src", "dst") else "object") for c in EDGE_COLUMNS})

    src = np.asarray(rows, dtype=np.int64)
    tcode, uniq_targets = pd.factorize(pd.Series(targets, dtype=object))
    vaults = {f"https://{ids[i].rsplit('/', 1)[-1]}{suffix}": int(i) for suffix, vt in _VAULT_HOSTS.items()
              for i in np.flatnonzero(types == vt)}
    dst = _resolve(list(uniq_targets), ids, vaults)[tcode]
    field_arr = np.asarray(fields, dtype=object)
    keep = dst != src
    src, dst, tcode, field_arr = src[keep], dst[keep], tcode[keep], field_arr[keep]

    rules = reference_rules()
    code, first = _codes(types[src], field_arr)
    back = (_match(rules.back, [(types[src[j]], field_arr[j]) for j in first]) >= 0)[code]
    # A back-reference names a user of this resource: the user depends on this one.
    flip = back & (dst >= 0)
    src, dst = np.where(flip, dst, src), np.where(flip, src, dst)
    # The kind reads from the dependant's side: its type, the field, the type depended on.
    spelled = ref_type(uniq_targets)[tcode]
    ttype = np.where(flip, types[np.maximum(dst, 0)], spelled)
    code, first = _codes(types[src], field_arr, ttype)
    kind_ix = _match([(t, f, g) for t, f, g, _ in rules.kinds],
                     [(types[src[j]], field_arr[j], ttype[j]) for j in first])
    names = np.array([k for *_, k in rules.kinds] + ["reference"], dtype=object)
    kind = names[np.where(kind_ix < 0, len(names) - 1, kind_ix)][code]

    external = dst < 0
    target = np.where(external, np.asarray(uniq_targets, dtype=object)[tcode], None)
    # Sort by (src, dst, kind, field, target) on integer codes; keep the first row per (src, dst, kind, target).
    kcode = pd.factorize(kind, sort=True)[0]
    fcode = pd.factorize(field_arr, sort=True)[0]
    xcode = np.where(external, pd.factorize(target.astype(str), sort=True)[0], -1)
    order = np.lexsort((fcode, xcode, kcode, dst, src))
    key = np.stack([src, dst, kcode, xcode], axis=1)[order]
    first_of = np.ones(len(order), dtype=bool)
    first_of[1:] = (key[1:] != key[:-1]).any(axis=1)
    sel = order[first_of]
    return pd.DataFrame({"src": src[sel], "dst": dst[sel], "kind": kind[sel], "field": field_arr[sel],
                         "target": target[sel]})


def internal(edges: pd.DataFrame) -> pd.DataFrame:
    """Edges between resources of the inventory, one per (src, dst) pair (the first kind, sorted)."""
    e = edges[edges["dst"] >= 0]
    return e.drop_duplicates(["src", "dst"]).reset_index(drop=True)


def strong_components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Strongly connected component label of each of ``n`` nodes (iterative, cycle-safe)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    m = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n)).tocsr()
    return connected_components(m, directed=True, connection="strong")[1].astype(np.int64)


def weak_components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    m = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n)).tocsr()
    return connected_components(m, directed=False)[1].astype(np.int64)


def cycles(n: int, edges: pd.DataFrame) -> list[np.ndarray]:
    """Every dependency cycle as the sorted row positions of its strongly connected component."""
    e = internal(edges)
    labels = strong_components(n, e["src"].to_numpy(), e["dst"].to_numpy())
    sizes = np.bincount(labels, minlength=labels.max() + 1 if n else 0)
    big = np.flatnonzero(sizes > 1)
    if len(big) == 0:
        return []
    rows = np.flatnonzero(np.isin(labels, big))
    groups = pd.Series(rows).groupby(labels[rows]).agg(list)
    return sorted((np.array(sorted(g)) for g in groups), key=lambda g: g[0])


def summary(inventory: pd.DataFrame, edges: pd.DataFrame) -> dict:
    """What plan.json says about the graph: edge counts by kind, cycles (ids), external references."""
    ids = inventory["id"].to_numpy()
    e = internal(edges)
    ext = edges[edges["dst"] < 0]
    return {
        "edges": int(len(e)),
        "by_kind": {k: int(v) for k, v in e["kind"].value_counts().sort_index().items()},
        "cycles": [[str(ids[i]) for i in c] for c in cycles(len(inventory), edges)],
        "external": {"references": int(len(ext)), "ids": int(ext["target"].nunique()),
                     "by_kind": {k: int(v) for k, v in ext["kind"].value_counts().sort_index().items()}},
    }


def depends_on(inventory: pd.DataFrame, edges: pd.DataFrame) -> list[list[str]]:
    """Per resource row, the sorted ids it depends on inside the inventory."""
    e = internal(edges)
    ids = inventory["id"].to_numpy()
    out: list[list[str]] = [[] for _ in range(len(inventory))]
    for s, d in zip(e["src"].to_numpy(), e["dst"].to_numpy()):
        out[s].append(str(ids[d]))
    return [sorted(x, key=str.lower) for x in out]


def graph_document(inventory: pd.DataFrame, edges: pd.DataFrame) -> dict:
    """The graph as records: nodes (sorted by id), internal edges, external references, summary."""
    ids = inventory["id"].astype(str).to_numpy()
    names = inventory["name"].to_numpy() if "name" in inventory else ids
    types = inventory["type"].astype(str).to_numpy()
    order = np.argsort(np.char.lower(ids.astype(str)), kind="stable")
    nodes = [{"id": ids[i], "name": str(names[i]) if isinstance(names[i], str) else ids[i].rsplit("/", 1)[-1],
              "type": types[i]} for i in order]
    e = internal(edges)
    key = lambda r: (r["from"].lower(), r["to"].lower(), r["kind"])  # noqa: E731
    links = sorted(({"from": ids[s], "to": ids[d], "kind": k, "field": f}
                    for s, d, k, f in zip(e["src"], e["dst"], e["kind"], e["field"])), key=key)
    x = edges[edges["dst"] < 0]
    external = sorted(({"from": ids[s], "to": t, "kind": k, "field": f}
                       for s, t, k, f in zip(x["src"], x["target"], x["kind"], x["field"])), key=key)
    return {"format": "migrate-graph", "schema_version": 1, "summary": summary(inventory, edges),
            "nodes": nodes, "edges": links, "external": external}
