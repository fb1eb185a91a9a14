"""The evidence file: every key typed and documented in one place (SPEC), its validation, and its template.

SPEC is the single source: `validate` checks a file against it, `template` writes the commented file from
it (with the checks that read each key, taken from the checks' declared inputs), and the checks' inputs
name its keys (tests/test_audit_evidence_schema.py proves they agree).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..errors import MigrateError


@dataclass(frozen=True)
class Key:
    kind: str    # str, date, bool, int, number, path, drill, clause, list:str, list:int, list:obj, obj
    help: str
    keys: dict = field(default_factory=dict)    # for obj and list:obj
    example: str | None = None                  # shown in the template for list:obj
    required: bool = False                      # inside an obj or list:obj entry: refused without it
    enum: tuple = ()                            # allowed values
    min: float | None = None
    max: float | None = None


RESOURCES = Key("list:str", "resource ids or shell globs (case-insensitive), e.g. '*/resourceGroups/rg-data/*'",
                required=True)
DECISIONS = ("retire", "rebuild", "replace", "keep")

SPEC: dict[str, Key] = {
    "target": Key("obj", "The provider you are moving to and what you know about it.", keys={
        "provider": Key("str", "Provider id of the plan chosen as the target (plans compare several; "
                               "`migrate audit --provider` overrides it)."),
        "cutover_date": Key("date", "Planned cutover date; qualifications must still be valid then (default: --as-of)."),
        "fallback_provider": Key("str", "Second provider of the plan able to take the critical functions."),
        "locations": Key("list:obj", "Where primary data, backups, DR copies and technical data (logs, identities, "
                                     "certificates) will be stored.",
                         {"purpose": Key("str", "primary, backup, dr or technical", required=True,
                                         enum=("primary", "backup", "dr", "technical")),
                          "region": Key("str", "provider region id"),
                          "country": Key("str", "ISO 3166 code or English name", required=True)},
                         "{purpose: primary, region: eu-west-par, country: FR}"),
        "administration_countries": Key("list:str", "Countries the provider administers and supervises the service "
                                                    "from."),
        "ownership": Key("obj", "Non-EU holdings in the provider's capital and votes (SecNumCloud §19.6 b).",
                         {"non_eu_largest_pct": Key("number", "largest single non-EU holding, %", required=True,
                                                    min=0, max=100),
                          "non_eu_total_pct": Key("number", "all non-EU holdings together, %", required=True,
                                                  min=0, max=100),
                          "source": Key("str", "where this comes from (annual report, URL)", required=True)}),
        "non_eu_technical_access": Key("bool", "true if a non-EU subcontractor or technology licensor could "
                                               "technically obtain the data."),
        "hds_activities": Key("list:int", "HDS v2 activities (1-6) the target's certificate covers.", min=1, max=6),
        "transparency": Key("obj", "What the target publishes (URLs or documents).",
                            {"jurisdiction_statement": Key("str", "jurisdiction and measures against foreign access"),
                             "data_format_register": Key("str", "register of data structures and formats"),
                             "transfer_map": Key("str", "map of transfers outside the EEA (health data)")}),
        "reversibility": Key("obj", "How to leave the target itself.",
                             {"swipo_adherent": Key("bool", "service listed in the SWIPO register"),
                              "policy": Key("str", "URL of the provider's reversibility policy")}),
    }),
    "exit_plan": Key("obj", "The documented exit plan.", keys={
        "document": Key("path", "Exit plan document (path relative to this file, or a URL)."),
        "approved_by": Key("obj", "Who approved the plan and when (DORA: the management body).",
                           {"by": Key("str", "body or person that approved it", required=True),
                            "date": Key("date", "date of the approval", required=True)}),
        "last_reviewed": Key("date", "Date of the last review."),
        "scenarios": Key("list:str", "Scenarios covered: interruption, failed-delivery, termination, legal-change "
                                     "(config audit.required_scenarios)."),
        "roles": Key("list:str", "Who decides and who runs the exit."),
        "resources": Key("str", "Staff and budget set aside for the exit."),
        "triggers": Key("list:str", "Trigger indicators that start the exit."),
        "success_criteria": Key("list:str", "How success is judged."),
        "planned_end": Key("date", "Date the exit is planned to be complete."),
        "switching_extension_days": Key("int", "Documented extension of the switching period (days, at most 214).",
                                        min=0),
        "cutover": Key("obj", "Cutover of critical workloads.",
                       {"rto_hours": Key("number", "recovery time objective, hours", min=0),
                        "rpo_hours": Key("number", "recovery point objective, hours", min=0),
                        "parallel_run_days": Key("number", "days old and new run side by side", min=0),
                        "rollback": Key("str", "how to go back")}),
        "decisions": Key("list:obj", "Decisions for resources with no target (gaps, unknown types, staying on Azure, "
                                     "lock-in).",
                         {"resources": RESOURCES,
                          "decision": Key("str", "retire, rebuild, replace or keep", required=True, enum=DECISIONS),
                          "step": Key("str", "what will be done (the replacement, the rebuild)")},
                         "{resources: ['*/providers/microsoft.synapse/*'], decision: replace, step: ClickHouse}"),
        "export_formats": Key("list:obj", "Export formats for data classes config audit.export_formats lacks.",
                              {"resources": RESOURCES, "format": Key("str", "format and tool", required=True)},
                              "{resources: ['*/providers/microsoft.purview/*'], format: Atlas JSON via REST}"),
        "iac_managed": Key("list:obj", "Resources whose configuration is held as code (when no Terraform/OpenTofu "
                                       "state was given to migrate plan).",
                           {"resources": RESOURCES,
                            "source": Key("str", "the state, repository or export that holds them", required=True)},
                           "{resources: ['*/resourceGroups/rg-web/*'], source: 'git@example.org:infra/web.git'}"),
        "rekeying": Key("list:obj", "Re-keying steps for Key Vaults and HSMs.",
                        {"resources": RESOURCES,
                         "step": Key("str", "new keys at the target, re-encryption", required=True)},
                        "{resources: ['*/providers/microsoft.keyvault/*'], step: new KMS keys, re-encrypt}"),
        "identity_provider": Key("str", "EU-hosted identity provider replacing Entra ID."),
        "erasure_step": Key("str", "How data left at Azure is erased and the erasure confirmed."),
    }),
    "exit_tests": Key("list:obj", "Exit tests carried out (the latest real one within 12 months counts).",
                      {"date": Key("date", "when (default: the drill's finished_at)"),
                       "kind": Key("str", "drill, full, partial or tabletop (a tabletop moves no data)", required=True,
                                   enum=("drill", "full", "partial", "tabletop")),
                       "report": Key("path", "test report (path or URL)"),
                       "drill_evidence": Key("drill", "drill evidence JSON written by `migrate drill`")},
                      "{date: 2026-10-01, kind: drill, drill_evidence: drill/evidence.json}"),
    "contracts": Key("list:obj", "Every contract to exit from (party: azure) and to move to (party: target).",
                     {"party": Key("str", "azure, target or other", required=True, enum=("azure", "target", "other")),
                      "name": Key("str", "agreement name", required=True),
                      "end_date": Key("date", "end of the contract"),
                      "notice_days": Key("int", "notice period, days", min=0),
                      "retrieval_days": Key("int", "data retrieval period after termination, days", min=0),
                      "clauses": Key("obj", "clause references (section numbers), or false when the contract has "
                                            "no such clause", keys={
                          k: Key("clause", h) for k, h in (
                              ("service_locations", "locations of service and data, notice of change (DORA 30(2)(b))"),
                              ("data_return", "return of data in an accessible format (DORA 30(2)(d))"),
                              ("termination_rights", "termination rights (DORA 30(2)(h))"),
                              ("transition_period", "mandatory transition period (DORA 30(3)(f); Data Act 25(2)(a))"),
                              ("exit_assistance", "switching assistance and continuity (Data Act 25(2)(a))"),
                              ("exportable_data", "exhaustive list of exportable data (Data Act 25(2))"),
                              ("erasure", "full erasure after the retrieval period (Data Act 25(2))"))})},
                     "{party: azure, name: Microsoft Customer Agreement, end_date: 2027-12-31, notice_days: 30, "
                     "retrieval_days: 30, clauses: {data_return: 'DPA §10'}}"),
    "data_classification": Key("list:obj", "Classify resources (wins over tags).",
                               {"resources": RESOURCES,
                                "classification": Key("str", "a value of config audit.classes", required=True)},
                               "{resources: ['*/resourceGroups/rg-hdh-data/*'], classification: health}"),
    "critical_functions": Key("list:obj", "Business functions and whether they are critical or important.",
                              {"name": Key("str", "function", required=True), "resources": RESOURCES,
                               "critical": Key("bool", "critical or important function", required=True)},
                              "{name: research-platform, resources: ['*'], critical: true}"),
    "register_of_information": Key("obj", "The Azure arrangement's entry in the DORA Register of Information.",
                                   {"file": Key("path", "register extract"),
                                    "exit_plan_exists": Key("bool", "B_07.01 exit plan column"),
                                    "alternatives": Key("list:str", "alternative providers identified")}),
}


def _fail(file, place, problem, fix):
    raise MigrateError(file, problem, place=place, fix=fix)


def _bounds(file: str, place: str, key: Key, value) -> None:
    if key.min is not None and value < key.min:
        _fail(file, place, f"{value!r} is below {key.min:g}", f"give a value of at least {key.min:g}")
    if key.max is not None and value > key.max:
        _fail(file, place, f"{value!r} is above {key.max:g}", f"give a value of at most {key.max:g}")


def _value(file: str, place: str, key: Key, value):
    if value is None:
        return None
    k = key.kind
    if k in ("str", "path", "drill"):
        if isinstance(value, (dict, list)):
            _fail(file, place, f"expected text, got {type(value).__name__}", "give a string")
        text = str(value).strip()
        if not text:
            return None             # an empty value is no value: checks report the key as missing
        if key.enum and text.lower() not in key.enum:
            _fail(file, place, f"{text!r} is not one of {', '.join(key.enum)}", f"use one of {', '.join(key.enum)}")
        return text.lower() if key.enum else text
    if k == "clause":
        if value is False:
            return False            # the contract has no such clause: stated, not missing
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            _fail(file, place, f"expected a clause reference or false, got {value!r}",
                  "give the section number (e.g. 'DPA §10'), or false when the contract has no such clause")
        return str(value).strip() or None
    if k == "date":
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            _fail(file, place, f"expected a date, got {value!r}", "write it as YYYY-MM-DD")
    if k == "bool":
        if not isinstance(value, bool):
            _fail(file, place, f"expected true or false, got {value!r}", "write true or false")
        return value
    if k in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(file, place, f"expected a number, got {value!r}", "give a number (no unit, no quotes)")
        if k == "int" and value != int(value):
            _fail(file, place, f"expected a whole number, got {value!r}", "give a whole number of days")
        _bounds(file, place, key, value)
        return int(value) if k == "int" else value
    if k.startswith("list:"):
        if not isinstance(value, list):
            _fail(file, place, f"expected a list, got {type(value).__name__}", "write a YAML list ([a, b] or - items)")
        item = Key(k[5:], key.help, keys=key.keys, enum=key.enum, min=key.min, max=key.max)
        out = [_value(file, f"{place}[{i}]", item, v) for i, v in enumerate(value)]
        return [v for v in out if v is not None]
    if k == "obj":
        if not isinstance(value, dict):
            _fail(file, place, f"expected a mapping, got {type(value).__name__}", "write key: value lines")
        return _mapping(file, place, key.keys, value, entry=True)
    raise AssertionError(k)


def _mapping(file: str, place: str | None, spec: dict, value: dict, entry: bool = False) -> dict | None:
    unknown = sorted(set(map(str, value)) - set(spec))
    if unknown:
        quoted = any(isinstance(k, bool) for k in value)
        hint = "; YAML reads on/off/yes/no as true/false: quote such a key" if quoted else ""
        _fail(file, place or "(top level)", f"unknown key(s): {', '.join(unknown)}",
              f"use only {', '.join(spec)} (see migrate audit --init-evidence){hint}")
    out = {k: _value(file, f"{place}.{k}" if place else k, spec[k], value.get(k)) for k in spec if k in value}
    if entry and all(v in (None, [], {}) for v in out.values()):
        return None                 # left as the template wrote it: not given
    if entry:
        missing = [k for k, key in spec.items() if key.required and out.get(k) in (None, [])]
        if missing:
            _fail(file, place, f"incomplete entry: {', '.join(missing)} missing",
                  f"give {', '.join(f'{k} ({spec[k].help})' for k in missing)}, or remove the entry")
    return out


def validate(doc, file: str) -> dict:
    """The evidence as a checked, normalised dict (dates as ISO text); MigrateError naming file and key."""
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        _fail(file, "(top level)", "evidence is not a YAML mapping", "start from migrate audit --init-evidence")
    return _mapping(file, None, SPEC, doc)


def leaves(spec: dict = SPEC, place: str = "") -> dict[str, Key]:
    """Every key of the spec by its path as the checks' inputs name it (`exit_plan.decisions[].step`)."""
    out = {}
    for name, key in spec.items():
        here = f"{place}.{name}" if place else name
        out[here] = key
        if key.kind == "obj":
            out.update(leaves(key.keys, here))
        elif key.kind == "list:obj":
            out.update(leaves(key.keys, here + "[]"))
    return out


