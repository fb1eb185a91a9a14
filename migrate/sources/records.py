"""Helpers shared by the file adapters: turn one exported resource object into a record."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import MigrateError

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


def record_from_arm_object(obj: Any, *, source_file: str, source_format: str, index: int) -> dict:
    """One resource as ARM, az CLI and Resource Graph print it."""
    if not isinstance(obj, dict):
        raise MigrateError(source_file, f"item is a {type(obj).__name__}, expected a resource object",
                           place=f"item {index}", fix="export with `-o json` (not tsv/table)")
    rid = maybe_json(ci_get(obj, "id"))
    rtype = maybe_json(ci_get(obj, "type"))
    if not rid:
        raise MigrateError(source_file, "resource has no id", place=f"item {index}",
                           fix="keep the `id` column in the export or query (`project id, ...`)")
    if not rtype:
        raise MigrateError(source_file, "resource has no type", place=f"item {index} ({rid})",
                           fix="keep the `type` column in the export or query")
    sku = maybe_json(ci_get(obj, "sku"))
    if isinstance(sku, str):
        sku = {"name": sku}
    sku = sku if isinstance(sku, dict) else {}
    tags = maybe_json(ci_get(obj, "tags"))
    props = maybe_json(ci_get(obj, "properties"))
    return {
        "id": str(rid),
        "subscription": maybe_json(ci_get(obj, "subscriptionId")) or subscription_of(str(rid)) or "unknown",
        "resource_group": maybe_json(ci_get(obj, "resourceGroup")) or resource_group_of(str(rid)),
        "name": maybe_json(ci_get(obj, "name")) or str(rid).rstrip("/").rsplit("/", 1)[-1],
        "type": str(rtype),
        "location": maybe_json(ci_get(obj, "location")),
        "sku": ci_get(sku, "name"),
        "sku_tier": ci_get(sku, "tier"),
        "sku_capacity": ci_get(sku, "capacity"),
        "kind": maybe_json(ci_get(obj, "kind")),
        "tags": tags if isinstance(tags, dict) else {},
        "properties": props if isinstance(props, dict) else None,
        "unresolved": [],
        "source_file": source_file,
        "source_format": source_format,
    }
