"""Terraform / OpenTofu state as an inventory: `terraform.tfstate` (format version 4) and the JSON of
`terraform show -json` (a state: ``values``; a plan: ``planned_values`` and ``resource_changes``).

Managed resources of the ``azurerm`` and ``azapi`` providers become ARM-shaped resource objects
(id, type, location, tags, sku, kind and the few properties the inventory sizes from), built from the
table ``migrate/data/terraform_azurerm.yaml``; everything else in a state is counted and named:
data sources, other providers (random, azuread...), resources that only configure another one
(associations, network rules...), containers (resource groups) and objects without an ARM id.

Secrets never leave: only the attributes the table names are read; a value Terraform marks sensitive
(``sensitive_attributes`` of a state, ``sensitive_values`` of `show -json`) is never read, and what is
read goes through the redaction rules of :mod:`.redaction`. Errors and warnings name addresses and
attribute names, never values.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ...bundled import data_path
from ...errors import MigrateError
from .redaction import REDACTED, redact, redact_tags
from .records import record_from_arm_object

STATE = "terraform-state"
SHOW_STATE = "terraform-show-json"
SHOW_PLAN = "terraform-plan-json"
FORMATS = (STATE, SHOW_STATE, SHOW_PLAN)
AZURE_PROVIDERS = ("azurerm", "azapi")
_FIX = "give terraform.tfstate (`terraform state pull > state.tfstate`) or `terraform show -json` output"
_PROVIDER = re.compile(r'provider\["([^"]+)"\]')
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SHOWN = 5  # addresses named in a warning before "and N more"


# ------------------------------------------------------------------ the table
@dataclass(frozen=True)
class Table:
    resources: dict          # azurerm type -> {"arm_type": str, "set": {arm path: spec}}
    settings: frozenset      # azurerm / azapi types that configure a resource created elsewhere
    containers: frozenset    # resource groups, management groups, subscriptions
    azapi: dict              # azapi type -> "resource" | "settings" | "data-plane"
    source: str = ""


@functools.lru_cache(maxsize=1)
def load_table(path: str | None = None) -> Table:
    """The azurerm -> ARM table (the bundled one by default)."""
    file = path or str(data_path("terraform_azurerm.yaml"))
    try:
        with open(file, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        resources = {str(k): {"arm_type": str(v["arm_type"]), "set": dict(v.get("set") or {})}
                     for k, v in doc["resources"].items()}
        azapi = {str(k): str(v) for k, v in (doc.get("azapi") or {}).items()}
        return Table(resources, frozenset(doc.get("settings") or []), frozenset(doc.get("containers") or []),
                     azapi, str(doc.get("source") or ""))
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise MigrateError(file, f"unreadable Terraform type table: {exc}".replace("\n", " "),
                           fix="restore migrate/data/terraform_azurerm.yaml from the release") from exc


# ------------------------------------------------------------------ detection
def detect(doc: Any) -> str | None:
    """The Terraform format of a parsed JSON document, or None when it is not one."""
    if not isinstance(doc, dict):
        return None
    if "lineage" in doc and "terraform_version" in doc and "resources" in doc or \
            (doc.get("version") in (3, 4) and "terraform_version" in doc):
        return STATE
    if "format_version" in doc and "terraform_version" in doc:
        if any(k in doc for k in ("planned_values", "resource_changes", "prior_state", "configuration")):
            return SHOW_PLAN
        return SHOW_STATE
    return None


def looks_like(doc: Any, fmt: str) -> bool:
    return detect(doc) == fmt


# ------------------------------------------------------------------ instances
@dataclass
class Instance:
    """One resource instance as a state or plan records it."""

    address: str
    mode: str
    type: str
    provider: str                          # provider type: azurerm, azapi, random...
    attributes: dict
    sensitive: set = field(default_factory=set)   # attribute paths (tuples) Terraform marks sensitive
    deposed: bool = False
    planned: bool = False


def _provider_type(text: str) -> str:
    m = _PROVIDER.search(text or "")
    source = m.group(1) if m else (text or "")
    return source.rstrip("/").rsplit("/", 1)[-1].lower()


def _index(key: Any) -> str:
    if key is None:
        return ""
    return f"[{key}]" if isinstance(key, int) or (isinstance(key, float) and key.is_integer()) else f"[{json.dumps(key)}]"


def _state_paths(raw: Any, file: str, address: str) -> set:
    """``sensitive_attributes`` of a v4 state: lists of {type: get_attr|index, value} steps."""
    if raw in (None, []):
        return set()
    if not isinstance(raw, list):
        raise MigrateError(file, "sensitive_attributes is not a list", place=address, fix=_FIX)
    out = set()
    for steps in raw:
        if not isinstance(steps, list):
            # Recent Terraform versions may write other shapes; unreadable means every value is withheld.
            out.add(())
            continue
        path = []
        for step in steps:
            if not isinstance(step, dict):
                path = None
                break
            value = step.get("value")
            if step.get("type") == "index" and isinstance(value, dict):
                value = value.get("value")
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            path.append(value)
        out.add(tuple(path) if path is not None else ())
    return out


def _mask_paths(mask: Any, prefix: tuple = ()) -> set:
    """``sensitive_values`` of `show -json`: the shape of the values with ``true`` where sensitive."""
    if mask is True:
        return {prefix}
    out = set()
    if isinstance(mask, dict):
        for k, v in mask.items():
            out |= _mask_paths(v, prefix + (k,))
    elif isinstance(mask, list):
        for i, v in enumerate(mask):
            out |= _mask_paths(v, prefix + (i,))
    return out


def _from_state(doc: dict, file: str) -> list[Instance]:
    version = doc.get("version")
    if version != 4:
        raise MigrateError(file, f"Terraform state format version {version!r} is not supported (version 4 is)",
                           place="version", fix="run `terraform init` and `terraform state pull > state.tfstate` with "
                                                "Terraform 0.12 or newer (or OpenTofu), which writes version 4")
    resources = doc.get("resources")
    if not isinstance(resources, list):
        raise MigrateError(file, "state has no `resources` list", place="resources", fix=_FIX)
    out = []
    for i, rs in enumerate(resources):
        if not isinstance(rs, dict) or not rs.get("type") or not isinstance(rs.get("instances"), list):
            raise MigrateError(file, "resource without type or instances", place=f"resources[{i}]", fix=_FIX)
        module = rs.get("module") or ""
        mode = rs.get("mode") or "managed"
        base = f"{module + '.' if module else ''}{'data.' if mode == 'data' else ''}{rs['type']}.{rs.get('name')}"
        provider = _provider_type(rs.get("provider") or "")
        for j, inst in enumerate(rs["instances"]):
            if not isinstance(inst, dict):
                raise MigrateError(file, "instance is not an object", place=f"resources[{i}].instances[{j}] ({base})",
                                   fix=_FIX)
            address = base + _index(inst.get("index_key"))
            attrs = inst.get("attributes")
            if attrs is None and isinstance(inst.get("attributes_flat"), dict):
                attrs = _unflatten(inst["attributes_flat"])
            if not isinstance(attrs, dict):
                attrs = {}
            out.append(Instance(address, mode, rs["type"], provider, attrs,
                                _state_paths(inst.get("sensitive_attributes"), file, address),
                                deposed=bool(inst.get("deposed"))))
    return out


def _unflatten(flat: dict) -> dict:
    """Pre-0.12 flat attributes ("tags.%", "sku.0.name"): only the top-level scalars are kept."""
    return {k: v for k, v in flat.items() if "." not in k}


def _walk_module(module: Any, file: str, where: str, planned: bool, out: list) -> None:
    if not isinstance(module, dict):
        raise MigrateError(file, "module is not an object", place=where, fix=_FIX)
    for i, r in enumerate(module.get("resources") or []):
        if not isinstance(r, dict) or not r.get("type"):
            raise MigrateError(file, "resource without type", place=f"{where}.resources[{i}]", fix=_FIX)
        address = r.get("address") or f"{r['type']}.{r.get('name')}{_index(r.get('index'))}"
        values = r.get("values") if isinstance(r.get("values"), dict) else {}
        out.append(Instance(address, r.get("mode") or "managed", r["type"], _provider_type(r.get("provider_name") or ""),
                            values, _mask_paths(r.get("sensitive_values")), deposed=bool(r.get("deposed_key")),
                            planned=planned))
    for k, child in enumerate(module.get("child_modules") or []):
        _walk_module(child, file, f"{where}.child_modules[{k}]", planned, out)


def _from_show(doc: dict, file: str, fmt: str) -> tuple[list[Instance], dict]:
    out: list[Instance] = []
    extra: dict = {}
    if fmt == SHOW_PLAN:
        root = (doc.get("planned_values") or {}).get("root_module")
        if root is not None:
            _walk_module(root, file, "planned_values.root_module", True, out)
        actions: dict[str, int] = {}
        for rc in doc.get("resource_changes") or []:
            if isinstance(rc, dict) and rc.get("mode", "managed") == "managed":
                key = "-".join((rc.get("change") or {}).get("actions") or ["unknown"])
                actions[key] = actions.get(key, 0) + 1
        extra["planned_actions"] = dict(sorted(actions.items()))
    else:
        root = (doc.get("values") or {}).get("root_module")
        if root is not None:
            _walk_module(root, file, "values.root_module", False, out)
    return out, extra


# ------------------------------------------------------------------ attribute access
def _steps(path: str) -> tuple:
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _STEP.finditer(path))


class _Reader:
    """Reads attributes of one instance, never a sensitive one; counts what it withheld."""

    def __init__(self, inst: Instance):
        self.attrs = inst.attributes
        self.sensitive = inst.sensitive
        self.withheld = 0

    def _is_sensitive(self, path: tuple) -> bool:
        return any(path[:len(s)] == s for s in self.sensitive)

    def get(self, path: str | tuple) -> Any:
        steps = _steps(path) if isinstance(path, str) else path
        if self._is_sensitive(steps):
            self.withheld += 1
            return None
        node: Any = self.attrs
        for s in steps:
            if isinstance(s, int):
                node = node[s] if isinstance(node, list) and len(node) > s else None
            else:
                node = node.get(s) if isinstance(node, dict) else None
            if node is None:
                return None
        inner = [p[len(steps):] for p in self.sensitive if len(p) > len(steps) and p[:len(steps)] == steps]
        if inner:
            node = copy.deepcopy(node)
            for p in inner:
                self.withheld += _blank(node, p)
        return node

    def spec(self, spec: Any) -> Any:
        """The value a table spec gives (see the table's header), or None."""
        if isinstance(spec, str):
            return self.get(spec)
        if not isinstance(spec, dict):
            return None
        if "const" in spec:
            return spec["const"]
        if "first" in spec:
            for s in spec["first"]:
                v = self.spec(s)
                if v is not None:
                    return v
            return None
        if "join" in spec:
            parts = [self.get(p) for p in spec["join"]]
            return str(spec.get("sep", "")).join(map(str, parts)) if all(p not in (None, "") for p in parts) else None
        value = self.get(spec["attr"]) if "attr" in spec else None
        if value is None:
            return None
        if "match" in spec:
            m = re.search(spec["match"], str(value))
            if not m:
                return self.get(spec["else"]) if "else" in spec else None
            value = m.group(1) if m.groups() else m.group(0)
        if "map" in spec:
            value = spec["map"].get(value)
        if value is not None and ("times" in spec or "divide" in spec):
            try:
                value = float(value) * float(spec.get("times", 1)) / float(spec.get("divide", 1))
            except (TypeError, ValueError):
                return None
            value = int(value) if value.is_integer() else value
        return value


def _blank(node: Any, path: tuple) -> int:
    """Replace the value at ``path`` inside ``node`` (a copy) with the redaction marker."""
    for i, s in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, dict) and s in node:
            if last:
                node[s] = REDACTED
                return 1
            node = node[s]
        elif isinstance(node, list) and isinstance(s, int) and 0 <= s < len(node):
            if last:
                node[s] = REDACTED
                return 1
            node = node[s]
        else:
            return 0
    return 0


