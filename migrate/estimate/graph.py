"""The dependency graph of an inventory: who depends on whom, and through which field.

An edge ``src -> dst`` means *src depends on dst*: dst must move before or with src. Edges come from

- the id prefix: a child depends on its parent (``(parent)``), an extension resource such as a
  diagnostic setting on the resource it extends (``(scope)``);
- every resource id written inside ``properties`` (NICs of a VM, the plan of a web app, a subnet
  of a cluster, the key vault of a workspace, ...), resolved to the longest id prefix that is a
  resource of the inventory. Read-only back-references (a service's private endpoint connections,
  the VM of a NIC) are reversed. The rules are data: ``migrate/data/references.yaml``.

Ids compare case-insensitively. References to ids absent from the inventory are kept as external
edges (``dst = -1``) so they can be counted, never dropped silently. Cycles are found as strongly
connected components (scipy, iterative C code: no recursion, no loop on a cycle).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..bundled import data_path

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
    for i, props in enumerate(props_column):
        if not isinstance(props, dict) or not props:
            continue
        stack = [(props, "")]
        while stack:
            obj, path = stack.pop()
            items = obj.items() if isinstance(obj, dict) else (("", v) for v in obj)
            for k, v in items:
                if isinstance(v, str):
                    if v[:1] == "/" and v[:15].lower() == _PREFIX:
                        rows.append(i)
                        fields.append(f"{path}.{k}" if path and k else (k or path))
                        values.append(v)
                elif isinstance(v, (dict, list)) and v:
                    stack.append((v, f"{path}.{k}" if path and k else (k or path)))
    return rows, fields, values


def _spelled_type(rid: str) -> str:
    if "/providers/" not in rid:  # a subscription or resource group, not a resource
        return "resourcegroup" if "/resourcegroups/" in rid else "subscription"
    parts = rid.rsplit("/providers/", 1)[1].split("/")
    return "/".join([parts[0], *parts[1::2]]) if len(parts) >= 2 else ""


def ref_type(ids) -> np.ndarray:
    """The ARM type each lower-cased id spells (namespace + every other segment after its last ``/providers/``)."""
    return np.array([_spelled_type(i) for i in ids], dtype=object)


def _resolve(refs: pd.Series, index: pd.Index) -> np.ndarray:
    """Position in ``index`` (lower-cased ids) of the longest prefix of each reference, -1 if none."""
    pos = index.get_indexer(refs)
    todo = np.flatnonzero(pos < 0)
    cur = refs.to_numpy()[todo].astype(object)
    while len(todo):
        # Drop one /type/name pair; a bare /providers/<ns> left over is dropped too (extension ids).
        cur = pd.Series(cur).str.replace(r"/[^/]+/[^/]+$", "", regex=True)
        cur = cur.str.replace(r"/providers/[^/]+$", "", regex=True)
        alive = cur.str.contains("/providers/", regex=False).to_numpy()
        todo, cur = todo[alive], cur[alive]
        found = index.get_indexer(cur)
        hit = found >= 0
        pos[todo[hit]] = found[hit]
        todo, cur = todo[~hit], cur.to_numpy()[~hit]
    return pos


def _match(rules, keys: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Index of the first rule matching each distinct key row (-1 if none); rules are glob tuples."""
    out = np.full(len(keys), -1)
    for j, row in enumerate(keys[cols].itertuples(index=False)):
        for r, rule in enumerate(rules):
            if all(fnmatch.fnmatchcase(v, g) for v, g in zip(row, rule)):
                out[j] = r
                break
    return out


def dependency_edges(inventory: pd.DataFrame) -> pd.DataFrame:
    """Every dependency of ``inventory`` (needs ``id``, ``type``, ``parent_id``, ``properties``).

    Returns one row per distinct (src, dst, kind) with ``dst = -1`` and the referenced id in
    ``target`` for references outside the inventory; src/dst are row positions.
    Self-references (a resource's own sub-resources) are not edges.
    """
    n = len(inventory)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("src", "dst") else "object") for c in EDGE_COLUMNS})
    # Plain list comprehensions: pandas string methods are Python loops too, with more overhead per row.
    ids = [str(i).lower() for i in inventory["id"].tolist()]
    index = pd.Index(ids)
    types = np.array([str(t).lower() for t in inventory["type"].tolist()], dtype=object)

    rows, fields, values = (_references(inventory["properties"]) if "properties" in inventory else ([], [], []))
    parts = [pd.DataFrame({"src": np.asarray(rows, dtype=np.int64), "field": fields,
                           "target": [v.lower() for v in values]})]
    parents = [(i, p.lower()) for i, p in enumerate(inventory["parent_id"].tolist()) if isinstance(p, str) and p]
    parts.append(pd.DataFrame({"src": np.array([i for i, _ in parents], dtype=np.int64), "field": "(parent)",
                               "target": [p for _, p in parents]}))
    # Extension resources live under another resource's id: <scope>/providers/<ns>/<type>/<name>.
    scoped = [(i, rid.rsplit("/providers/", 1)[0]) for i, rid in enumerate(ids) if rid.count("/providers/") >= 2]
    parts.append(pd.DataFrame({"src": np.array([i for i, _ in scoped], dtype=np.int64), "field": "(scope)",
                               "target": [t for _, t in scoped]}))
    refs = pd.concat(parts, ignore_index=True)
    if refs.empty:
        return refs.assign(dst=np.zeros(0, dtype=np.int64), kind="")[EDGE_COLUMNS]
    refs["field"] = [f.lower() for f in refs["field"]]
    refs["dst"] = _resolve(refs["target"], index)
    refs = refs[refs["dst"] != refs["src"]]
    refs["type"] = types[refs["src"].to_numpy()]
    rules = reference_rules()
    keys = refs[["type", "field"]].drop_duplicates().reset_index(drop=True)
    keys["back"] = _match(rules.back, keys, ["type", "field"]) >= 0
    refs = refs.merge(keys, on=["type", "field"], how="left")
    # A back-reference names a user of this resource: the user depends on this one.
    flip = refs["back"].to_numpy() & (refs["dst"].to_numpy() >= 0)
    src, dst = refs["src"].to_numpy().copy(), refs["dst"].to_numpy().copy()
    src[flip], dst[flip] = dst[flip], refs["src"].to_numpy()[flip]
    refs["src"], refs["dst"] = src, dst
    # The kind reads from the dependant's side: its type, the field, the type depended on.
    refs["type"] = types[src]
    refs["ttype"] = np.where(flip, types[np.maximum(dst, 0)], ref_type(refs["target"]))
    keys = refs[["type", "field", "ttype"]].drop_duplicates().reset_index(drop=True)
    kind_ix = _match([(t, f, g) for t, f, g, _ in rules.kinds], keys, ["type", "field", "ttype"])
    names = np.array([k for *_, k in rules.kinds] + ["reference"], dtype=object)
    keys["kind"] = names[np.where(kind_ix < 0, len(names) - 1, kind_ix)]
    refs = refs.merge(keys, on=["type", "field", "ttype"], how="left")
    refs.loc[refs["dst"] >= 0, "target"] = None
    edges = refs[EDGE_COLUMNS].sort_values(["src", "dst", "kind", "field", "target"], na_position="first")
    # One edge per (src, dst, kind) (an external target is its own endpoint); the first field names it.
    edges = edges.drop_duplicates(["src", "dst", "kind", "target"]).reset_index(drop=True)
    return edges.astype({"src": "int64", "dst": "int64"})


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
