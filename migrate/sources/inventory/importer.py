"""Import any number of export files into one canonical inventory."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...errors import MigrateError
from ...inventory import dedupe_and_sort, empty_inventory, from_records, iac_values, merge_iac
from . import arm_template, az_cli, canonical, columnar, resource_graph, terraform
from .files import FORMATS, detect, load


@dataclass
class ImportResult:
    inventory: pd.DataFrame
    sources: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    scope: dict = field(default_factory=dict)


def import_files(paths: list[Path], *, input_format: str = "auto", vm_sizes: pd.DataFrame | None = None,
                 location: str = "francecentral", resource_group: str | None = None,
                 columnar: bool = True) -> ImportResult:
    """Read every file, detect (or take) its format, and merge into one sorted inventory.

    A resource id seen twice (the same estate exported twice) is kept once, with a warning.
    When a Terraform/OpenTofu state (or an inventory that had one) is among the inputs, every
    resource is marked as under IaC or not (column ``iac``; scope ``iac``), see :func:`merge_iac`.
    ``columnar`` False reads every file with the general readers (the same inventory, slower and
    larger in memory at scale: a dict per resource); it exists to check the two agree.
    """
    if input_format not in FORMATS:
        raise MigrateError(None, f"unknown input format {input_format!r}", fix=f"use one of {', '.join(FORMATS)}")
    frames, sources, warnings, scopes = [], [], [], []
    # A million parsed resources are millions of objects, none in a cycle: the cyclic collector
    # would rescan them all again and again (a third of the import time at 1M rows).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            _import_one(Path(path), input_format, vm_sizes, location, resource_group, frames, sources, warnings,
                        scopes, columnar)
    finally:
        if gc_was_enabled:
            gc.enable()
    # An input with no Azure resource (a state of other providers only) adds no rows, and its untyped empty
    # columns must not turn the numeric ones of the others into objects.
    frames = [f for f in frames if len(f)]
    inventory = pd.concat(frames, ignore_index=True) if len(frames) > 1 else (frames[0] if frames else empty_inventory())
    iac_sources = [Path(s["file"]).name for s in sources if s["format"] in terraform.FORMATS] + \
        [f for s in scopes for f in (s.get("iac") or {}).get("sources", [])]
    if iac_sources:
        declared = inventory["source_format"].isin(terraform.FORMATS).to_numpy()
        inventory, _ = merge_iac(inventory, declared)
    inventory, dropped = dedupe_and_sort(inventory)
    if len(dropped):
        warnings.append(f"{len(dropped)} resource id(s) appear more than once across the inputs; kept the first "
                        f"(e.g. {dropped['id'].iloc[0]})")
    merged_scope = {"sources": sources,
                    "complete": all(s.get("complete", True) for s in scopes),
                    "failed_scopes": [f for s in scopes for f in s.get("failed_scopes", [])]}
    if iac_sources:
        merged_scope["iac"] = iac_summary(inventory, sorted(set(iac_sources)))
    return ImportResult(inventory, sources, warnings, merged_scope)


def iac_summary(inventory: pd.DataFrame, iac_sources: list[str]) -> dict:
    """How many resources the IaC evidence covers (the contract of plan.json ``inputs.inventory.iac``)."""
    flags = iac_values(inventory["iac"])
    under = sum(1 for f in flags if f is True)
    return {"sources": iac_sources, "resources": len(flags), "under_iac": under, "not_under_iac": len(flags) - under,
            "only_in_iac": int(inventory["source_format"].isin(terraform.FORMATS).sum())}


def _import_one(path: Path, input_format: str, vm_sizes, location: str, resource_group: str | None,
                frames: list, sources: list, warnings: list, scopes: list, use_columnar: bool = True) -> None:
    fast = columnar.read_file(path, input_format) if use_columnar else None
    if fast is not None:
        fmt = fast.format
        if fmt == "inventory":
            df = canonical.finish(fast.frame, vm_sizes)
            scopes.append(fast.scope)
        else:
            df = from_records(fast.frame, vm_sizes)
        fast_warnings, fast = fast.warnings, None
        _record(path, fmt, df, fast_warnings, frames, sources, warnings)
        return
    loaded = load(path)
    fmt = detect(loaded) if input_format == "auto" else input_format
    _check_shape(loaded, fmt)
    extra = {}
    if fmt == "inventory":
        df, scope = canonical.read(loaded, vm_sizes)
        scopes.append(scope)
    elif fmt in terraform.FORMATS:
        records, extra["terraform"], tf_warnings = terraform.read(loaded, fmt)
        loaded.warnings.extend(tf_warnings)
        loaded.document = None
        df = from_records(records, vm_sizes) if records else empty_inventory()
        del records
    else:
        if fmt == "az-resource-list":
            records = az_cli.read(loaded)
        elif fmt == "resource-graph-json":
            records = resource_graph.read_json(loaded)
        elif fmt == "resource-graph-csv":
            records = resource_graph.read_csv(loaded)
        else:
            rg = resource_group or Path(path).stem
            records = arm_template.read(loaded, resource_group=rg, location=location)
        loaded.document = None  # the records hold what is needed; let the parsed text go
        df = from_records(records, vm_sizes)
        del records
    _record(path, fmt, df, loaded.warnings, frames, sources, warnings, extra)


def _record(path: Path, fmt: str, df: pd.DataFrame, file_warnings: list, frames: list, sources: list,
            warnings: list, extra: dict | None = None) -> None:
    frames.append(df)
    sources.append({"file": str(path), "format": fmt, "resources": int(len(df)), **(extra or {})})
    warnings.extend(file_warnings)


def _check_shape(loaded, fmt: str) -> None:
    """When --input-format is forced, fail clearly if the file is not that format."""
    doc = loaded.document
    ok = {
        "az-resource-list": isinstance(doc, list) or (isinstance(doc, dict) and isinstance(doc.get("value"), list)),
        "resource-graph-json": isinstance(doc, list) or (isinstance(doc, dict) and isinstance(doc.get("data"), list)),
        "resource-graph-csv": not loaded.is_json,
        "arm-template": isinstance(doc, dict) and "resources" in doc,
        "inventory": isinstance(doc, dict) and doc.get("format") == canonical.FILE_FORMAT,
        **{f: terraform.looks_like(doc, f) for f in terraform.FORMATS},
    }[fmt]
    if not ok:
        raise MigrateError(loaded.path, f"does not look like {fmt}", fix="drop --input-format to detect the format")
