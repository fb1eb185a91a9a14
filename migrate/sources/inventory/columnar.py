"""Large JSON exports read column by column: az resource list, Resource Graph JSON, canonical inventories.

The file is decoded once by msgspec into small typed records holding only the fields the inventory
keeps (everything else is skipped, never built), which are turned into columns at once. ``properties``
stays encoded (:class:`~migrate.encoded.EncodedObject`, decoded when sizing or the graph reads it);
identical tag sets and repeated values (types, regions, groups) share one object.

Only the common, well-formed shapes take this path. Anything else (keys spelled other than as ARM
spells them, a broken item, a template, CSV, a NaN literal, a forced format that differs from the
detected one) returns None, and the caller reads the file with the general readers, which give the
same rows or the precise one-line error (file, item, fix).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pandas as pd

from ...encoded import EncodedObject
from ...inventory import COLUMNS
from .records import resource_group_of, subscription_of

_NULL = msgspec.Raw(b"null")
_UNSET = msgspec.UNSET


class _Sku(msgspec.Struct, gc=False):
    name: Any = None
    tier: Any = None
    capacity: Any = None


class _Arm(msgspec.Struct, gc=False):
    """One resource as az CLI, ARM and Resource Graph spell it."""

    id: Any = None
    type: Any = None
    name: Any = None
    location: Any = None
    resourceGroup: Any = None
    subscriptionId: Any = None
    kind: Any = None
    sku: _Sku | str | None = None
    tags: msgspec.Raw = _NULL
    properties: msgspec.Raw = _NULL


class _Canonical(msgspec.Struct):
    """One row of a canonical inventory file (migrate inventory import); absent keys stay UNSET."""

    id: Any = _UNSET
    subscription: Any = _UNSET
    resource_group: Any = _UNSET
    name: Any = _UNSET
    type: Any = _UNSET
    location: Any = _UNSET
    sku: Any = _UNSET
    sku_tier: Any = _UNSET
    sku_capacity: Any = _UNSET
    kind: Any = _UNSET
    tags: msgspec.Raw | msgspec.UnsetType = _UNSET
    properties: msgspec.Raw | msgspec.UnsetType = _UNSET
    vm_size: Any = _UNSET
    os_type: Any = _UNSET
    vcpu: Any = _UNSET
    memory_gb: Any = _UNSET
    node_count: Any = _UNSET
    storage_gb: Any = _UNSET
    parent_id: Any = _UNSET
    host_id: Any = _UNSET
    unresolved: Any = _UNSET
    source_file: Any = _UNSET
    source_format: Any = _UNSET
    iac: Any = _UNSET


_ENVELOPE = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RAW_LIST = msgspec.json.Decoder(list[msgspec.Raw])
_ARM = msgspec.json.Decoder(_Arm)
_CANONICAL_LIST = msgspec.json.Decoder(list[_Canonical])
_ANY = msgspec.json.Decoder()


class Read:
    """What the columnar path read: the format, the raw columns (before from_records), warnings, scope."""

    def __init__(self, fmt: str, frame: pd.DataFrame, warnings: list[str], scope: dict | None = None):
        self.format, self.frame, self.warnings, self.scope = fmt, frame, warnings, scope


def read_file(path, input_format: str = "auto") -> Read | None:
    """Read an export file column-wise, or None when the general readers must handle it.

    Only a one-item list holds the file's bytes, emptied once the items are split out, so the bytes
    are freed before the columns become a frame.
    """
    from pathlib import Path

    from .files import read_bytes, utf8_bytes

    return _read([utf8_bytes(Path(path), read_bytes(Path(path)))], str(path), input_format)


def read(data: bytes, path: str, input_format: str = "auto") -> Read | None:
    """Read a UTF-8 JSON export column-wise, or None when the general readers must handle it."""
    return _read([data], path, input_format)


def _read(box: list[bytes], path: str, input_format: str) -> Read | None:
    start = 0
    while box[0][start:start + 1].isspace():
        start += 1
    head = box[0][start:start + 1]
    try:
        if head == b"{":
            return _read_object(box, path, input_format)
        if head == b"[":
            fmt = _list_format(box[0], start)
            if fmt is None or input_format not in ("auto", fmt):
                return None
            items = _RAW_LIST.decode(box[0])
            box.clear()
            return _arm_frame(items, path, fmt, [])
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None  # the general reader names the line and column (or the byte) that is wrong
    return None


def _read_object(box: list[bytes], path: str, input_format: str) -> Read | None:
    top = _ENVELOPE.decode(box[0])

    def value(key: str) -> Any:
        raw = top.get(key)
        return None if raw is None else _ANY.decode(raw)

    def is_list(key: str) -> bool:
        raw = top.get(key)
        return raw is not None and memoryview(raw)[:1].tobytes() == b"["

    # The order of files.detect: an inventory, a template, Resource Graph's {"data"}, an ARM page's {"value"}.
    if value("format") == "migrate-inventory":
        fmt = "inventory"
    elif "deploymenttemplate" in str(value("$schema") or "").lower() or \
            ("resources" in top and "contentVersion" in top):
        return None
    elif is_list("data"):
        fmt = "resource-graph-json"
    elif is_list("value"):
        fmt = "az-resource-list"
    else:
        return None
    if input_format not in ("auto", fmt):
        return None
    if fmt == "inventory":
        return _canonical_frame(top, path)
    warnings = []
    if fmt == "resource-graph-json" and value("skip_token"):
        warnings.append(f"{path}: result has a skip_token, so it is one page of a longer result; "
                        "re-run `az graph query` with --skip-token until none is returned")
    key = "data" if fmt == "resource-graph-json" else "value"
    items = _RAW_LIST.decode(top.pop(key))
    top.clear()
    box.clear()  # the items are now the only references into the file's bytes; _arm_frame lets them go
    return _arm_frame(items, path, fmt, warnings)


def _list_format(data: bytes, start: int) -> str | None:
    """Format of a top-level list from its first item's keys (as files.detect reads them)."""
    decoder = json.JSONDecoder()
    pos = start + 1
    while data[pos:pos + 1].isspace():
        pos += 1
    if data[pos:pos + 1] != b"{":
        return None  # empty list or not objects: the general path reports it
    size = 1 << 16
    while True:
        chunk = data[pos:pos + size].decode("utf-8", "ignore")
        try:
            first, _ = decoder.raw_decode(chunk)
            break
        except json.JSONDecodeError:
            if pos + size >= len(data):
                return None
            size *= 4
    keys = {k.lower() for k in first}
    if "subscriptionid" in keys or "tenantid" in keys:
        return "resource-graph-json"
    if "id" in keys or "type" in keys:
        return "az-resource-list"
    return None


