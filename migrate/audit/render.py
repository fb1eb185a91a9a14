"""Renderers of the audit document: table, JSON, JUnit XML, SARIF 2.1.0. They format, never compute."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

from .. import __version__
from .legal import SHORT
from .registry import CHECKS

DESCRIPTIONS = {c.id: c.description for c in CHECKS}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# UNKNOWN is a finding (an input is missing), so it is shown, as a warning, not hidden as a note.
SARIF_KIND_LEVEL = {"FAIL": ("fail", "error"), "UNKNOWN": ("fail", "warning"), "PASS": ("pass", "none"),
                    "SKIPPED": ("notApplicable", "none")}


def _basis(check: dict) -> str:
    return "; ".join(f"{SHORT.get(b['regulation'], b['regulation'])} {b['article']}" for b in check["legal_basis"])


def _summary(doc: dict) -> str:
    s = doc["summary"]
    return (f"{len(doc['checks'])} checks: {s['pass']} PASS, {s['fail']} FAIL, {s['unknown']} UNKNOWN, "
            f"{s['skipped']} SKIPPED  (profile {doc['profile']}, as of {doc['as_of']}, plan {doc['plan']['file']})")


def render_table(doc: dict) -> str:
    from tabulate import tabulate

    rows = []
    for c in doc["checks"]:
        rows.append([c["id"], c["status"], textwrap.fill(c["title"], 34), textwrap.fill(_basis(c), 34),
                     textwrap.fill(c["reason"], 64), len(c["resources"]) or ""])
    table = tabulate(rows, headers=["id", "status", "check", "legal basis", "reason", "resources"],
                     tablefmt="simple_grid", disable_numparse=True)
    return f"{table}\n{_summary(doc)}\n"


def render_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _details(c: dict) -> str:
    lines = [c["reason"], f"Legal basis: {_basis(c)}"]
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
                 ("profile", doc["profile"]), ("evidence", (doc["evidence"] or {}).get("file") or "")):
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
    plan_uri = doc["plan"]["file"]
    rules, results = [], []
    for i, c in enumerate(doc["checks"]):
        help_text = f"{DESCRIPTIONS.get(c['id'], c['title'])}\nLegal basis: {_basis(c)}"
        help_md = f"{DESCRIPTIONS.get(c['id'], c['title'])}\n\n" + "\n".join(
            f"- {SHORT.get(b['regulation'], b['regulation'])} {b['article']}: <{b['source']}>" for b in c["legal_basis"])
        rules.append({"id": c["id"], "name": "".join(w.capitalize() for w in c["title"].split()[:6] if w.isalnum()),
                      "shortDescription": {"text": c["title"]},
                      "fullDescription": {"text": DESCRIPTIONS.get(c["id"], c["title"])},
                      "help": {"text": help_text, "markdown": help_md},
                      "helpUri": c["legal_basis"][0]["source"],
                      "properties": {"tags": ["exit-readiness", *c["profiles"]], "legal_basis": c["legal_basis"],
                                     "inputs": c["inputs"], "thresholds": c["thresholds"]}})
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
                       "properties": {"as_of": doc["as_of"], "profile": doc["profile"], "summary": doc["summary"]}}]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"table": render_table, "json": render_json, "junit": render_junit, "sarif": render_sarif}
