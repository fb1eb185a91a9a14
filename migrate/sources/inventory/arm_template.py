"""ARM templates (`az group export`, quickstart ``azuredeploy.json``) -> resource records.

Expands ``copy`` loops and nested child resources, evaluates parameter defaults,
variables and the static template functions. A value that needs deployment-time
information stays as its raw expression and the field is listed in ``unresolved``;
the resource is never dropped (only a ``condition`` that evaluates to false drops it,
as a deployment would, with a warning).
"""

from __future__ import annotations

from typing import Any

from ...errors import MigrateError
from .arm_expressions import Scope, Unresolvable, evaluate, is_expression
from .files import Loaded

FORMAT = "arm-template"
_MAX_COPY = 800  # ARM's own limit on copy loop count


def read(loaded: Loaded, *, resource_group: str, location: str, subscription: str = "unknown") -> list[dict]:
    doc = loaded.document
    scope = Scope(parameters=dict(doc.get("parameters") or {}), variables=dict(doc.get("variables") or {}),
                  resource_group=resource_group, location=location, subscription=subscription)
    out: list[dict] = []
    if not isinstance(doc.get("resources"), (list, dict)):
        raise MigrateError(loaded.path, "template has no `resources` list", place="resources",
                           fix="give the template itself, not its parameters or outputs")
    _expand(doc["resources"], scope, None, loaded, out, "resources")
    if any(_mentions_rg_location(r) for r in (doc.get("parameters") or {}).values()):
        loaded.warnings.append(f"{loaded.path}: resourceGroup().location taken as '{location}' (set --location to change)")
    return out


def _mentions_rg_location(spec: Any) -> bool:
    return isinstance(spec, dict) and "resourcegroup().location" in str(spec.get("defaultValue", "")).lower()


def _resolve(value: Any, scope: Scope, path: str, unresolved: list[str]) -> Any:
    """Evaluate deeply; keep raw expressions that cannot be resolved and record where."""
    if isinstance(value, dict):
        return {k: _resolve(v, scope, f"{path}.{k}", unresolved) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, scope, f"{path}[{i}]", unresolved) for i, v in enumerate(value)]
    try:
        return evaluate(value, scope)
    except Unresolvable:
        unresolved.append(path)
        return value
    except RecursionError:
        unresolved.append(path)
        return value


def _items(resources: Any) -> list:
    # Language version 2.0 templates (symbolic names) hold resources in an object.
    return list(resources.values()) if isinstance(resources, dict) else list(resources or [])


def _expand(resources: Any, scope: Scope, parent: dict | None, loaded: Loaded, out: list[dict], where: str) -> None:
    for i, res in enumerate(_items(resources)):
        place = f"{where}[{i}]"
        if not isinstance(res, dict) or "type" not in res:
            raise MigrateError(loaded.path, "resource has no `type`", place=place, fix="check the template is complete")
        copy = res.get("copy")
        if isinstance(copy, dict):
            count_raw = copy.get("count", 1)
            try:
                count = int(evaluate(count_raw, scope))
            except (Unresolvable, TypeError, ValueError):
                count = None
            if count is None:
                _one(res, scope, parent, loaded, out, place, extra_unresolved=["copy.count"], copy_suffix="[copy]")
                continue
            for n in range(min(count, _MAX_COPY)):
                _one(res, scope.child(copy.get("name", "copy"), n), parent, loaded, out, f"{place}[copy {n}]",
                     copy_suffix=f"[{n}]")
        else:
            _one(res, scope, parent, loaded, out, place)


