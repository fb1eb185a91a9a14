"""Evaluate ARM template expressions (``"[concat(parameters('p'), '-vm')]"``) statically.

Only functions whose value is knowable from the template alone are evaluated; the rest
(``reference()``, ``listKeys()``, ``uniqueString()``, ``utcNow()``...) raise
:class:`Unresolvable`, and the caller keeps the raw expression and flags the field.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable


class Unresolvable(Exception):
    """The expression needs deployment-time information (or is not understood)."""


# ---------------------------------------------------------------- tokenizer / parser
_TOKEN = re.compile(r"""\s*(?:
    (?P<str>'(?:[^']|'')*')
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(),.\[\]])
)""", re.VERBOSE)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise Unresolvable(f"cannot parse expression near {text[pos:pos + 20]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


@dataclass
class _Call:
    name: str
    args: list


@dataclass
class _Member:
    target: Any
    key: Any  # str for .prop, node for [index]


@dataclass
class _Lit:
    value: Any


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise Unresolvable(f"expected {value!r}")
        self.i += 1
        return tok

    def parse(self):
        node = self.expr()
        if self.i != len(self.toks):
            raise Unresolvable("trailing tokens in expression")
        return node

    def expr(self):
        kind, val = self.take()
        if kind == "str":
            node = _Lit(val[1:-1].replace("''", "'"))
        elif kind == "num":
            node = _Lit(float(val) if "." in val else int(val))
        elif kind == "ident":
            self.take("(")
            args = []
            if self.peek()[1] != ")":
                args.append(self.expr())
                while self.peek()[1] == ",":
                    self.take(",")
                    args.append(self.expr())
            self.take(")")
            node = _Call(val, args)
        else:
            raise Unresolvable(f"unexpected {val!r}")
        while self.peek()[1] in (".", "["):
            if self.take()[1] == ".":
                node = _Member(node, self.take()[1])
            else:
                node = _Member(node, self.expr())
                self.take("]")
        return node


# ---------------------------------------------------------------- evaluation context
@dataclass
class Scope:
    """What a template's expressions can see."""

    parameters: dict[str, Any]
    variables: dict[str, Any]
    resource_group: str
    location: str
    subscription: str
    copy_index: dict[str, int] = field(default_factory=dict)
    current_copy: str | None = None
    _var_cache: dict[str, Any] = field(default_factory=dict)
    _resolving: set[str] = field(default_factory=set)

    def child(self, copy_name: str | None = None, index: int | None = None) -> "Scope":
        ci = dict(self.copy_index)
        if copy_name is not None:
            ci[copy_name] = index
        return Scope(self.parameters, self.variables, self.resource_group, self.location, self.subscription,
                     ci, copy_name if copy_name is not None else self.current_copy, self._var_cache, self._resolving)


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("[") and value.endswith("]") and not value.startswith("[[")


def evaluate(value: Any, scope: Scope) -> Any:
    """Evaluate a template value; strings ``"[...]"`` are expressions, ``"[[..."`` are escaped literals."""
    if isinstance(value, str):
        if is_expression(value):
            try:
                return _eval(_Parser(value[1:-1]).parse(), scope)
            except Unresolvable:
                raise
            except Exception as exc:  # a malformed call (wrong arity, wrong kind of argument): not evaluable
                raise Unresolvable(f"cannot evaluate {value[:60]!r}: {exc}") from None
        if value.startswith("[["):
            return value[1:]
    return value


def _ci(d: dict, key: str) -> Any:
    if key in d:
        return d[key]
    for k, v in d.items():
        if k.lower() == key.lower():
            return v
    raise Unresolvable(f"no key {key!r}")


def _param(scope: Scope, name: str) -> Any:
    try:
        spec = _ci(scope.parameters, name)
    except Unresolvable:
        raise Unresolvable(f"parameter {name!r} is not declared") from None
    if isinstance(spec, dict) and "value" in spec:
        return spec["value"]
    if isinstance(spec, dict) and "defaultValue" in spec:
        return evaluate_deep_strict(spec["defaultValue"], scope)
    raise Unresolvable(f"parameter {name!r} has no default value")