def _shared(values: list) -> list:
    """The same values with equal strings made one object (types, regions, groups repeat across rows)."""
    seen: dict = {}
    get = seen.setdefault
    return [get(v, v) if type(v) is str else v for v in values]


def _decoded(raws: list, make, cache: dict | None = None) -> list:
    """Each distinct encoded value turned into a value once by ``make``; rows with equal text share it."""
    cache = {} if cache is None else cache
    out = []
    for raw in raws:
        key = bytes(raw)
        value = cache.get(key, cache)
        if value is cache:
            value = cache[key] = make(key)
        out.append(value)
    return out


def _tag_dict(text: bytes) -> dict:
    value = _ANY.decode(text)
    return value if isinstance(value, dict) else {}


def _object_or_none(text: bytes) -> EncodedObject | None:
    return EncodedObject(text) if text[:1] == b"{" else None


def _object_or_value(text: bytes) -> Any:
    return EncodedObject(text) if text[:1] == b"{" else _ANY.decode(text)


def _ids(values: list) -> list[str]:
    return [v if type(v) is str else str(v) for v in values]


def _scope_parts(rid: str) -> tuple[str | None, str | None]:
    """(subscription, resource group) of an ARM id, as records.subscription_of / resource_group_of read them."""
    if rid[:15].lower() == "/subscriptions/":
        j = rid.find("/", 15)
        if j > 15 and rid[j:j + 16].lower() == "/resourcegroups/":
            k = rid.find("/", j + 16)
            rg = rid[j + 16:k] if k >= 0 else rid[j + 16:]
            if rg:
                return rid[15:j], rg
    return subscription_of(rid), resource_group_of(rid)


_CHUNK = 50_000  # items decoded at a time: the typed records of one chunk at most exist at once


