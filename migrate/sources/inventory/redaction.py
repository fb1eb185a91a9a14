"""Secrets never leave a live read: values named or shaped like secrets become "[REDACTED]".

The rules are data (``migrate/data/redaction.yaml``), loaded once. :func:`redact` walks one
resource object as ARM or Resource Graph returns it (or any JSON value) and returns a
redacted copy and the number of values it replaced; keys are always kept.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...bundled import data_path
from ...errors import MigrateError

REDACTED = "[REDACTED]"


@dataclass(frozen=True)
class _TypeRule:
    type: str
    name: re.Pattern | None
    secret: frozenset
    all_values: bool
    keep: frozenset


@dataclass(frozen=True)
class Rules:
    keys: re.Pattern                 # whole lower-cased property name
    containers: dict                 # lower-cased name -> frozenset of lower-cased names kept
    under: dict                      # lower-cased parent -> whole-name pattern of keys secret anywhere below it
    types: tuple                     # _TypeRule, by lower-cased ARM type
    values: re.Pattern               # searched in every string


def _name_regex(entry: str) -> str:
    entry = str(entry).strip()
    if entry.startswith("re:"):
        return f"(?:{entry[3:].strip()})"
    glob = fnmatch.translate(entry.lower())  # "(?s:...)\\Z"
    return "(?:" + glob.removeprefix("(?s:").removesuffix(")\\Z") + ")"


def _whole(entries) -> re.Pattern:
    parts = [_name_regex(e) for e in entries or []]
    return re.compile(r"\A(?:" + ("|".join(parts) if parts else "(?!)") + r")\Z", re.IGNORECASE)


def _lower_set(items) -> frozenset:
    return frozenset(str(i).lower() for i in items or [])


def load_rules(path: Path | None = None) -> Rules:
    """Parse a redaction YAML file (the bundled one by default) into compiled rules."""
    path = Path(path) if path else data_path("redaction.yaml")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        under: dict[str, list] = {}
        for u in doc.get("secret_under") or []:
            under.setdefault(str(u["parent"]).lower(), []).append(u["key"])
        types = tuple(_TypeRule(type=str(t["type"]).lower(),
                                name=re.compile(fnmatch.translate(str(t["name"]).lower())) if t.get("name") else None,
                                secret=_lower_set(t.get("secret")), all_values=bool(t.get("all_values")),
                                keep=_lower_set(t.get("keep")))
                      for t in doc.get("resource_types") or [])
        values = [str(v) for v in doc.get("secret_values") or []]
        return Rules(
            keys=_whole(doc.get("secret_keys")),
            containers={str(k).lower(): _lower_set((v or {}).get("keep"))
                        for k, v in (doc.get("secret_containers") or {}).items()},
            under={p: _whole(keys) for p, keys in under.items()},
            types=types,
            values=re.compile("|".join(f"(?:{v})" for v in values) if values else "(?!)", re.IGNORECASE),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as exc:
        raise MigrateError(str(path), f"unreadable redaction list: {exc}".replace("\n", " "),
                           fix="restore migrate/data/redaction.yaml from the release") from exc


@functools.lru_cache(maxsize=1)
def default_rules() -> Rules:
    return load_rules()


class _Walk:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.count = 0
        self._secret_key = functools.lru_cache(maxsize=4096)(lambda k: bool(rules.keys.match(k)))

    def hide(self, value: Any) -> Any:
        # Nothing to hide in an absent or empty value, nor in a flag.
        if value is None or isinstance(value, bool) or value in ("", REDACTED) or value == [] or value == {}:
            return value
        self.count += 1
        return REDACTED

    def string(self, s: str) -> str:
        return self.hide(s) if self.rules.values.search(s) else s

    def walk(self, node: Any, active: tuple = ()) -> Any:
        """``active``: key patterns of `secret_under` rules whose parent encloses ``node``."""
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                kl = k.lower() if isinstance(k, str) else str(k)
                if kl in self.rules.containers:
                    out[k] = self.all_values(v, self.rules.containers[kl])
                elif self._secret_key(kl) or any(p.match(kl) for p in active):
                    out[k] = self.hide(v)
                else:
                    under = self.rules.under.get(kl)
                    out[k] = self.walk(v, active + (under,) if under is not None else active)
            return out
        if isinstance(node, list):
            return [self.walk(v, active) for v in node]
        if isinstance(node, str):
            return self.string(node)
        return node

    def all_values(self, node: Any, keep: frozenset) -> Any:
        """Every scalar below is a secret, except members whose name is in ``keep``."""
        if isinstance(node, dict):
            return {k: (v if isinstance(k, str) and k.lower() in keep else self.all_values(v, keep))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [self.all_values(v, keep) for v in node]
        return self.hide(node)

    def resource(self, obj: dict) -> dict:
        rtype = obj.get("type")
        props = obj.get("properties")
        if isinstance(rtype, str) and isinstance(props, dict):
            name = str(obj.get("name") or "").lower()
            for rule in self.rules.types:
                if rule.type != rtype.lower() or (rule.name is not None and not rule.name.match(name)):
                    continue
                if rule.all_values:
                    props = self.all_values(props, rule.keep)
                elif rule.secret:
                    props = {k: (self.hide(v) if isinstance(k, str) and k.lower() in rule.secret else v)
                             for k, v in props.items()}
            if props is not obj.get("properties"):
                obj = {**obj, "properties": props}
        return self.walk(obj)


def redact(obj: Any, rules: Rules | None = None) -> tuple[Any, int]:
    """A copy of ``obj`` with every secret value replaced by "[REDACTED]", and how many were.

    ``obj`` is one resource object (id, type, name, properties, tags, ...) or any JSON value;
    the input is never modified.
    """
    w = _Walk(rules or default_rules())
    if isinstance(obj, dict):
        return w.resource(obj), w.count
    return w.walk(obj), w.count


def redact_tags(tags: dict, rules: Rules | None = None) -> tuple[dict, int]:
    """A copy of a tag map with secret tags replaced, and how many were.

    Tags are a flat map of names people choose: a tag is a secret when its name matches a secret key
    pattern (also with ``_`` and ``-`` taken out: ``db_password``, ``api-key``) or its value a secret
    value pattern. The container rules (``env``, ``appSettings``...) describe ARM properties, not tags.
    """
    rules = rules or default_rules()
    out, count = {}, 0
    for k, v in tags.items():
        name = str(k).lower()
        if rules.keys.match(name) or rules.keys.match(name.replace("_", "").replace("-", "")) or \
                (isinstance(v, str) and rules.values.search(v)):
            out[k] = REDACTED if v not in (None, "", REDACTED) else v
            count += v not in (None, "", REDACTED)
        else:
            out[k] = v
    return out, count