def paths(evidence: dict, spec: dict = SPEC, place: str = "") -> list[tuple[str, str, str]]:
    """(place, kind, value) of every path and drill value, to be resolved by the loader."""
    out = []
    for k, key in spec.items():
        v, here = evidence.get(k), f"{place}.{k}" if place else k
        if v is None:
            continue
        if key.kind in ("path", "drill"):
            out.append((here, key.kind, v))
        elif key.kind == "obj":
            out += paths(v, key.keys, here)
        elif key.kind == "list:obj":
            for i, item in enumerate(v):
                out += paths(item, key.keys, f"{here}[{i}]")
    return out


def readers() -> dict[str, list[str]]:
    """Evidence path -> ids of the checks that declare it as an input (a parent path covers its children)."""
    from .registry import CHECKS

    out: dict[str, list[str]] = {}
    for check in CHECKS:
        for item in check.inputs:
            if item.startswith("evidence: "):
                out.setdefault(item[len("evidence: "):], []).append(check.id)
    return out


def template() -> str:
    """A commented YAML template: every key with what it means and which checks read it."""
    used = readers()
    lines = ["# Evidence for `migrate audit PLAN.json --evidence THIS_FILE`.",
             "# Fill in what you can. A key left empty (null or []) is 'not evidenced': checks that need a",
             "# document, an approval, a test or a clause FAIL; checks that need a fact about the target or a",
             "# figure (a notice period, a date) report UNKNOWN naming the key to fill. Nothing missing passes.",
             "# Paths are relative to this file. Dates are YYYY-MM-DD. Resource patterns are ARM ids or shell",
             "# globs, case-insensitive. An entry of a list must give the fields marked (required).", ""]

    def checks_of(path: str) -> str:
        ids = sorted({c for p, cs in used.items() if p == path or p.startswith(path + ".")
                      or p.startswith(path + "[]") for c in cs})
        return f" [{', '.join(ids)}]" if ids else ""

    def describe(name: str, key: Key) -> str:
        extra = " (required)" if key.required else ""
        if key.enum:
            extra += f" one of: {', '.join(key.enum)}"
        if key.kind == "obj":
            extra += " {" + "; ".join(describe(n, k) for n, k in key.keys.items()) + "}"
        return f"{name}: {key.help}{extra}"

    def walk(spec: dict, indent: int, place: str):
        pad = " " * indent
        for name, key in spec.items():
            here = f"{place}.{name}" if place else name
            lines.append(f"{pad}# {key.help}{checks_of(here)}")
            if key.kind == "obj":
                lines.append(f"{pad}{name}:")
                walk(key.keys, indent + 2, here)
            elif key.kind.startswith("list:"):
                if key.kind == "list:obj":
                    lines.append(f"{pad}#   each entry: " + "; ".join(describe(n, k) for n, k in key.keys.items()))
                    if key.example:
                        lines.append(f"{pad}#   e.g. - {key.example}")
                lines.append(f"{pad}{name}: []")
            else:
                lines.append(f"{pad}{name}: null")

    walk(SPEC, 0, "")
    return "\n".join(lines) + "\n"