def _arm_frame(raws: list, path: str, fmt: str, warnings: list[str]) -> Read | None:
    """Columns of the encoded items ``raws`` (emptied on the way), decoded a chunk at a time."""
    if not raws:
        return None
    names = ("id", "subscription", "resource_group", "name", "type", "location", "sku", "sku_tier", "sku_capacity",
             "kind", "tags", "properties")
    cols: dict[str, list] = {n: [] for n in names}
    seen: dict = {}  # one object per distinct string, across columns and chunks
    share = seen.setdefault
    tag_cache: dict = {}
    prop_cache: dict = {}
    decode = _ARM.decode
    for start in range(0, len(raws), _CHUNK):
        items = [decode(r) for r in raws[start:start + _CHUNK]]
        if not all(o.id and o.type for o in items):
            return None  # an item without id or type (or spelled Id/Type): the general path normalises or names it
        ids = _ids([o.id for o in items])
        subs, rgs = [o.subscriptionId for o in items], [o.resourceGroup for o in items]
        for i, rid in enumerate(ids):
            if not subs[i] or not rgs[i]:
                sub, rg = _scope_parts(rid)
                subs[i] = subs[i] or sub or "unknown"
                rgs[i] = rgs[i] or rg
        skus = [o.sku for o in items]
        cols["id"] += ids
        cols["subscription"] += [share(v, v) if type(v) is str else v for v in subs]
        cols["resource_group"] += [share(v, v) if type(v) is str else v for v in rgs]
        cols["name"] += [o.name or rid.rstrip("/").rsplit("/", 1)[-1] for o, rid in zip(items, ids)]
        cols["type"] += [share(t, t) if type(t) is str else str(t) for t in (o.type for o in items)]
        cols["location"] += [share(v, v) if type(v) is str else v for v in (o.location for o in items)]
        cols["sku"] += [share(v, v) if type(v) is str else v for v in
                        (s if type(s) is str else (s.name if s is not None else None) for s in skus)]
        cols["sku_tier"] += [share(v, v) if type(v) is str else v for v in
                             (s.tier if type(s) is _Sku else None for s in skus)]
        cols["sku_capacity"] += [s.capacity if type(s) is _Sku else None for s in skus]
        cols["kind"] += [share(v, v) if type(v) is str else v for v in (o.kind for o in items)]
        cols["tags"] += _decoded([o.tags for o in items], _tag_dict, tag_cache)
        cols["properties"] += _decoded([o.properties for o in items], _object_or_none, prop_cache)
        del items, ids, subs, rgs, skus
    raws.clear()  # the last references into the file's bytes
    df = pd.DataFrame(cols)
    df["unresolved"] = None  # nothing unresolved in an export; None reads as an empty list
    df["source_file"] = path
    df["source_format"] = fmt
    return Read(fmt, df, warnings)


def _canonical_frame(top: dict, path: str) -> Read | None:
    from .canonical import SCHEMA_VERSION

    if "schema_version" not in top or _ANY.decode(top["schema_version"]) != SCHEMA_VERSION:
        return None  # the general reader says which version it found
    raw = top.get("resources")
    if raw is None or memoryview(raw)[:1].tobytes() != b"[":
        return None
    rows = _CANONICAL_LIST.decode(raw)
    if not rows or not all(r.id is not _UNSET and r.type is not _UNSET and r.id and r.type for r in rows):
        return None
    scope = _ANY.decode(top["scope"]) if "scope" in top else None
    nan = float("nan")
    cols: dict[str, list] = {}
    for col in COLUMNS:
        # As DataFrame.from_records reads a list of dicts: a missing key is NaN, an explicit null None.
        values = [getattr(r, col) for r in rows]
        if col in ("tags", "properties"):
            present = [v for v in values if v is not _UNSET]
            decoded = iter(_decoded(present, _object_or_value if col == "properties" else _ANY.decode))
            values = [nan if v is _UNSET else next(decoded) for v in values]
        else:
            values = [nan if v is _UNSET else v for v in values]
        cols[col] = _shared(values) if col in _REPEATED else values
    rows.clear()
    return Read("inventory", pd.DataFrame(cols, columns=COLUMNS), [], scope or {})


_REPEATED = {"subscription", "resource_group", "type", "location", "sku", "sku_tier", "kind", "vm_size", "os_type",
             "source_file", "source_format"}