def _put(obj: dict, path: str, value: Any) -> None:
    """Set ``obj`` at an ARM field path ("properties.agentPoolProfiles[0].vmSize")."""
    steps = _steps(path)
    node: Any = obj
    for s, nxt in zip(steps, steps[1:]):
        if isinstance(s, int):
            while len(node) <= s:
                node.append({} if not isinstance(nxt, int) else [])
            node = node[s]
        else:
            if s not in node:
                node[s] = [] if isinstance(nxt, int) else {}
            node = node[s]
    last = steps[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


# ------------------------------------------------------------------ ARM ids
def is_arm_id(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("/") and "/providers/" in value.lower() \
        and "|" not in value and not value.startswith("//")


def arm_type_of(resource_id: str) -> str | None:
    """The ARM type an id names (the segments after its last /providers/), or None."""
    low = resource_id.lower()
    cut = low.rfind("/providers/")
    if cut < 0:
        return None
    parts = resource_id[cut + len("/providers/"):].strip("/").split("/")
    if len(parts) < 3 or len(parts) % 2 == 0:
        return None
    return "/".join([parts[0]] + parts[1::2])


def azapi_id(type_attr: str, parent_id: Any, name: Any) -> str | None:
    """An azapi resource's id from its type, parent_id and name (as the azapi provider documents parent_id)."""
    if not (isinstance(type_attr, str) and isinstance(parent_id, str) and isinstance(name, str) and name):
        return None
    segs = type_attr.split("@", 1)[0].split("/")
    if len(segs) < 2:
        return None
    parent = parent_id.rstrip("/")
    if len(segs) == 2:
        return f"{parent}/providers/{segs[0]}/{segs[1]}/{name}"
    return f"{parent}/{segs[-1]}/{name}"


# ------------------------------------------------------------------ resources
@dataclass
class Report:
    """What one file held, by kind; addresses kept to name them in warnings."""

    managed: int = 0
    data_sources: list = field(default_factory=list)
    other_providers: dict = field(default_factory=dict)   # provider -> [addresses]
    settings: list = field(default_factory=list)
    containers: list = field(default_factory=list)
    without_arm_id: list = field(default_factory=list)
    planned_without_id: list = field(default_factory=list)
    deposed: list = field(default_factory=list)
    sensitive_id: list = field(default_factory=list)
    types_from_id: list = field(default_factory=list)
    withheld: int = 0
    redacted: int = 0

    def summary(self, resources: int, extra: dict) -> dict:
        return {"managed_instances": self.managed, "azure_resources": resources,
                "data_sources_skipped": len(self.data_sources),
                "other_providers": {p: len(a) for p, a in sorted(self.other_providers.items())},
                "settings_of_other_resources": len(self.settings), "containers": len(self.containers),
                "without_arm_id": len(self.without_arm_id), "planned_without_id": len(self.planned_without_id),
                "deposed_skipped": len(self.deposed), "types_from_id": len(self.types_from_id),
                "sensitive_values_withheld": self.withheld, "redacted_values": self.redacted, **extra}


def _named(addresses: list) -> str:
    shown = ", ".join(addresses[:_SHOWN])
    return shown + (f" and {len(addresses) - _SHOWN} more" if len(addresses) > _SHOWN else "")


def _warnings(file: str, rep: Report) -> list[str]:
    w = []
    if rep.data_sources:
        w.append(f"{file}: {len(rep.data_sources)} data source(s) skipped (read, not managed): {_named(rep.data_sources)}")
    for p, addrs in sorted(rep.other_providers.items()):
        w.append(f"{file}: {len(addrs)} resource(s) of provider {p!r} listed, not Azure resources, not planned: "
                 f"{_named(addrs)}")
    if rep.settings:
        w.append(f"{file}: {len(rep.settings)} resource(s) configure another resource (association, rules, keys, "
                 f"settings), not separate Azure resources: {_named(rep.settings)}")
    if rep.containers:
        w.append(f"{file}: {len(rep.containers)} container(s) (resource groups...) are not resources of the estate: "
                 f"{_named(rep.containers)}")
    if rep.without_arm_id:
        w.append(f"{file}: {len(rep.without_arm_id)} resource(s) have no ARM id (data-plane objects such as Key Vault "
                 f"secrets or blobs), not planned: {_named(rep.without_arm_id)}")
    if rep.planned_without_id:
        w.append(f"{file}: {len(rep.planned_without_id)} resource(s) of the plan have no ARM id until applied, not "
                 f"planned: {_named(rep.planned_without_id)} (apply first, or give the state)")
    if rep.deposed:
        w.append(f"{file}: {len(rep.deposed)} deposed object(s) awaiting destruction skipped: {_named(rep.deposed)}")
    if rep.sensitive_id:
        w.append(f"{file}: {len(rep.sensitive_id)} resource(s) whose id Terraform marks sensitive skipped: "
                 f"{_named(rep.sensitive_id)}")
    if rep.types_from_id:
        w.append(f"{file}: {len(rep.types_from_id)} azurerm resource(s) of types not in the azurerm table: ARM type "
                 f"taken from their id: {_named(rep.types_from_id)}")
    return w


def _azure_object(inst: Instance, table: Table, rep: Report) -> dict | None:
    """The ARM-shaped object of one azurerm/azapi instance, or None (counted in ``rep``)."""
    reader = _Reader(inst)
    if inst.provider == "azapi" or inst.type.startswith("azapi_"):
        kind = table.azapi.get(inst.type, "settings")
        if kind == "settings":
            rep.settings.append(inst.address)
            return None
        if kind == "data-plane":
            rep.without_arm_id.append(inst.address)
            return None
        type_attr = reader.get("type")
        rid = reader.get("id") or azapi_id(type_attr, reader.get("parent_id"), reader.get("name"))
        arm_type = type_attr.split("@", 1)[0] if isinstance(type_attr, str) else None
        body = reader.get("body")
        if isinstance(body, str):
            try:
                body = json.loads(body)
            except json.JSONDecodeError:
                body = None
        body = body if isinstance(body, dict) else {}
        obj = {"sku": body.get("sku"), "kind": body.get("kind"), "properties": body.get("properties")}
    else:
        if inst.type in table.settings:
            rep.settings.append(inst.address)
            return None
        if inst.type in table.containers:
            rep.containers.append(inst.address)
            return None
        entry = table.resources.get(inst.type)
        rid = reader.get("id")
        arm_type = entry["arm_type"] if entry else None
        obj = {}
        for path, spec in (entry or {}).get("set", {}).items():
            value = reader.spec(spec)
            if value is not None:
                _put(obj, path, value)
    if ("id",) in inst.sensitive or () in inst.sensitive:
        rep.sensitive_id.append(inst.address)
        return None
    if not is_arm_id(rid):
        (rep.planned_without_id if inst.planned and rid is None else rep.without_arm_id).append(inst.address)
        return None
    named = arm_type_of(rid)
    if named is None:
        rep.without_arm_id.append(inst.address)
        return None
    if arm_type is None or arm_type.lower() != named.lower():
        if arm_type is None:
            rep.types_from_id.append(inst.address)
        arm_type = named  # the id is what Azure holds; the table only guides
    location, tags = reader.get("location"), reader.get("tags")
    obj.update({"id": rid, "type": arm_type, "location": location if isinstance(location, str) else None,
                "tags": tags if isinstance(tags, dict) else {}})
    rep.withheld += reader.withheld
    return obj


def read(loaded, fmt: str, table: Table | None = None) -> tuple[list[dict], dict, list[str]]:
    """Records (as :func:`records.record_from_arm_object` builds them, with ``iac`` True), what the
    file held (:meth:`Report.summary`) and the warnings naming what was not planned."""
    doc, file = loaded.document, loaded.path
    table = table or load_table()
    if fmt == STATE:
        instances, extra = _from_state(doc, file), {}
        extra["terraform_version"] = str(doc.get("terraform_version") or "")
    else:
        instances, extra = _from_show(doc, file, fmt)
        extra["terraform_version"] = str(doc.get("terraform_version") or "")
    rep = Report()
    objects: list[tuple[str, dict, bool]] = []
    for inst in instances:
        if inst.mode == "data":
            rep.data_sources.append(inst.address)
            continue
        rep.managed += 1
        azure = inst.provider in AZURE_PROVIDERS or inst.type.startswith(("azurerm_", "azapi_"))
        if not azure:
            rep.other_providers.setdefault(inst.provider or inst.type.split("_", 1)[0], []).append(inst.address)
            continue
        if inst.deposed:
            rep.deposed.append(inst.address)
            continue
        obj = _azure_object(inst, table, rep)
        if obj is not None:
            objects.append((inst.address, obj, inst.type in table.resources or inst.type == "azapi_resource"))
    # Several addresses with one id: one creates the resource, the others configure it.
    by_id: dict[str, int] = {}
    kept: list[tuple[str, dict, bool]] = []
    for address, obj, primary in objects:
        key = obj["id"].lower()
        if key in by_id:
            k = by_id[key]
            if primary and not kept[k][2]:
                rep.settings.append(kept[k][0])
                kept[k] = (address, obj, primary)
            else:
                rep.settings.append(address)
            continue
        by_id[key] = len(kept)
        kept.append((address, obj, primary))
    records = []
    for i, (address, obj, _) in enumerate(kept):
        tags, n_tags = redact_tags(obj.pop("tags"))
        clean, n = redact(obj)
        clean["tags"] = tags
        rep.redacted += n + n_tags
        rec = record_from_arm_object(clean, source_file=file, source_format=fmt, index=i, place=address)
        rec["iac"] = True
        records.append(rec)
    return records, rep.summary(len(records), extra), _warnings(file, rep)
