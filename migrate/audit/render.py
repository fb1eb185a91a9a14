"""Renderers of the audit document: table, JSON, JUnit XML, SARIF 2.1.0. They format, never compute."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

from .. import __version__
from .registry import CHECKS

DESCRIPTIONS = {c.id: c.description for c in CHECKS}
REMEDIATIONS = {c.id: c.remediation for c in CHECKS}
SARIF_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.0", "low": "2.0"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# UNKNOWN is a finding (an input is missing), so it is shown, as a warning, not hidden as a note.
SARIF_KIND_LEVEL = {"FAIL": ("fail", "error"), "UNKNOWN": ("fail", "warning"), "PASS": ("pass", "none"),
                    "SKIPPED": ("notApplicable", "none")}


def _basis(check: dict) -> str:
    return "; ".join(f"{b['regulation']} {b['article']}" + ("" if b.get("confirmed", True) else " (unconfirmed)")
                     for b in check["legal_basis"])


def _summary(doc: dict) -> str:
    s = doc["summary"]
    scope = f"framework {doc['framework']['id']}" if doc.get("framework") else f"profile {doc['profile']}"
    return (f"{len(doc['checks'])} checks: {s['pass']} PASS, {s['fail']} FAIL, {s['unknown']} UNKNOWN, "
            f"{s['skipped']} SKIPPED  ({scope}, as of {doc['as_of']}, plan {doc['plan']['file']})\n{doc['verdict']}")


def _requirements(doc: dict) -> str:
    from tabulate import tabulate

    fw = doc["framework"]
    rows = [[r["ref"], r["status"], textwrap.fill(r["summary"], 60), ", ".join(r["checks"]),
             r["verified"]["status"]] for r in fw["requirements"]]
    return (f"{fw['title']} ({fw['document']['title']})\n"
            + tabulate(rows, headers=["requirement", "status", "what it asks", "checks", "wording"],
                       tablefmt="simple_grid", disable_numparse=True) + "\n")


def render_table(doc: dict) -> str:
    from tabulate import tabulate

    rows = []
    for c in doc["checks"]:
        rows.append([c["id"], c["status"], textwrap.fill(c["title"], 34), textwrap.fill(_basis(c), 34),
                     textwrap.fill(c["reason"], 64), len(c["resources"]) or ""])
    table = tabulate(rows, headers=["id", "status", "check", "legal basis", "reason", "resources"],
                     tablefmt="simple_grid", disable_numparse=True)
    head = _requirements(doc) if doc.get("framework") else ""
    return f"{head}{table}\n{_summary(doc)}\n"


def render_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _details(c: dict) -> str:
    lines = [c["reason"], f"Legal basis: {_basis(c)}"]
    if c.get("remediation"):
        lines.append(f"Fix: {c['remediation']}")
    lines += [f"  source: {b['source']}" for b in c["legal_basis"]]
    if c["resources"]:
        lines.append(f"Resources ({len(c['resources'])}):")
        lines += [f"  {r}" for r in c["resources"]]
    return "\n".join(lines)


def render_junit(doc: dict) -> str:
    """One testcase per check: FAIL -> <failure>, UNKNOWN -> <error> (could not be evaluated), SKIPPED -> <skipped>."""
    s = doc["summary"]
    counts = {"tests": str(len(doc["checks"])), "failures": str(s["fail"]), "errors": str(s["unknown"]),
              "skipped": str(s["skipped"])}
    root = ET.Element("testsuites", {"name": "migrate audit", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": f"migrate-audit.{doc['profile']}", **counts})
    props = ET.SubElement(suite, "properties")
    for k, v in (("plan", doc["plan"]["file"]), ("plan_sha256", doc["plan"]["sha256"]), ("as_of", doc["as_of"]),
                 ("profile", doc["profile"]), ("evidence", (doc["evidence"] or {}).get("file") or ""),
                 ("framework", (doc.get("framework") or {}).get("id") or ""), ("verdict", doc["verdict"])):
        ET.SubElement(props, "property", {"name": k, "value": v})
    for c in doc["checks"]:
        case = ET.SubElement(suite, "testcase", {"classname": "migrate.audit", "name": f"{c['id']} {c['title']}"})
        tag = {"FAIL": "failure", "UNKNOWN": "error", "SKIPPED": "skipped"}.get(c["status"])
        if tag:
            el = ET.SubElement(case, tag, {"message": c["reason"], "type": c["status"]})
            if tag != "skipped":
                el.text = _details(c)
        else:
            ET.SubElement(case, "system-out").text = _details(c)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_sarif(doc: dict) -> str:
    """SARIF 2.1.0: one rule per check (metadata, legal sources), one result per check located in the plan file
    with the resource ids as logical locations (tests validate it against the OASIS schema)."""
    plan_uri = doc["plan"]["file"]
    rules, results = [], []
    for i, c in enumerate(doc["checks"]):
        text = DESCRIPTIONS.get(c["id"], c["title"])
        fix = REMEDIATIONS.get(c["id"]) or ""
        help_text = f"{text}\nFix: {fix}\nLegal basis: {_basis(c)}"
        help_md = f"{text}\n\n**Fix:** {fix}\n\n" + "\n".join(
            f"- {b['regulation']} {b['article']}{'' if b.get('confirmed', True) else ' (unconfirmed)'}: <{b['source']}>"
            for b in c["legal_basis"])
        rule = {"id": c["id"], "name": "".join(w.capitalize() for w in c["title"].split()[:6] if w.isalnum()),
                "shortDescription": {"text": c["title"]}, "fullDescription": {"text": text},
                "help": {"text": help_text, "markdown": help_md},
                "defaultConfiguration": {"level": "error" if c.get("severity") in ("critical", "high") else "warning"},
                "properties": {"tags": ["exit-readiness", *c["profiles"]], "severity": c.get("severity"),
                               "security-severity": SARIF_SEVERITY.get(c.get("severity"), "5.0"),
                               "legal_basis": c["legal_basis"], "inputs": c["inputs"],
                               "preconditions": c.get("preconditions", []), "thresholds": c["thresholds"]}}
        if c["legal_basis"]:
            rule["helpUri"] = c["legal_basis"][0]["source"]
        rules.append(rule)
        kind, level = SARIF_KIND_LEVEL[c["status"]]
        location = {"physicalLocation": {"artifactLocation": {"uri": plan_uri, "index": 0},
                                         "region": {"startLine": 1}}}
        if c["resources"]:
            location["logicalLocations"] = [{"fullyQualifiedName": r, "name": r.rsplit("/", 1)[-1], "kind": "resource"}
                                            for r in c["resources"]]
        results.append({"ruleId": c["id"], "ruleIndex": i, "kind": kind, "level": level,
                        "message": {"text": f"{c['status']}: {c['reason']}"}, "locations": [location],
                        "properties": {"status": c["status"]}})
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "migrate-audit", "version": __version__, "rules": rules}},
                       "artifacts": [{"location": {"uri": plan_uri}}],
                       "results": results,
                       "properties": {"as_of": doc["as_of"], "profile": doc["profile"], "summary": doc["summary"],
                                      "verdict": doc["verdict"],
                                      "framework": (doc.get("framework") or {}).get("id")}}]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"table": render_table, "json": render_json, "junit": render_junit, "sarif": render_sarif}