def _variable(scope: Scope, name: str) -> Any:
    key = name.lower()
    if key in scope._var_cache:
        return scope._var_cache[key]
    if key in scope._resolving:
        raise Unresolvable(f"variable {name!r} refers to itself")
    scope._resolving.add(key)
    try:
        raw = _ci(scope.variables, name)
        value = evaluate_deep_strict(raw, scope)
    finally:
        scope._resolving.discard(key)
    if not scope.copy_index:  # values depending on copyIndex() must not be cached
        scope._var_cache[key] = value
    return value


def evaluate_deep_strict(value: Any, scope: Scope) -> Any:
    if isinstance(value, dict):
        return {k: evaluate_deep_strict(v, scope) for k, v in value.items()}
    if isinstance(value, list):
        return [evaluate_deep_strict(v, scope) for v in value]
    return evaluate(value, scope)


def _format(fmt: str, *args: Any) -> str:
    def repl(m: re.Match) -> str:
        return _to_str(args[int(m.group(1))])
    return re.sub(r"\{(\d+)(?::[^}]*)?\}", repl, fmt)


def _to_str(v: Any) -> str:
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def _resource_id(scope: Scope, *args: Any) -> str:
    args = [str(a) for a in args]
    type_pos = next((i for i, a in enumerate(args) if "/" in a and "." in a.split("/")[0]), None)
    if type_pos is None:
        raise Unresolvable("resourceId() without a resource type")
    prefix, rtype, names = args[:type_pos], args[type_pos], args[type_pos + 1:]
    sub, rg = scope.subscription, scope.resource_group
    if len(prefix) == 2:
        sub, rg = prefix
    elif len(prefix) == 1:
        rg = prefix[0]
    ns, *segments = rtype.split("/")
    if len(segments) != len(names):
        raise Unresolvable("resourceId() names do not match the type's segments")
    path = "/".join(f"{s}/{n}" for s, n in zip(segments, names))
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{path}"


def _copy_index(scope: Scope, *args: Any) -> int:
    name, offset = scope.current_copy, 0
    for a in args:
        if isinstance(a, str):
            name = a
        else:
            offset = int(a)
    if name is None or name not in scope.copy_index:
        raise Unresolvable("copyIndex() outside a copy loop")
    return scope.copy_index[name] + offset


def _bool(v: Any) -> bool:
    if isinstance(v, str):
        return v.lower() == "true"
    return bool(v)


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, dict):
        return any(k.lower() == str(item).lower() for k in container)
    if isinstance(container, str):
        return str(item).lower() in container.lower()
    return item in container


def _union(*items: Any) -> Any:
    if all(isinstance(i, dict) for i in items):
        out: dict = {}
        for i in items:
            out.update(i)
        return out
    out_list: list = []
    for i in items:
        for x in i:
            if x not in out_list:
                out_list.append(x)
    return out_list


