"""What changed between two plans (and their audits): a diff document, and the rules that gate CI on it.

Pure: two plan documents in (as `migrate plan --out` wrote them), one diff document out. The reader
takes the fields of the plan version it is given: a provider's scenario total
(``providers[].scenario.monthly_eur``) and a target's ``disposition`` when the plan has them, else the
provider's ``monthly_eur`` and the target's ``status``. Two plans of different schema versions are
refused (:func:`check_versions`): their totals do not mean the same thing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import MigrateError

FORMAT = "migrate-plan-diff"
SCHEMA_VERSION = 1
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
# An audit check got worse when its status moves right in this order (SKIPPED: not applied, never a regression).
AUDIT_RANK = {"PASS": 0, "UNKNOWN": 1, "FAIL": 2}
RULES_HELP = ("cost-increase>5% | cost-increase>100 (EUR/month) | tco-increase>N[%] | effort-increase>N[%] "
              "(each optionally for one provider: cost-increase:ovhcloud>5%) | new-gap>=high (low, medium, high, "
              "critical) | audit-regression")


# ------------------------------------------------------------------ reading either plan version
def check_versions(old: dict, new: dict, old_name: str, new_name: str) -> None:
    """Refuse two plans of different schema versions, naming both and the fix."""
    a, b = old.get("schema_version"), new.get("schema_version")
    if a != b:
        older = old_name if (a or 0) < (b or 0) else new_name
        raise MigrateError(older, f"plan schema_version {a} ({old_name}) and {b} ({new_name}) differ: their totals "
                                  "are not comparable", place="schema_version",
                           fix=f"re-run `migrate plan ... --out DIR` for {older} with the same migrate version")


def _monthly(p: dict) -> float | None:
    scenario = p.get("scenario")
    if isinstance(scenario, dict) and isinstance(scenario.get("monthly_eur"), (int, float)):
        return float(scenario["monthly_eur"])
    v = p.get("monthly_eur")
    return float(v) if isinstance(v, (int, float)) else None


def _disposition(target: dict) -> str | None:
    return target.get("disposition") or target.get("status")


def _side(target: dict) -> dict:
    """What a target is, in the terms both plan versions share: disposition, mapping status and offer."""
    return {"disposition": _disposition(target), "status": target.get("status"), "offer_id": target.get("offer_id"),
            "monthly_eur": _num(target.get("monthly_eur"))}


def describe(side: dict) -> str:
    """One phrase for a side of a change: an offer is named by its mapping status (equivalent a-m), any
    other disposition by itself (self-managed, stays-on-azure, retire)."""
    label = side.get("status") if side.get("disposition") in (None, "offer") else side.get("disposition")
    return " ".join(x for x in (label, side.get("offer_id")) if x)


def _counts(p: dict) -> dict:
    scenario = p.get("scenario")
    if isinstance(scenario, dict) and isinstance(scenario.get("by_disposition"), dict):
        return {k: int((v or {}).get("resources", 0)) for k, v in scenario["by_disposition"].items()}
    return {k: int(v) for k, v in (p.get("status") or {}).items()}


def _unpriced(p: dict) -> int:
    cs = p.get("cost_status") or {}
    return int(cs.get("none", 0)) + int(cs.get("usage", 0))


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not (isinstance(v, float) and math.isnan(v)) else None


def delta(old: float | None, new: float | None) -> dict:
    """{old, new, abs, pct}: pct is None when old is 0 or either side is missing."""
    o, n = _num(old), _num(new)
    if o is None or n is None:
        return {"old": o, "new": n, "abs": None, "pct": None}
    d = round(n - o, 2)
    return {"old": o, "new": n, "abs": d, "pct": round(d / abs(o) * 100, 2) if o else None}


# ------------------------------------------------------------------ the diff
def _resource_key(r: dict) -> str:
    return str(r.get("id", "")).lower()


def _brief(r: dict) -> dict:
    return {"id": r.get("id"), "name": r.get("name"), "type": r.get("type")}


def _gap_key(g: dict) -> str:
    return str(g.get("service_class"))


def _gaps(old: list, new: list) -> dict:
    before = {_gap_key(g): g for g in old or []}
    after = {_gap_key(g): g for g in new or []}

    def entry(g: dict, prev: dict | None = None) -> dict:
        e = {"service_class": g.get("service_class"), "title": g.get("title"), "severity": g.get("severity"),
             "resources": g.get("resources"), "replacement": g.get("replacement")}
        if prev is not None:
            e["was"] = {"severity": prev.get("severity"), "resources": prev.get("resources")}
        return e
    return {"new": [entry(after[k]) for k in sorted(after) if k not in before],
            "closed": [entry(before[k]) for k in sorted(before) if k not in after],
            "changed": [entry(after[k], before[k]) for k in sorted(after) if k in before and
                        (after[k].get("severity"), after[k].get("resources")) !=
                        (before[k].get("severity"), before[k].get("resources"))]}


def _provider(pid: str, old: dict | None, new: dict | None, old_res: dict, new_res: dict) -> dict:
    out: dict = {"id": pid, "name": (new or old or {}).get("name", pid),
                 "in": "both" if old and new else ("new" if new else "old")}
    if not (old and new):
        p = new or old
        out["monthly_eur"] = _monthly(p)
        return out
    out["monthly_eur"] = delta(_monthly(old), _monthly(new))
    out["tco_total_eur"] = delta((old.get("tco") or {}).get("total_eur"), (new.get("tco") or {}).get("total_eur"))
    out["effort_days_likely"] = delta((old.get("effort_days") or {}).get("likely"),
                                      (new.get("effort_days") or {}).get("likely"))
    out["effort_p50_days"] = delta((old.get("effort_distribution") or {}).get("p50_days"),
                                   (new.get("effort_distribution") or {}).get("p50_days"))
    out["unpriced_lines"] = delta(_unpriced(old), _unpriced(new))
    oc, nc = _counts(old), _counts(new)
    out["dispositions"] = {k: delta(oc.get(k, 0), nc.get(k, 0)) for k in sorted(set(oc) | set(nc))
                           if oc.get(k, 0) != nc.get(k, 0)}
    changes, repriced, repriced_eur = [], 0, 0.0
    for key in sorted(set(old_res) & set(new_res)):
        a = (old_res[key].get("targets") or {}).get(pid)
        b = (new_res[key].get("targets") or {}).get(pid)
        if not a or not b:
            continue
        sa, sb = _side(a), _side(b)
        if {k: v for k, v in sa.items() if k != "monthly_eur"} != {k: v for k, v in sb.items() if k != "monthly_eur"}:
            changes.append({**_brief(new_res[key]), "from": sa, "to": sb,
                            "monthly_eur": delta(a.get("monthly_eur"), b.get("monthly_eur"))})
        elif _num(a.get("monthly_eur")) != _num(b.get("monthly_eur")):
            repriced += 1
            if _num(a.get("monthly_eur")) is not None and _num(b.get("monthly_eur")) is not None:
                repriced_eur += b["monthly_eur"] - a["monthly_eur"]
    out["changes"] = changes
    out["repriced"] = {"resources": repriced, "monthly_eur": round(repriced_eur, 2),
                       "note": "same disposition, status and offer, another monthly figure (price, size or catalogue change)"}
    out["gaps"] = _gaps(old.get("gaps"), new.get("gaps"))
    return out


def _audit(old: dict | None, new: dict | None) -> dict | None:
    if old is None or new is None:
        return None
    a = {c["id"]: c for c in old.get("checks") or []}
    b = {c["id"]: c for c in new.get("checks") or []}
    changes = []
    for cid in sorted(set(a) | set(b)):
        sa, sb = (a.get(cid) or {}).get("status"), (b.get(cid) or {}).get("status")
        if sa == sb:
            continue
        worse = sb in AUDIT_RANK and (sa not in AUDIT_RANK and sb == "FAIL" or
                                      sa in AUDIT_RANK and AUDIT_RANK[sb] > AUDIT_RANK[sa])
        changes.append({"id": cid, "title": (b.get(cid) or a.get(cid) or {}).get("title"), "from": sa, "to": sb,
                        "regression": bool(worse), "reason": (b.get(cid) or {}).get("reason")})
    return {"summary": {"old": old.get("summary"), "new": new.get("summary")}, "changes": changes,
            "regressions": sum(c["regression"] for c in changes)}


def _iac(old: dict, new: dict) -> dict | None:
    a = ((old.get("inputs") or {}).get("inventory") or {}).get("iac")
    b = ((new.get("inputs") or {}).get("inventory") or {}).get("iac")
    if not a and not b:
        return None
    return {"not_under_iac": delta((a or {}).get("not_under_iac"), (b or {}).get("not_under_iac")),
            "share_not_under_iac": delta((a or {}).get("share_not_under_iac"), (b or {}).get("share_not_under_iac")),
            "cost_share_not_under_iac": delta(((a or {}).get("cost") or {}).get("share_not_under_iac"),
                                              ((b or {}).get("cost") or {}).get("share_not_under_iac"))}


def diff_plans(old: dict, new: dict, *, old_meta: dict, new_meta: dict, old_audit: dict | None = None,
               new_audit: dict | None = None, audit_notes: list[str] | None = None) -> dict:
    """The diff document of two plans of the same schema version (``*_meta``: file, sha256)."""
    check_versions(old, new, old_meta.get("file", "old"), new_meta.get("file", "new"))
    old_res = {_resource_key(r): r for r in old.get("resources") or []}
    new_res = {_resource_key(r): r for r in new.get("resources") or []}
    old_prov = {p["id"]: p for p in old.get("providers") or []}
    new_prov = {p["id"]: p for p in new.get("providers") or []}
    added = [_brief(new_res[k]) for k in sorted(set(new_res) - set(old_res))]
    removed = [_brief(old_res[k]) for k in sorted(set(old_res) - set(new_res))]

    def meta(doc: dict, m: dict) -> dict:
        return {**m, "schema_version": doc.get("schema_version"), "generator": doc.get("generator"),
                "resources": len(doc.get("resources") or [])}
    return {
        "format": FORMAT, "schema_version": SCHEMA_VERSION,
        "old": meta(old, old_meta), "new": meta(new, new_meta),
        "resources": {"added": added, "removed": removed, "in_both": len(set(old_res) & set(new_res))},
        "azure": {"monthly_eur": delta((old.get("azure") or {}).get("monthly_eur"),
                                       (new.get("azure") or {}).get("monthly_eur"))},
        "iac": _iac(old, new),
        "providers": [_provider(pid, old_prov.get(pid), new_prov.get(pid), old_res, new_res)
                      for pid in sorted(set(old_prov) | set(new_prov))],
        "audit": _audit(old_audit, new_audit),
        "audit_notes": list(audit_notes or []),
    }


# ------------------------------------------------------------------ --fail-on rules
@dataclass(frozen=True)
class Rule:
    text: str
    kind: str                  # cost-increase, tco-increase, effort-increase, new-gap, audit-regression
    provider: str | None = None
    threshold: float | None = None
    percent: bool = False
    severity: str | None = None


_INCREASE = re.compile(r"^(cost|tco|effort)-increase(?::([A-Za-z0-9_.-]+))?\s*>\s*(\d+(?:\.\d+)?)\s*(%?)$")
_GAP = re.compile(r"^new-gap(?::([A-Za-z0-9_.-]+))?\s*>=\s*(low|medium|high|critical)$")


def parse_rule(text: str) -> Rule:
    """One --fail-on rule, or a MigrateError naming it and the grammar."""
    t = text.strip().lower()
    m = _INCREASE.match(t)
    if m:
        return Rule(text, f"{m.group(1)}-increase", m.group(2), float(m.group(3)), m.group(4) == "%")
    m = _GAP.match(t)
    if m:
        return Rule(text, "new-gap", m.group(1), severity=m.group(2))
    if t == "audit-regression":
        return Rule(text, "audit-regression")
    raise MigrateError(None, f"unknown --fail-on rule {text!r}", place="--fail-on", fix=f"use {RULES_HELP}")


_FIELD = {"cost-increase": "monthly_eur", "tco-increase": "tco_total_eur", "effort-increase": "effort_days_likely"}


def evaluate(rule: Rule, diff: dict) -> dict:
    """{rule, triggered, detail}; a rule about a provider absent from either plan is an error."""
    providers = [p for p in diff["providers"] if p["in"] == "both"]
    if rule.provider is not None:
        providers = [p for p in providers if p["id"] == rule.provider]
        if not providers:
            raise MigrateError(None, f"provider {rule.provider!r} of rule {rule.text!r} is not in both plans",
                               place="--fail-on", fix="name a provider both plans have, or leave it out")
    hits: list[str] = []
    if rule.kind in _FIELD:
        for p in providers:
            d = p[_FIELD[rule.kind]]
            if d["abs"] is None or d["abs"] <= 0:
                continue
            if rule.percent:
                # From 0 to more, any increase exceeds every percentage.
                if d["pct"] is None or d["pct"] > rule.threshold:
                    hits.append(f"{p['id']} {d['old']:,.2f} -> {d['new']:,.2f}" +
                                (f" (+{d['pct']:.1f}%)" if d["pct"] is not None else " (from 0)"))
            elif d["abs"] > rule.threshold:
                hits.append(f"{p['id']} {d['old']:,.2f} -> {d['new']:,.2f} (+{d['abs']:,.2f})")
    elif rule.kind == "new-gap":
        floor = SEVERITY_RANK[rule.severity]
        for p in providers:
            for g in p["gaps"]["new"]:
                if SEVERITY_RANK.get(g["severity"], 0) >= floor:
                    hits.append(f"{p['id']}: new {g['severity']} gap {g['service_class']} ({g['resources']} resource(s))")
            for g in p["gaps"]["changed"]:
                if SEVERITY_RANK.get(g["severity"], 0) >= floor > SEVERITY_RANK.get(g["was"]["severity"], 0):
                    hits.append(f"{p['id']}: gap {g['service_class']} now {g['severity']} (was {g['was']['severity']})")
    elif rule.kind == "audit-regression":
        if diff["audit"] is None:
            raise MigrateError(None, "rule audit-regression needs the audit of both plans", place="--fail-on",
                               fix="write audit.json beside each plan (`migrate audit PLAN --format json -o audit.json`) "
                                   "or give --old-audit and --new-audit")
        hits = [f"{c['id']} {c['from']} -> {c['to']}" for c in diff["audit"]["changes"] if c["regression"]]
    return {"rule": rule.text, "triggered": bool(hits), "detail": hits}