def _one(res: dict, scope: Scope, parent: dict | None, loaded: Loaded, out: list[dict], place: str,
         extra_unresolved: list[str] | None = None, copy_suffix: str | None = None) -> None:
    unresolved = list(extra_unresolved or [])
    if res.get("existing") is True:
        # Bicep `existing`: a reference to a resource deployed elsewhere, not part of this template.
        loaded.warnings.append(f"{loaded.path}: {place}: `existing` resource is a reference, not deployed here")
        return
    if "condition" in res:
        try:
            if evaluate(res["condition"], scope) in (False, "false", "False"):
                loaded.warnings.append(f"{loaded.path}: {place}: condition is false, resource not deployed")
                return
        except Unresolvable:
            unresolved.append("condition")
    rtype = _resolve(res["type"], scope, "type", unresolved)
    name = _resolve(res.get("name", ""), scope, "name", unresolved)
    rtype, name = str(rtype), str(name)
    # Inside a parent, a type without a namespace ("databases", "blobServices/containers") is relative to it.
    if parent is not None and "." not in rtype.split("/", 1)[0]:
        full_type = f"{parent['_arm_type']}/{rtype}"
    else:
        full_type = rtype
    if parent is not None and name.count("/") < full_type.count("/") - 1:
        name = f"{parent['name']}/{name}"
    if "name" in unresolved and copy_suffix:
        name = f"{name}{copy_suffix}"  # keep copies of an unresolvable name apart
    location = _resolve(res.get("location"), scope, "location", unresolved)
    if location is None and parent is not None:
        location = parent.get("location")
    sku = _resolve(res.get("sku"), scope, "sku", unresolved)
    is_deployment = full_type.lower() == "microsoft.resources/deployments"
    raw_props = res.get("properties") if isinstance(res.get("properties"), dict) else None
    if is_deployment and raw_props is not None:
        # The inner template is expanded in its own scope (below), never evaluated in this one.
        props = _resolve({k: v for k, v in raw_props.items() if k != "template"}, scope, "properties", unresolved)
    else:
        props = _resolve(res.get("properties"), scope, "properties", unresolved)
    extends = _resolve(res.get("scope"), scope, "scope", unresolved) if "scope" in res else None
    resource_id, parent_id = _ids(scope, full_type, name, "name" in unresolved, parent, extends, place)
    record = {
        "id": resource_id,
        "parent_id": parent_id,
        "subscription": scope.subscription,
        "resource_group": scope.resource_group,
        "name": name,
        "type": full_type,
        "_arm_type": full_type,
        "location": location if isinstance(location, str) and not is_expression(location) else None,
        "sku": sku.get("name") if isinstance(sku, dict) else (sku if isinstance(sku, str) else None),
        "sku_tier": sku.get("tier") if isinstance(sku, dict) else None,
        "sku_capacity": sku.get("capacity") if isinstance(sku, dict) else None,
        "kind": _resolve(res.get("kind"), scope, "kind", unresolved),
        "tags": _resolve(res.get("tags") or {}, scope, "tags", unresolved),
        "properties": props if isinstance(props, dict) else None,
        "unresolved": unresolved,
        "source_file": loaded.path,
        "source_format": FORMAT,
    }
    nested_template = (raw_props or {}).get("template") if is_deployment else None
    if isinstance(nested_template, dict):
        _expand_nested_deployment(res, props or {}, nested_template, scope, loaded, out, place)
        return
    if is_deployment and isinstance((props or {}).get("templateLink"), dict):
        record["unresolved"].append("properties.templateLink (linked template not fetched)")
    out.append(record)
    if res.get("resources"):
        _expand(res["resources"], scope, record, loaded, out, f"{place}.resources")


def _expand_nested_deployment(res: dict, props: dict, template: dict, scope: Scope, loaded: Loaded,
                              out: list[dict], place: str) -> None:
    """Inline nested deployments: expand their resources instead of listing the wrapper."""
    inner_scope_kind = str(((res.get("properties") or {}).get("expressionEvaluationOptions") or {}).get("scope", "outer")).lower()
    if inner_scope_kind == "inner":
        given = props.get("parameters") or {}
        params = dict(template.get("parameters") or {})
        for k, v in given.items():
            value = v.get("value") if isinstance(v, dict) and "value" in v else None
            if value is None or is_expression(value):
                # A Key Vault reference, or an outer value that stayed an expression: only known at deployment.
                params[k] = {}
            else:
                params[k] = {"value": value}
        inner = Scope(params, dict(template.get("variables") or {}), scope.resource_group, scope.location, scope.subscription)
    else:
        # Outer scope: the template sees this template's parameters and variables, but not its copy loop.
        inner = Scope(scope.parameters, scope.variables, scope.resource_group, scope.location, scope.subscription,
                      _var_cache=scope._var_cache)
    _expand(template.get("resources") or [], inner, None, loaded, out, f"{place}.properties.template.resources")


def _ids(scope: Scope, full_type: str, name: str, name_unresolved: bool, parent: dict | None,
         extends, place: str) -> tuple[str, str | None]:
    """Resource id and parent id. A name kept as a raw expression is not split on its '/'
    (they may be inside string literals); extension resources hang off the resource they extend."""
    ns, *segments = full_type.split("/")
    names = name.split("/")
    if name_unresolved or len(names) != len(segments):
        pairs = f"{'/'.join(segments)}/{name}"
        parent_id = parent["id"] if parent is not None else None
    else:
        pairs = "/".join(f"{s}/{n}" for s, n in zip(segments, names))
        parent_id = None  # derived from the id
    if isinstance(extends, str) and extends and not is_expression(extends):
        base = extends if extends.startswith("/") else \
            f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}/providers/{extends}"
        return f"{base.rstrip('/')}/providers/{ns}/{pairs}", base.rstrip("/")
    if extends is not None:  # scope kept as an expression: keep resources apart by their place
        return f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}/providers/{ns}/{pairs}#{place}", None
    return f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}/providers/{ns}/{pairs}", parent_id
