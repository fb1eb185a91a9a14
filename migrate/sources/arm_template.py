"""ARM templates (`az group export`, quickstart ``azuredeploy.json``) -> resource records.

Expands ``copy`` loops and nested child resources, evaluates parameter defaults,
variables and the static template functions. A value that needs deployment-time
information stays as its raw expression and the field is listed in ``unresolved``;
the resource is never dropped (only a ``condition`` that evaluates to false drops it,
as a deployment would, with a warning).
"""

from __future__ import annotations

from typing import Any

from ..errors import MigrateError
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
    props = _resolve(res.get("properties"), scope, "properties", unresolved)
    record = {
        "id": _make_id(scope, full_type, name),
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
    nested_template = (props or {}).get("template") if full_type.lower() == "microsoft.resources/deployments" else None
    if isinstance(nested_template, dict):
        _expand_nested_deployment(res, props, nested_template, scope, loaded, out, place)
        return
    if full_type.lower() == "microsoft.resources/deployments" and isinstance((props or {}).get("templateLink"), dict):
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
            params[k] = v if isinstance(v, dict) and "value" in v else {"value": v}
        inner = Scope(params, dict(template.get("variables") or {}), scope.resource_group, scope.location, scope.subscription)
    else:
        inner = scope
    _expand(template.get("resources") or [], inner, None, loaded, out, f"{place}.properties.template.resources")


def _make_id(scope: Scope, full_type: str, name: str) -> str:
    ns, *segments = full_type.split("/")
    names = name.split("/")
    if len(names) != len(segments):
        pairs = f"{'/'.join(segments)}/{name}"
    else:
        pairs = "/".join(f"{s}/{n}" for s, n in zip(segments, names))
    return f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}/providers/{ns}/{pairs}"
