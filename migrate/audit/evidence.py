"""The evidence file: its keys (one spec drives validation and the commented template), pure validation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..errors import MigrateError


@dataclass(frozen=True)
class Key:
    kind: str                    # str, date, bool, int, number, path, drill, list:str, list:int, list:obj, obj
    help: str
    used_by: tuple[str, ...] = ()
    keys: dict = field(default_factory=dict)    # for obj and list:obj
    example: str | None = None                  # shown in the template for list:obj


RESOURCES = Key("list:str", "resource ids or shell globs (case-insensitive), e.g. '*/resourceGroups/rg-data/*'")

SPEC: dict[str, Key] = {
    "target": Key("obj", "The provider you are moving to and what you know about it.", keys={
        "provider": Key("str", "Provider id of the plan chosen as the target (plans compare several; "
                               "`migrate audit --provider` overrides it).",
                        ("C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12", "C13", "C14", "C18", "C22")),
        "cutover_date": Key("date", "Planned cutover date; qualifications must still be valid then (default: --as-of).",
                            ("C05", "C06", "C07")),
        "fallback_provider": Key("str", "Second provider of the plan able to take the critical functions.", ("C13",)),
        "locations": Key("list:obj", "Where primary data, backups, DR copies and technical data (logs, identities, "
                                     "certificates) will be stored.", ("C09",),
                         {"purpose": Key("str", "primary, backup, dr or technical"),
                          "region": Key("str", "provider region id"),
                          "country": Key("str", "ISO 3166 code or English name")},
                         "{purpose: primary, region: eu-west-par, country: FR}"),
        "administration_countries": Key("list:str", "Countries the provider administers and supervises the service "
                                                    "from.", ("C10",)),
        "ownership": Key("obj", "Non-EU holdings in the provider's capital and votes (SecNumCloud §19.6 b).", ("C07",),
                         {"non_eu_largest_pct": Key("number", "largest single non-EU holding, %"),
                          "non_eu_total_pct": Key("number", "all non-EU holdings together, %"),
                          "source": Key("str", "where this comes from (annual report, URL)")}),
        "non_eu_technical_access": Key("bool", "true if a non-EU subcontractor or technology licensor could "
                                               "technically obtain the data.", ("C08",)),
        "hds_activities": Key("list:int", "HDS v2 activities (1-6) the target's certificate covers.", ("C06",)),
        "transparency": Key("obj", "What the target publishes (URLs or documents).", ("C11",),
                            {"jurisdiction_statement": Key("str", "jurisdiction and measures against foreign access"),
                             "data_format_register": Key("str", "register of data structures and formats"),
                             "transfer_map": Key("str", "map of transfers outside the EEA (health data)")}),
        "reversibility": Key("obj", "How to leave the target itself.", ("C12",),
                             {"swipo_adherent": Key("bool", "service listed in the SWIPO register"),
                              "policy": Key("str", "URL of the provider's reversibility policy")}),
    }),
    "exit_plan": Key("obj", "The documented exit plan.", keys={
        "document": Key("path", "Exit plan document (path relative to this file, or a URL).", ("C25", "C30")),
        "approved_by": Key("str", "Body that approved it (management body, CIO...).", ("C25",)),
        "last_reviewed": Key("date", "Date of the last review.", ("C26",)),
        "scenarios": Key("list:str", "Scenarios covered: interruption, failed-delivery, termination, legal-change "
                                     "(config audit.required_scenarios).", ("C25",)),
        "roles": Key("list:str", "Who decides and who runs the exit.", ("C28",)),
        "resources": Key("str", "Staff and budget set aside for the exit.", ("C28",)),
        "triggers": Key("list:str", "Trigger indicators that start the exit.", ("C28",)),
        "success_criteria": Key("list:str", "How success is judged.", ("C28",)),
        "planned_end": Key("date", "Date the exit is planned to be complete.", ("C24",)),
        "switching_extension_days": Key("int", "Documented extension of the switching period (days, at most 214).",
                                        ("C20",)),
        "cutover": Key("obj", "Cutover of critical workloads.", ("C23",),
                       {"rto_hours": Key("number", "recovery time objective, hours"),
                        "rpo_hours": Key("number", "recovery point objective, hours"),
                        "parallel_run_days": Key("number", "days old and new run side by side"),
                        "rollback": Key("str", "how to go back")}),
        "decisions": Key("list:obj", "Decisions for resources with no target (gaps, unknown types, lock-in).",
                         ("C04", "C14", "C18"),
                         {"resources": RESOURCES, "decision": Key("str", "retire, rebuild, replace or keep"),
                          "step": Key("str", "what will be done")},
                         "{resources: ['*/providers/microsoft.synapse/*'], decision: replace, step: ClickHouse}"),
        "export_formats": Key("list:obj", "Export formats for data classes config audit.export_formats lacks.",
                              ("C15",), {"resources": RESOURCES, "format": Key("str", "format and tool")},
                              "{resources: ['*/providers/microsoft.purview/*'], format: Atlas JSON via REST}"),
        "iac_export": Key("str", "How configuration is exported as code (e.g. aztfexport to Terraform).", ("C16",)),
        "rekeying": Key("list:obj", "Re-keying steps for Key Vaults and HSMs.", ("C17",),
                        {"resources": RESOURCES, "step": Key("str", "new keys at the target, re-encryption")},
                        "{resources: ['*/providers/microsoft.keyvault/*'], step: new KMS keys, re-encrypt}"),
        "identity_provider": Key("str", "EU-hosted identity provider replacing Entra ID.", ("C18",)),
        "erasure_step": Key("str", "How data left at Azure is erased and the erasure confirmed.", ("C30",)),
    }),
    "exit_tests": Key("list:obj", "Exit tests carried out (the latest real one within 12 months counts).", ("C27",),
                      {"date": Key("date", "when (default: the drill's finished_at)"),
                       "kind": Key("str", "drill, full, partial or tabletop (a tabletop moves no data)"),
                       "report": Key("path", "test report (path or URL)"),
                       "drill_evidence": Key("drill", "drill evidence JSON written by `migrate drill`")},
                      "{date: 2026-10-01, kind: drill, drill_evidence: drill/evidence.json}"),
    "contracts": Key("list:obj", "Contracts to exit from (party: azure) and to move to (party: target).",
                     ("C24", "C29"),
                     {"party": Key("str", "azure, target or other"), "name": Key("str", "agreement name"),
                      "end_date": Key("date", "end of the contract"),
                      "notice_days": Key("int", "notice period, days"),
                      "retrieval_days": Key("int", "data retrieval period after termination, days"),
                      "clauses": Key("obj", "clause references (section numbers); leave empty when absent", keys={
                          k: Key("str", h) for k, h in (
                              ("service_locations", "locations of service and data, notice of change (DORA 30(2)(b))"),
                              ("data_return", "return of data in an accessible format (DORA 30(2)(d))"),
                              ("termination_rights", "termination rights (DORA 30(2)(h))"),
                              ("transition_period", "mandatory transition period (DORA 30(3)(f); Data Act 25)"),
                              ("exit_assistance", "switching assistance and continuity (Data Act 25(2)(a))"),
                              ("exportable_data", "exhaustive list of exportable data (Data Act 25(2)(e))"),
                              ("erasure", "full erasure after the retrieval period (Data Act 25(2)(h))"))})},
                     "{party: azure, name: Microsoft Customer Agreement, end_date: 2027-12-31, notice_days: 30, "
                     "retrieval_days: 30, clauses: {data_return: 'DPA §10'}}"),
    "data_classification": Key("list:obj", "Classify resources (wins over tags).", ("C01", "C05", "C06", "C11"),
                               {"resources": RESOURCES, "classification": Key("str", "a value of config audit.classes")},
                               "{resources: ['*/resourceGroups/rg-hdh-data/*'], classification: health}"),
    "critical_functions": Key("list:obj", "Business functions and whether they are critical or important.",
                              ("C02", "C13", "C22"),
                              {"name": Key("str", "function"), "resources": RESOURCES,
                               "critical": Key("bool", "critical or important function")},
                              "{name: research-platform, resources: ['*'], critical: true}"),
    "register_of_information": Key("obj", "The Azure arrangement's entry in the DORA Register of Information.",
                                   ("C30",),
                                   {"file": Key("path", "register extract"),
                                    "exit_plan_exists": Key("bool", "B_07.01 exit plan column"),
                                    "alternatives": Key("list:str", "alternative providers identified"),
                                    "reintegration_possible": Key("bool", "reintegration in-house possible"),
                                    "last_audit": Key("date", "date of the last audit")}),
}


def _fail(file, place, problem, fix):
    raise MigrateError(file, problem, place=place, fix=fix)


def _value(file: str, place: str, key: Key, value):
    if value is None:
        return None
    k = key.kind
    if k in ("str", "path", "drill"):
        if isinstance(value, (dict, list)):
            _fail(file, place, f"expected text, got {type(value).__name__}", "give a string")
        return str(value)
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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            _fail(file, place, f"expected a number >= 0, got {value!r}", "give a number")
        return value
    if k.startswith("list:"):
        if not isinstance(value, list):
            _fail(file, place, f"expected a list, got {type(value).__name__}", "write a YAML list ([a, b] or - items)")
        item = Key(k[5:], key.help, keys=key.keys)
        return [_value(file, f"{place}[{i}]", item, v) for i, v in enumerate(value)]
    if k == "obj":
        if not isinstance(value, dict):
            _fail(file, place, f"expected a mapping, got {type(value).__name__}", "write key: value lines")
        return _mapping(file, place, key.keys, value)
    raise AssertionError(k)


def _mapping(file: str, place: str | None, spec: dict, value: dict) -> dict:
    unknown = sorted(set(map(str, value)) - set(spec))
    if unknown:
        _fail(file, place or "(top level)", f"unknown key(s): {', '.join(unknown)}",
              f"use only {', '.join(spec)} (see migrate audit --init-evidence)")
    return {k: _value(file, f"{place}.{k}" if place else k, spec[k], value.get(k)) for k in spec if k in value}


def validate(doc, file: str) -> dict:
    """The evidence as a checked, normalised dict (dates as ISO text); MigrateError naming file and key."""
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        _fail(file, "(top level)", "evidence is not a YAML mapping", "start from migrate audit --init-evidence")
    return _mapping(file, None, SPEC, doc)


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


def template() -> str:
    """A commented YAML template: every key with what it means and which checks read it."""
    lines = ["# Evidence for `migrate audit PLAN.json --evidence THIS_FILE`.",
             "# Fill in what you can; a key left empty (null or []) is 'not evidenced': checks that need it FAIL",
             "# (documents, tests, clauses) or report UNKNOWN (facts about the target). Paths are relative to this",
             "# file. Dates are YYYY-MM-DD. Resource patterns are ARM ids or shell globs, case-insensitive.", ""]

    def walk(spec: dict, indent: int):
        pad = " " * indent
        for name, key in spec.items():
            used = f" [{', '.join(key.used_by)}]" if key.used_by else ""
            lines.append(f"{pad}# {key.help}{used}")
            if key.kind == "obj":
                lines.append(f"{pad}{name}:")
                walk(key.keys, indent + 2)
            elif key.kind.startswith("list:"):
                if key.kind == "list:obj":
                    fields = "; ".join(f"{n}: {k.help}" for n, k in key.keys.items())
                    lines.append(f"{pad}#   each entry: {fields}")
                    if key.example:
                        lines.append(f"{pad}#   e.g. - {key.example}")
                lines.append(f"{pad}{name}: []")
            else:
                lines.append(f"{pad}{name}: null")

    walk(SPEC, 0)
    return "\n".join(lines) + "\n"
