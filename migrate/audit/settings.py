"""Validation of config section `audit` (defaults in migrate/data/config/audit.yaml)."""

from __future__ import annotations

from ..validation import number
from ..errors import MigrateError


def check_settings(file: str, section: dict) -> None:
    """Raise MigrateError naming the key when a user override breaks the audit settings."""
    for k, v in (section.get("thresholds") or {}).items():
        number(file, v, f"audit.thresholds.{k}")
    lists = [("labels", k) for k in ("classification_tags", "business_function_tags", "critical_tags",
                                     "critical_values", "not_critical_values")]
    lists += [("classes", k) for k in (section.get("classes") or {})]
    lists += [(k,) for k in ("required_scenarios", "required_location_purposes", "hds_required_activities",
                             "required_clauses", "size_not_applicable", "sovereignty_require")]
    for path in lists:
        node = section
        for p in path:
            node = node.get(p) if isinstance(node, dict) else None
        if not isinstance(node, list):
            raise MigrateError(file, f"expected a list, got {node!r}", place="audit." + ".".join(path),
                               fix="give a YAML list, e.g. [a, b]")
    from ..catalog.sovereignty import parse

    for i, r in enumerate(section.get("sovereignty_require") or []):
        try:
            ok = parse(str(r)) is not None
        except MigrateError:
            ok = False
        if not ok:
            raise MigrateError(file, f"{r!r} is not a SEAL requirement", place=f"audit.sovereignty_require[{i}]",
                               fix="write seal-N (N 0-4) or sov-K>=N (K 1-8, N 0-4)")
    for k in ("export_formats", "eu_countries", "eea_countries", "other_countries"):
        if not isinstance(section.get(k), dict):
            raise MigrateError(file, "expected a mapping", place=f"audit.{k}", fix="see examples/config.yaml")