_PURE: dict[str, Callable[..., Any]] = {
    "concat": lambda *a: [x for part in a for x in part] if a and all(isinstance(x, list) for x in a) else "".join(_to_str(x) for x in a),
    "format": _format,
    "tolower": lambda s: str(s).lower(),
    "toupper": lambda s: str(s).upper(),
    "trim": lambda s: str(s).strip(),
    "replace": lambda s, a, b: str(s).replace(str(a), str(b)),
    "split": lambda s, d: str(s).split(d) if isinstance(d, str) else re.split("|".join(map(re.escape, d)), str(s)),
    "substring": lambda s, start, length=None: str(s)[int(start):] if length is None else str(s)[int(start):int(start) + int(length)],
    "take": lambda v, n: v[:int(n)],
    "skip": lambda v, n: v[int(n):],
    "first": lambda v: v[0],
    "last": lambda v: v[-1],
    "length": lambda v: len(v),
    "empty": lambda v: v is None or len(v) == 0,
    "contains": _contains,
    "startswith": lambda s, p: str(s).lower().startswith(str(p).lower()),
    "endswith": lambda s, p: str(s).lower().endswith(str(p).lower()),
    "indexof": lambda s, p: str(s).lower().find(str(p).lower()),
    "lastindexof": lambda s, p: str(s).lower().rfind(str(p).lower()),
    "padleft": lambda s, n, c=" ": _to_str(s).rjust(int(n), str(c)),
    "string": _to_str,
    "int": lambda v: int(v),
    "float": lambda v: float(v),
    "bool": _bool,
    "json": lambda s: json.loads(s),
    "base64": lambda s: base64.b64encode(str(s).encode()).decode(),
    "add": lambda a, b: int(a) + int(b),
    "sub": lambda a, b: int(a) - int(b),
    "mul": lambda a, b: int(a) * int(b),
    "div": lambda a, b: int(int(a) / int(b)),
    "mod": lambda a, b: int(a) % int(b),
    "min": lambda *a: min(a[0]) if len(a) == 1 and isinstance(a[0], list) else min(a),
    "max": lambda *a: max(a[0]) if len(a) == 1 and isinstance(a[0], list) else max(a),
    "range": lambda start, count: list(range(int(start), int(start) + int(count))),
    "equals": lambda a, b: a == b,
    "not": lambda a: not _bool(a),
    "and": lambda *a: all(_bool(x) for x in a),
    "or": lambda *a: any(_bool(x) for x in a),
    "greater": lambda a, b: a > b,
    "less": lambda a, b: a < b,
    "greaterorequals": lambda a, b: a >= b,
    "lessorequals": lambda a, b: a <= b,
    "coalesce": lambda *a: next((x for x in a if x is not None), None),
    "createarray": lambda *a: list(a),
    "array": lambda v: v if isinstance(v, list) else [v],
    "createobject": lambda *a: {a[i]: a[i + 1] for i in range(0, len(a), 2)},
    "union": _union,
    "true": lambda: True,
    "false": lambda: False,
    "null": lambda: None,
}


def _eval(node: Any, scope: Scope) -> Any:
    if isinstance(node, _Lit):
        return node.value
    if isinstance(node, _Member):
        target = _eval(node.target, scope)
        key = node.key if isinstance(node.key, str) else _eval(node.key, scope)
        try:
            if isinstance(target, dict):
                return _ci(target, str(key))
            return target[int(key)]
        except (KeyError, IndexError, TypeError, ValueError):
            raise Unresolvable(f"no member {key!r}") from None
    name = node.name.lower()
    if name == "if":  # lazy: only the chosen branch must resolve
        cond, yes, no = node.args
        return _eval(yes if _bool(_eval(cond, scope)) else no, scope)
    args = [_eval(a, scope) for a in node.args]
    if name == "parameters":
        return _param(scope, args[0])
    if name == "variables":
        return _variable(scope, args[0])
    if name == "resourcegroup":
        return {"name": scope.resource_group, "location": scope.location,
                "id": f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}"}
    if name == "subscription":
        return {"subscriptionId": scope.subscription, "id": f"/subscriptions/{scope.subscription}"}
    if name == "resourceid":
        return _resource_id(scope, *args)
    if name == "copyindex":
        return _copy_index(scope, *args)
    fn = _PURE.get(name)
    if fn is None:
        # reference(), list*(), uniqueString(), guid(), utcNow(), deployment(), environment(), ...
        raise Unresolvable(f"{node.name}() is only known at deployment time")
    try:
        return fn(*args)
    except Unresolvable:
        raise
    except Exception as exc:  # a template function applied to the wrong kind of value
        raise Unresolvable(f"{node.name}(): {exc}") from None
