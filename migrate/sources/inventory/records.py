"""Helpers shared by the file adapters: turn one exported resource object into a record."""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import MigrateError

_SUB = re.compile(r"/subscriptions/([^/]+)", re.IGNORECASE)
_RG = re.compile(r"/resourcegroups/([^/]+)", re.IGNORECASE)


def subscription_of(resource_id: str) -> str | None:
    m = _SUB.search(resource_id or "")
    return m.group(1) if m else None


def resource_group_of(resource_id: str) -> str | None:
    m = _RG.search(resource_id or "")
    return m.group(1) if m else None


def maybe_json(value: Any) -> Any:
    """Cells of CSV downloads hold objects as JSON text; empty cells mean absent."""
    if isinstance(value, str):
        text = value.strip()
        if not text or text.lower() in ("null", "none"):
            return None
        if text[0] in "{[":
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return value
    return value


def ci_get(obj: dict, *names: str) -> Any:
    """First present key among ``names``, case-insensitively (exports disagree on casing)."""
    for name in names:
        if name in obj:
            return obj[name]
    lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


_CANONICAL_KEYS = {"id": "id", "name": "name", "type": "type", "location": "location", "kind": "kind", "sku": "sku",
                   "tags": "tags", "properties": "properties", "resourcegroup": "resourceGroup",
                   "subscriptionid": "subscriptionId"}


def record_from_arm_object(obj: Any, *, source_file: str, source_format: str, index: int, place: str = "item") -> dict:
    """One resource as ARM, az CLI and Resource Graph print it (keys as they spell them, or any casing)."""
    if not isinstance(obj, dict):
        raise MigrateError(source_file, f"{place} is a {type(obj).__name__}, expected a resource object",
                           place=f"{place} {index}", fix="export with `-o json` (not tsv/table)")
    if "id" not in obj or "type" not in obj:
        # Exports with other key casing (Id, Type, ResourceGroup): normalise once.
        obj = {_CANONICAL_KEYS.get(k.lower(), k): v for k, v in obj.items()}
    get = obj.get
    rid, rtype = get("id"), get("type")
    if not rid:
        raise MigrateError(source_file, "resource has no id", place=f"{place} {index}",
                           fix="keep the `id` column in the export or query (`project id, ...`)")
    if not rtype:
        raise MigrateError(source_file, "resource has no type", place=f"{place} {index} ({rid})",
                           fix="keep the `type` column in the export or query")
    sku = get("sku")
    if isinstance(sku, str):
        sku = {"name": sku}
    if not isinstance(sku, dict):
        sku = {}
    tags, props = get("tags"), get("properties")
    rid = str(rid)
    return {
        "id": rid,
        "subscription": get("subscriptionId") or subscription_of(rid) or "unknown",
        "resource_group": get("resourceGroup") or resource_group_of(rid),
        "name": get("name") or rid.rstrip("/").rsplit("/", 1)[-1],
        "type": str(rtype),
        "location": get("location"),
        "sku": sku.get("name") if "name" in sku else ci_get(sku, "name"),
        "sku_tier": sku.get("tier") if "tier" in sku else ci_get(sku, "tier"),
        "sku_capacity": sku.get("capacity") if "capacity" in sku else ci_get(sku, "capacity"),
        "kind": get("kind"),
        "tags": tags if isinstance(tags, dict) else {},
        "properties": props if isinstance(props, dict) else None,
        "unresolved": [],
        "source_file": source_file,
        "source_format": source_format,
    }


def frame_from_arm_objects(objs: list, *, source_file: str, source_format: str, place: str = "item"):
    """Many resource objects at once, column by column (a million rows in seconds).

    Same result as :func:`record_from_arm_object` on each object; objects whose keys are
    not spelled as ARM spells them go through that function.
    """
    import pandas as pd

    for i, o in enumerate(objs):
        if not isinstance(o, dict) or "id" not in o or "type" not in o or not o["id"] or not o["type"]:
            # Rare: odd casing or a broken item. Normalise (or raise a precise error) on the slow path.
            objs = [o if isinstance(o, dict) and o.get("id") and o.get("type") else
                    _respell(record_from_arm_object(o, source_file=source_file, source_format=source_format,
                                                    index=j, place=place)) for j, o in enumerate(objs)]
            break
    skus = [o.get("sku") for o in objs]
    skus = [{"name": k} if isinstance(k, str) else (k if isinstance(k, dict) else {}) for k in skus]
    ids = [str(o["id"]) for o in objs]
    cols = {
        "id": ids,
        "subscription": [o.get("subscriptionId") or subscription_of(i) or "unknown" for o, i in zip(objs, ids)],
        "resource_group": [o.get("resourceGroup") or resource_group_of(i) for o, i in zip(objs, ids)],
        "name": [o.get("name") or i.rstrip("/").rsplit("/", 1)[-1] for o, i in zip(objs, ids)],
        "type": [str(o["type"]) for o in objs],
        "location": [o.get("location") for o in objs],
        "sku": [k.get("name") for k in skus],
        "sku_tier": [k.get("tier") for k in skus],
        "sku_capacity": [k.get("capacity") for k in skus],
        "kind": [o.get("kind") for o in objs],
        "tags": [t if isinstance(t, dict) else {} for t in (o.get("tags") for o in objs)],
        "properties": [p if isinstance(p, dict) else None for p in (o.get("properties") for o in objs)],
    }
    df = pd.DataFrame(cols)
    df["unresolved"] = None  # nothing unresolved in an export; None reads as an empty list
    df["source_file"] = source_file
    df["source_format"] = source_format
    return df


def _respell(rec: dict) -> dict:
    """A normalised record back in ARM spelling, for the column builder."""
    return {"id": rec["id"], "type": rec["type"], "name": rec["name"], "location": rec["location"],
            "subscriptionId": rec["subscription"], "resourceGroup": rec["resource_group"], "kind": rec["kind"],
            "sku": {"name": rec["sku"], "tier": rec["sku_tier"], "capacity": rec["sku_capacity"]},
            "tags": rec["tags"], "properties": rec["properties"]}
