"""Read back the files migrate itself writes (plan.json, audit JSON, drill evidence).

One reader per kind, shared by every command that consumes it, so a wrong, damaged or older file is
refused the same way everywhere: one MigrateError naming the file, the place and the fix.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...errors import MigrateError

PLAN_FIX = "give the plan.json written by `migrate plan INPUT... --out DIR`"
REGENERATE = "re-create it with `migrate plan INPUT... --out DIR` using this version of migrate"
AUDIT_STATUSES = {"PASS", "FAIL", "UNKNOWN", "SKIPPED"}
DRILL_FORMAT = "migrate-drill-evidence"
DRILL_SCHEMA = Path(__file__).resolve().parents[2] / "drill" / "evidence.schema.json"


def read_json(path: Path, what: str, fix: str, place: str | None = None) -> tuple[object, bytes]:
    """The parsed document and the raw bytes it came from (their digest identifies the file)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MigrateError(str(path), "no such file", place=place, fix=fix) from None
    except IsADirectoryError:
        raise MigrateError(str(path), "is a directory", place=place, fix=fix) from None
    except OSError as exc:
        raise MigrateError(str(path), f"cannot read: {exc.strerror}", place=place, fix=fix) from None
    try:
        return json.loads(raw.decode("utf-8")), raw
    except UnicodeDecodeError:
        raise MigrateError(str(path), f"not UTF-8 text, so not a {what}", place=place, fix=fix) from None
    except json.JSONDecodeError as exc:
        raise MigrateError(str(path), f"not JSON ({exc.msg}), so not a {what}",
                           place=place or f"line {exc.lineno}, column {exc.colno}", fix=fix) from None


def _format(path: Path, doc: object, expected: str, what: str, fix: str, place: str | None = None,
            version: int = 1) -> dict:
    if not isinstance(doc, dict) or doc.get("format") != expected:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise MigrateError(str(path), f"not a {what} (format: {found!r})", place=place or "format", fix=fix)
    if doc.get("schema_version") != version:
        older = isinstance(doc.get("schema_version"), int) and doc["schema_version"] < version
        raise MigrateError(str(path), f"{what} schema version {doc.get('schema_version')!r}, this migrate reads version "
                                      f"{version}" + (" (written by an older migrate)" if older else ""),
                           place=place or "schema_version", fix=fix)
    return doc


# Version 2 (every provider's scenario covers the estate: dispositions, lower bounds, verified shares, ranges)
# cannot be derived from version 1, which left gaps uncosted: an older plan is refused and must be re-planned.
PLAN_SCHEMA_VERSION = 2


def load_plan(path: Path, *, full_schema: bool = True) -> tuple[dict, str]:
    """plan.json checked against plan.schema.json, and the SHA-256 of its bytes.

    ``full_schema=False`` checks only format, version and resource entries, for readers (the audit)
    that treat every other missing key as an unknown to report rather than a broken file.
    """
    from ...plan_schema import plan_errors

    doc, raw = read_json(path, "plan", PLAN_FIX)
    _format(path, doc, "migrate-plan", "migrate plan", f"{PLAN_FIX} (an audit or drill evidence is another file)",
            version=PLAN_SCHEMA_VERSION)
    errors = plan_errors(doc) if full_schema else []
    if errors:
        place, _, problem = errors[0].partition(": ")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise MigrateError(str(path), f"does not match plan.schema.json: {problem}{more}", place=place, fix=REGENERATE)
    if not doc.get("resources") and (doc.get("inputs") or {}).get("inventory", {}).get("resources"):
        raise MigrateError(str(path), "the plan has no resource entries", place="resources",
                           fix="write the plan with `migrate plan --out DIR` (the terminal table alone keeps none)")
    return doc, hashlib.sha256(raw).hexdigest()


def load_audit(path: Path) -> dict:
    """An audit written by `migrate audit --format json`, with the fields a report shows checked."""
    fix = "write it with `migrate audit PLAN.json --format json -o audit.json`"
    doc, _ = read_json(path, "audit", fix)
    _format(path, doc, "migrate-audit", "migrate audit", fix)
    if not isinstance(doc.get("summary"), dict):
        raise MigrateError(str(path), "no summary object", place="summary", fix=fix)
    checks = doc.get("checks")
    if not isinstance(checks, list):
        raise MigrateError(str(path), "no list of checks", place="checks", fix=fix)
    for i, c in enumerate(checks):
        if not isinstance(c, dict) or not isinstance(c.get("id"), str):
            raise MigrateError(str(path), "a check without an id", place=f"checks[{i}]", fix=fix)
        if c.get("status") not in AUDIT_STATUSES:
            raise MigrateError(str(path), f"status {c.get('status')!r} is not one of {', '.join(sorted(AUDIT_STATUSES))}",
                               place=f"checks[{i}].status", fix=fix)
    return doc


def drill_evidence_errors(doc: dict) -> list[str]:
    """Where ``doc`` departs from the drill evidence schema (migrate/drill/evidence.schema.json), as 'path: problem'."""
    import jsonschema

    schema = json.loads(DRILL_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]


def load_drill_evidence(path: Path, place: str | None = None) -> dict:
    """The evidence JSON `migrate drill` wrote, checked against its schema.

    ``place`` names where the path was given (an evidence file key) when it was not on the command line.
    """
    fix = "give the JSON written by `migrate drill --evidence-out FILE`"
    doc, _ = read_json(path, "drill evidence file", fix, place)
    _format(path, doc, DRILL_FORMAT, "drill evidence file", fix, place)
    errors = drill_evidence_errors(doc)
    if errors:
        where, _, problem = errors[0].partition(": ")
        raise MigrateError(str(path), f"does not match the drill evidence format: {problem}", place=place or where, fix=fix)
    return doc


def load_plan_to_compare(path: Path) -> tuple[dict, str]:
    """A plan.json of any schema version, for `migrate diff`, and the SHA-256 of its bytes.

    A plan of this migrate's schema version is checked against plan.schema.json; one of another version
    is read as it is (the diff reads each field only when present, and refuses to compare two versions).
    """
    from ...plan import SCHEMA_VERSION
    from ...plan_schema import plan_errors

    doc, raw = read_json(path, "plan", PLAN_FIX)
    if not isinstance(doc, dict) or doc.get("format") != "migrate-plan":
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise MigrateError(str(path), f"not a migrate plan (format: {found!r})", place="format",
                           fix=f"{PLAN_FIX} (an audit or a diff is another file)")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MigrateError(str(path), f"schema_version {version!r} is not a plan version", place="schema_version",
                           fix=REGENERATE)
    errors = plan_errors(doc) if version == SCHEMA_VERSION else []
    if errors:
        place, _, problem = errors[0].partition(": ")
        raise MigrateError(str(path), f"does not match plan.schema.json: {problem}", place=place, fix=REGENERATE)
    if not isinstance(doc.get("resources"), list) or not isinstance(doc.get("providers"), list):
        raise MigrateError(str(path), "no resources or providers list", place="resources", fix=REGENERATE)
    if not doc["resources"] and (doc.get("inputs") or {}).get("inventory", {}).get("resources"):
        raise MigrateError(str(path), "the plan has no resource entries", place="resources",
                           fix="write the plan with `migrate plan --out DIR` (the terminal table alone keeps none)")
    return doc, hashlib.sha256(raw).hexdigest()
