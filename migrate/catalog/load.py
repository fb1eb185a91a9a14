"""Load provider catalogues from YAML, validate them, and build the tables the mapping joins on.

Every error names the file, the key path and the fix. ``validate_dir`` collects every
problem (for ``migrate catalog validate``); ``load_catalog`` stops at the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from ..bundled import catalog_dir
from ..errors import MigrateError
from .figures import COLUMNS as FIGURE_COLUMNS
from .figures import document_figures
from .model import ObjectStorageEndpoint, Provider, Qualification, Region
from .provenance import is_verified, least_certain

SCHEMA_PATH = Path(__file__).with_name("catalog.schema.json")
# libyaml's loader is ~10x faster on the catalogues; same safe semantics.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Catalog:
    """Everything the mapping needs, as tables keyed for joins."""

    service_classes: pd.DataFrame   # index service_class
    types: pd.DataFrame             # index type (lower-case)
    vm_sizes: pd.DataFrame          # index size name (lower-case): vcpu, memory_gb
    vm_prices: pd.DataFrame         # index (size, region): linux_hour, windows_hour, price_source, price_as_of, price_unverified
    azure_region: str               # the reference region: resources elsewhere are priced here, flagged
    azure_prices: pd.DataFrame      # type, sku_key, region, hour, month, gb_month, components, source, as_of, unverified
    egress: dict | None
    providers: dict[str, Provider]
    offers: pd.DataFrame
    gaps: pd.DataFrame
    patterns: pd.DataFrame          # one row per pattern component (see patterns.py)
    pattern_rules: dict             # service_class -> sizing rule of its self-managed pattern
    gpu_models: pd.DataFrame        # index model: name, tier, generation, memory_gb
    vm_accelerators: pd.DataFrame   # index size (lower-case): gpu_model, gpu_count, gpu_memory_gb, hardware
    meters: dict                    # usage meter -> title
    type_variants: pd.DataFrame     # type, name, name_prefix -> service_class, disposition, reason (by resource name)
    files: list[dict] = field(default_factory=list)
    # Every sourced figure with its provenance (figures.COLUMNS), for validation and the basis shares.
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIGURE_COLUMNS))
    sovereignty: dict | None = None  # EU Cloud Sovereignty Framework: framework facts, SEAL levels per provider


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))


def _dates_to_text(value: Any) -> Any:
    # YAML turns unquoted 2026-01-31 into a date; the schema (and JSON) want text.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


def _key_path(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _fix_for(err: jsonschema.ValidationError) -> str:
    v = err.validator
    if v == "required":
        return "add the missing key"
    if v == "enum":
        return f"use one of: {', '.join(map(str, err.validator_value))}"
    if v == "const":
        return f"set it to {err.validator_value!r}"
    if v == "additionalProperties":
        allowed = sorted((err.schema.get("properties") or {}).keys())
        return f"remove or rename the key; allowed keys: {', '.join(allowed)}"
    if v == "pattern" and "[0-9]{4}" in str(err.validator_value):
        return "write dates as YYYY-MM-DD"
    if v == "pattern":
        return f"match the pattern {err.validator_value}"
    if v == "type":
        return f"give a {err.validator_value}"
    if v in ("minimum", "exclusiveMinimum"):
        return "give a positive number"
    return "see provider_catalogs/README.md for the expected shape"


def read_yaml(path: Path) -> dict:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1} column {mark.column + 1}" if mark else None
        raise MigrateError(str(path), f"malformed YAML: {getattr(exc, 'problem', exc)}", place=place,
                           fix="fix the YAML syntax (indentation, quotes, colons)") from None
    if not isinstance(doc, dict):
        raise MigrateError(str(path), "catalogue is not a YAML mapping", fix="start the file with `schema_version: 1`")
    return _dates_to_text(doc)


def schema_errors(path: Path, doc: dict) -> list[MigrateError]:
    errors = []
    for err in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        # Report the most specific error of an if/then/allOf branch.
        leaf = min(err.context, key=lambda e: -len(e.absolute_path)) if err.context else err
        errors.append(MigrateError(str(path), leaf.message, place=_key_path(leaf.absolute_path), fix=_fix_for(leaf)))
    return errors


def catalog_files(extra_dir: Path | None = None, bundled: bool = True) -> list[Path]:
    """Bundled catalogues, overridden or extended by a company's own directory (same file name replaces)."""
    by_name: dict[str, Path] = {p.name: p for p in sorted(catalog_dir().glob("*.yaml"))} if bundled else {}
    if extra_dir is not None:
        if not Path(extra_dir).is_dir():
            raise MigrateError(str(extra_dir), "catalogue directory not found", fix="give a directory of *.yaml catalogues")
        for p in sorted(Path(extra_dir).glob("*.yaml")):
            by_name[p.name] = p
    return [by_name[k] for k in sorted(by_name)]


def _sourced(item: dict, inherit: dict) -> tuple[str | None, str | None, bool]:
    source, as_of = item.get("source") or inherit.get("source"), item.get("as_of") or inherit.get("as_of")
    basis = item.get("basis") or inherit.get("basis")
    legacy = bool(item.get("unverified") or inherit.get("unverified"))
    return source, as_of, not is_verified(basis, as_of, legacy)


def _basis(item: dict, inherit: dict) -> str | None:
    return item.get("basis") or inherit.get("basis")


def _rule(item: dict, inherit: dict) -> str | None:
    """The rule of the level that gave the basis (a refreshed component keeps no inherited estimate rule)."""
    if item.get("basis"):
        return item.get("rule")
    return item.get("rule") or inherit.get("rule")


def _components(price: list, inherit: dict, file: str, place: str, problems: list) -> tuple[dict, list]:
    """Sum of the amounts per unit, and each component with its provenance."""
    sums: dict[str, float] = {"hour": 0.0, "month": 0.0, "gb_month": 0.0, "gb": 0.0}
    parts = []
    for i, comp in enumerate(price or []):
        source, as_of, unverified = _sourced(comp, inherit)
        if not source or not as_of:
            problems.append(MigrateError(file, "price has no source or as_of", place=f"{place}.price[{i}]",
                                         fix="add `source: <URL or document>` and `as_of: YYYY-MM-DD` to the price or its offer"))
        sums[comp["unit"]] = sums.get(comp["unit"], 0.0) + float(comp["amount"])
        parts.append({"component": comp.get("component", comp["unit"]), "amount": float(comp["amount"]),
                      "unit": comp["unit"], "source": source, "as_of": as_of, "basis": _basis(comp, inherit),
                      "rule": _rule(comp, inherit), "unverified": unverified})
    return sums, parts


def _azure_tables(file: str, doc: dict, problems: list) -> dict:
    classes = pd.DataFrame.from_dict(doc["service_classes"], orient="index")
    classes.index.name = "service_class"
    for col in ("family", "default_gap_severity", "replacement"):
        if col not in classes:
            classes[col] = None
    classes["default_gap_severity"] = classes["default_gap_severity"].fillna("medium")
    classes["stored_gb"] = classes["stored_gb"].fillna(True).astype(bool) if "stored_gb" in classes else True
    types = pd.DataFrame.from_dict(doc["types"], orient="index")
    types.index.name = "type"
    for col, default in (("data_bearing", False), ("proprietary", False), ("disposition", "migrate"), ("reason", None), ("title", None)):
        if col not in types:
            types[col] = default
        types[col] = types[col].where(types[col].notna(), default)
    types["data_bearing"] = types["data_bearing"].astype(bool)
    types["proprietary"] = types["proprietary"].astype(bool)
    variants = pd.DataFrame(
        [{"type": t.lower(), "name": v.get("name"), "name_prefix": v.get("name_prefix"), "service_class": v["service_class"],
          "disposition": v.get("disposition", "migrate"), "reason": v["reason"],
          "data_bearing": bool(v.get("data_bearing", spec.get("data_bearing", False))),
          "proprietary": bool(v.get("proprietary", spec.get("proprietary", False)))}
         for t, spec in doc["types"].items() for v in spec.get("variants") or []],
        columns=["type", "name", "name_prefix", "service_class", "disposition", "reason", "data_bearing", "proprietary"])
    types = types.drop(columns=["variants"], errors="ignore")
    for v in variants.itertuples(index=False):
        if v.service_class not in classes.index:
            problems.append(MigrateError(file, f"unknown service class {v.service_class!r}", place=f"types.{v.type}.variants",
                                         fix="use a key of service_classes"))
    for t, cls in types["service_class"].items():
        if cls not in classes.index:
            problems.append(MigrateError(file, f"unknown service class {cls!r}", place=f"types.{t}.service_class",
                                         fix="use a key of service_classes"))
    vm = doc["vm_sizes"]
    sizes = pd.DataFrame.from_dict(vm["sizes"], orient="index")
    for col in ("linux_hour", "windows_hour"):
        if col not in sizes:
            sizes[col] = float("nan")
    sizes.index = sizes.index.str.lower()
    sizes.index.name = "size"
    # A row refreshed from the price API carries its own source; the others inherit the table's.
    for col, table_key in (("source", "price_source"), ("as_of", "price_as_of"), ("unverified", "price_unverified"),
                           ("basis", "price_basis")):
        default = vm.get(table_key, False if col == "unverified" else None)
        sizes[col] = sizes[col].where(sizes[col].notna(), default) if col in sizes else default
    sizes = sizes.rename(columns={"source": "price_source", "as_of": "price_as_of", "unverified": "price_unverified"})
    row_basis = sizes["basis"] if "basis" in sizes else pd.Series(None, index=sizes.index, dtype=object)
    sizes["price_basis"] = row_basis.where(row_basis.notna(), vm.get("price_basis"))
    sizes["price_unverified"] = [not is_verified(b if isinstance(b, str) else None, a, bool(u))
                                 for b, a, u in zip(sizes["price_basis"], sizes["price_as_of"], sizes["price_unverified"])]
    sizes[["vcpu", "memory_gb", "linux_hour", "windows_hour"]] = sizes[["vcpu", "memory_gb", "linux_hour", "windows_hour"]].astype("float64")
    if sizes["linux_hour"].notna().any() and not (vm.get("price_source") and vm.get("price_as_of")):
        problems.append(MigrateError(file, "VM prices have no source", place="vm_sizes",
                                     fix="add price_source and price_as_of to vm_sizes"))
    region = doc["region"]
    vm_prices = [sizes[["linux_hour", "windows_hour", "price_source", "price_as_of", "price_unverified", "price_basis"]]
                 .assign(region=region).reset_index()]
    price_rows = _price_rows(file, doc["prices"], region, "prices", {}, problems)
    for other, block in (doc.get("regional_prices") or {}).items():
        place = f"regional_prices.{other}"
        rows = []
        for name, row in (block.get("vm_sizes") or {}).items():
            if name.lower() not in sizes.index:
                problems.append(MigrateError(file, f"VM size {name!r} is not in vm_sizes.sizes", place=f"{place}.vm_sizes",
                                             fix="add the size (vCPU, memory) to vm_sizes.sizes first"))
            basis, as_of = row.get("basis") or block.get("basis"), row.get("as_of") or block["as_of"]
            rows.append({"size": name.lower(), "linux_hour": row.get("linux_hour"), "windows_hour": row.get("windows_hour"),
                         "price_source": row.get("source") or block["source"], "price_as_of": as_of,
                         "price_unverified": not is_verified(basis, as_of, bool(row.get("unverified", block.get("unverified", False)))),
                         "price_basis": basis, "region": other})
        vm_prices.append(pd.DataFrame(rows, columns=vm_prices[0].columns))
        price_rows += _price_rows(file, block.get("prices") or [], other, f"{place}.prices", block, problems)
    vm_prices = pd.concat(vm_prices, ignore_index=True).set_index(["size", "region"])
    vm_prices[["linux_hour", "windows_hour"]] = vm_prices[["linux_hour", "windows_hour"]].astype("float64")
    prices = pd.DataFrame(price_rows, columns=["type", "sku_key", "region", "hour", "month", "gb_month", "gb", "components",
                                               "title", "source", "as_of", "unverified", "basis"])
    dup = prices.duplicated(["type", "sku_key", "region"])
    for _, row in prices[dup].iterrows():
        problems.append(MigrateError(file, f"two prices for {row['type']} sku {row['sku_key'] or '(any)'} in {row['region']}",
                                     place="prices", fix="keep one entry per type, SKU and region"))
    egress = doc.get("egress")
    if egress is not None:
        source, as_of, unverified = _sourced(egress, {})
        if not source or not as_of:
            problems.append(MigrateError(file, "egress price has no source", place="egress", fix="add source and as_of"))
    patterns, rules = _pattern_table(file, doc.get("patterns") or {}, classes.index, problems)
    gpu_models = pd.DataFrame.from_dict(doc.get("gpu_models") or {}, orient="index",
                                        columns=["name", "tier", "generation", "memory_gb"])
    gpu_models.index.name = "model"
    accel = _accelerators(file, doc.get("vm_accelerators") or {}, gpu_models.index, sizes.index, problems)
    return {"service_classes": classes, "types": types, "vm_sizes": sizes[["vcpu", "memory_gb"]], "vm_prices": vm_prices,
            "azure_region": region, "azure_prices": prices.drop_duplicates(["type", "sku_key", "region"]), "egress": egress,
            "patterns": patterns, "pattern_rules": rules, "gpu_models": gpu_models, "vm_accelerators": accel,
            "meters": {k: v.get("title") for k, v in (doc.get("meters") or {}).items()}, "type_variants": variants}


PATTERN_COLUMNS = ["pattern_class", "component", "service_class", "role", "vcpu", "memory_gb", "count", "size",
                   "count_from", "gb_from", "gb_factor", "per", "gpu_count", "gpu_min_memory_gb", "gpu_tier", "fallback"]


def _pattern_table(file: str, patterns: dict, classes: pd.Index, problems: list) -> tuple[pd.DataFrame, dict]:
    """One row per component of every class pattern; unknown classes are reported."""
    rows, rules = [], {}
    for cls, pat in patterns.items():
        if cls not in classes:
            problems.append(MigrateError(file, f"pattern for unknown service class {cls!r}", place=f"patterns.{cls}",
                                         fix="use a key of service_classes"))
        rules[cls] = pat["rule"]
        for i, c in enumerate(pat["components"]):
            for key in ("service_class", "fallback"):
                if c.get(key) and c[key] not in classes:
                    problems.append(MigrateError(file, f"unknown service class {c[key]!r}",
                                                 place=f"patterns.{cls}.components[{i}].{key}",
                                                 fix="use a key of service_classes"))
            gpu = c.get("gpu") or {}
            rows.append({"pattern_class": cls, "component": i, "service_class": c["service_class"], "role": c["role"],
                         "vcpu": float(c.get("vcpu", "nan")), "memory_gb": float(c.get("memory_gb", "nan")),
                         "count": float(c.get("count", 1)), "size": c.get("size", "fixed"),
                         "count_from": c.get("count_from", "fixed"), "gb_from": c.get("gb_from", "none"),
                         "gb_factor": float(c.get("gb_factor", 1.0)), "per": c.get("per", "resource"),
                         "gpu_count": float(gpu.get("count", "nan")), "gpu_min_memory_gb": float(gpu.get("min_memory_gb", "nan")),
                         "gpu_tier": gpu.get("tier"), "fallback": c.get("fallback")})
    return pd.DataFrame(rows, columns=PATTERN_COLUMNS), rules


def _accelerators(file: str, table: dict, models: pd.Index, sizes: pd.Index, problems: list) -> pd.DataFrame:
    rows = {}
    for size, a in table.items():
        gpu = a.get("gpu") or {}
        if gpu and gpu["model"] not in models:
            problems.append(MigrateError(file, f"unknown GPU model {gpu['model']!r}", place=f"vm_accelerators.{size}.gpu.model",
                                         fix="add it to gpu_models"))
        if size.lower() not in sizes:
            problems.append(MigrateError(file, f"VM size {size!r} is not in vm_sizes.sizes", place=f"vm_accelerators.{size}",
                                         fix="add the size (vCPU, memory) to vm_sizes.sizes"))
        rows[size.lower()] = {"gpu_model": gpu.get("model"), "gpu_count": float(gpu.get("count", "nan")),
                              "gpu_memory_gb": float(gpu.get("memory_gb", "nan")),
                              "hardware": tuple(sorted(a.get("hardware") or ()))}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["gpu_model", "gpu_count", "gpu_memory_gb", "hardware"])
    out.index.name = "size"
    return out


def _price_rows(file: str, entries: list, region: str, place: str, inherit: dict, problems: list) -> list[dict]:
    rows = []
    for i, entry in enumerate(entries):
        sums, parts = _components(entry["price"], {**inherit, **entry}, file, f"{place}[{i}]", problems)
        source, as_of, unverified = _sourced(entry, inherit)
        for sku in entry.get("sku") or [None]:
            rows.append({"type": entry["type"].lower(), "sku_key": (sku or "").lower(), "region": region, **sums,
                         "components": parts, "title": entry.get("title"), "source": source,
                         "as_of": as_of, "unverified": unverified or any(p["unverified"] for p in parts),
                         "basis": least_certain(p["basis"] for p in parts) if parts else _basis(entry, inherit)})
    return rows


def _provider(file: str, doc: dict, classes: pd.Index, problems: list) -> tuple[Provider, list[dict], list[dict]]:
    p = doc["provider"]
    quals = tuple(Qualification(q["id"], q["status"], q.get("scope"), q.get("version"), q.get("date"),
                                q.get("valid_until"), tuple(q.get("regions") or ()), q["source"], q["as_of"],
                                not is_verified(q.get("basis"), q["as_of"], bool(q.get("unverified"))))
                  for q in p["qualifications"])
    regions = tuple(Region(r["id"], r["country"], r["city"], r.get("name"), tuple(r.get("qualifications") or ()),
                           r.get("s3_endpoint")) for r in p["regions"])
    storage = tuple(ObjectStorageEndpoint(e["region"], e["endpoint"].rstrip("/"), e.get("signing_region"), e["source"],
                                          e["as_of"], not is_verified(e.get("basis"), e["as_of"], bool(e.get("unverified"))),
                                          e.get("note"))
                    for e in p.get("object_storage") or [])
    j = p["jurisdiction"]
    provider = Provider(p["id"], p["name"], p["legal_entity"], p["headquarters"], file, bool(j["non_eu_law_exposure"]),
                        j["details"], j["source"], j["as_of"],
                        not is_verified(j.get("basis"), j["as_of"], bool(j.get("unverified"))), quals, regions, storage)
    qual_ids = {q.id for q in quals}
    region_ids = {r.id for r in regions}
    seen_storage: set[str] = set()
    for i, e in enumerate(storage):
        if e.region in seen_storage:
            problems.append(MigrateError(file, f"two object storage endpoints for region {e.region!r}",
                                         place=f"provider.object_storage[{i}]", fix="keep one endpoint per region"))
        seen_storage.add(e.region)
    offers, seen = [], set()
    for i, o in enumerate(doc["offers"]):
        place = f"offers[{i}] ({o['id']})"
        if o["id"] in seen:
            problems.append(MigrateError(file, f"offer id {o['id']!r} used twice", place=place, fix="give each offer its own id"))
        seen.add(o["id"])
        for key in ("service_class",):
            if o[key] not in classes:
                problems.append(MigrateError(file, f"unknown service class {o[key]!r}", place=f"{place}.{key}",
                                             fix="use a service class of provider_catalogs/azure.yaml"))
        for key in ("nodes_from", "storage_from"):
            if o.get(key) and o[key] not in classes:
                problems.append(MigrateError(file, f"unknown service class {o[key]!r}", place=f"{place}.{key}",
                                             fix="use a service class of provider_catalogs/azure.yaml"))
        runs_on = o.get("runs_on") or {}
        if runs_on and runs_on["service_class"] not in classes:
            problems.append(MigrateError(file, f"unknown service class {runs_on['service_class']!r}",
                                         place=f"{place}.runs_on.service_class", fix="use a service class of azure.yaml"))
        for q in o.get("qualifications") or []:
            if q not in qual_ids:
                problems.append(MigrateError(file, f"qualification {q!r} is not declared for the provider",
                                             place=f"{place}.qualifications",
                                             fix="declare it under provider.qualifications with source and as_of, or remove it"))
        for r in o.get("regions") or []:
            if r not in region_ids:
                problems.append(MigrateError(file, f"region {r!r} is not declared for the provider", place=f"{place}.regions",
                                             fix="declare it under provider.regions"))
        sums, parts = _components(o.get("price"), o, file, place, problems)
        held = {q.id: set(q.regions) for q in quals if q.held}
        offer_regions = set(o.get("regions") or ())
        gpu = o.get("gpu") or {}
        evidence = o.get("evidence") or {}
        offers.append({
            "provider": p["id"], "offer_id": o["id"], "service_class": o["service_class"], "offer_name": o["name"],
            "mapping": o["mapping"], "offer_reason": o.get("reason"),
            "offer_vcpu": float(o.get("vcpu", "nan")), "offer_memory_gb": float(o.get("memory_gb", "nan")),
            "is_default": bool(o.get("default")), "ha": o.get("ha"),
            # A qualification holds on an offer when the provider holds it and, if it is scoped to regions,
            # in at least one region the offer is sold in.
            "qualifications": tuple(sorted(q for q in (o.get("qualifications") or []) if q in held
                                           and (not held[q] or not offer_regions or held[q] & offer_regions))),
            "qualified_regions": {q: sorted(held[q] & offer_regions) if held[q] and offer_regions else sorted(offer_regions)
                                  for q in (o.get("qualifications") or []) if q in held},
            "quote_only": bool(o.get("quote_only")), "estimate_rule": o.get("estimate_rule"),
            "unverified": bool(o.get("unverified")) or any(c["unverified"] for c in parts),
            "hour": sums["hour"], "month": sums["month"], "gb_month": sums["gb_month"], "components": parts,
            "priced": bool(parts),
            "runs_on_class": runs_on.get("service_class"), "runs_on_vcpu": float(runs_on.get("vcpu", "nan")),
            "runs_on_memory_gb": float(runs_on.get("memory_gb", "nan")), "runs_on_count": float(runs_on.get("count", 1)) if runs_on else float("nan"),
            "nodes_from": o.get("nodes_from"), "storage_from": o.get("storage_from"),
            "regions": tuple(o.get("regions") or ()), "file": file,
            "basis": least_certain(c["basis"] for c in parts) if parts else None,
            "gpu_model": gpu.get("model"), "gpu_count": float(gpu.get("count", "nan")),
            "gpu_memory_gb": float(gpu.get("memory_gb", "nan")), "hardware": tuple(sorted(o.get("hardware") or ())),
            "withdrawn": o.get("withdrawn"), "evidence_source": evidence.get("source"),
            "evidence_as_of": evidence.get("as_of"), "evidence_basis": evidence.get("basis"),
        })
    gaps = [{"provider": p["id"], "service_class": g["service_class"], "gap_reason": g["reason"],
             "gap_replacement": g.get("replacement"), "gap_severity": g.get("severity"),
             "buildable": g.get("buildable", True), "gap_source": g.get("source"), "gap_as_of": g.get("as_of"),
             "gap_basis": g.get("basis")} for g in doc.get("gaps") or []]
    for i, g in enumerate(gaps):
        if g["service_class"] not in classes:
            problems.append(MigrateError(file, f"unknown service class {g['service_class']!r}",
                                         place=f"gaps[{i}].service_class", fix="use a service class of azure.yaml"))
    return provider, offers, gaps


def _sovereignty(file: str, doc: dict, providers: dict, problems: list) -> dict:
    """The framework and each provider's level per objective, every level with its provenance (inherited from the
    provider's assessment when not given on the level)."""
    fw = doc["framework"]
    weights = {o: float(v["weight_pct"]) for o, v in fw["objectives"].items()}
    if abs(sum(weights.values()) - 100) > 1e-6:
        problems.append(MigrateError(file, f"objective weights add up to {sum(weights.values()):g} %, not 100 %",
                                     place="framework.objectives", fix="give the framework's weights"))
    levels: dict[str, dict] = {}
    for pid, entry in sorted(doc["providers"].items()):
        if pid not in providers:
            problems.append(MigrateError(file, f"provider {pid!r} has no catalogue", place=f"providers.{pid}",
                                         fix=f"use one of {', '.join(sorted(providers))}"))
        out = {}
        for obj, lv in sorted(entry["objectives"].items()):
            inherited = {k: v for k, v in entry["assessment"].items() if k != "note"}
            item = {**inherited, **{k: v for k, v in lv.items() if k != "level"}, "level": lv["level"]}
            item.setdefault("rule", None)
            item.setdefault("note", None)
            if item["basis"] == "estimate-rule" and not item.get("rule"):
                problems.append(MigrateError(file, "a judged level has no rule", place=f"providers.{pid}.objectives.{obj}",
                                             fix="say how the framework's criteria were applied to which sourced facts"))
            item["verified"] = is_verified(item["basis"], item["as_of"])
            out[obj] = item
        levels[pid] = out
    framework = {k: v for k, v in fw.items() if k != "objectives"}
    framework["objectives"] = {o: dict(v) for o, v in sorted(fw["objectives"].items())}
    assessments = {pid: dict(entry["assessment"]) for pid, entry in sorted(doc["providers"].items())}
    return {"file": file, "framework": framework, "weights": weights, "providers": levels, "assessments": assessments}


OFFER_COLUMNS = ["provider", "offer_id", "service_class", "offer_name", "mapping", "offer_reason", "offer_vcpu",
                 "offer_memory_gb", "is_default", "ha", "qualifications", "quote_only", "estimate_rule", "unverified",
                 "hour", "month", "gb_month", "components", "priced", "runs_on_class", "runs_on_vcpu",
                 "runs_on_memory_gb", "runs_on_count", "nodes_from", "storage_from", "regions", "file",
                 "qualified_regions", "basis", "gpu_model", "gpu_count", "gpu_memory_gb", "hardware", "withdrawn",
                 "evidence_source", "evidence_as_of", "evidence_basis"]
GAP_COLUMNS = ["provider", "service_class", "gap_reason", "gap_replacement", "gap_severity", "buildable", "gap_source",
               "gap_as_of", "gap_basis"]


def _collect(extra_dir: Path | None, stop_at_first: bool, bundled: bool = True) -> tuple[Catalog | None, list[MigrateError]]:
    problems: list[MigrateError] = []
    files = catalog_files(extra_dir, bundled)
    docs = []
    for path in files:
        try:
            doc = read_yaml(path)
        except MigrateError as exc:
            if stop_at_first:
                raise
            problems.append(exc)
            continue
        errs = schema_errors(path, doc)
        if errs:
            if stop_at_first:
                raise errs[0]
            problems.extend(errs)
            continue
        docs.append((path, doc))
    azure = [(p, d) for p, d in docs if d["kind"] == "azure"]
    if len(azure) != 1:
        problems.append(MigrateError(str(extra_dir or catalog_dir()), f"expected one azure catalogue, found {len(azure)}",
                                     fix="keep exactly one file with `kind: azure` (azure.yaml)"))
        if stop_at_first:
            raise problems[-1]
        return None, problems
    az = _azure_tables(str(azure[0][0]), azure[0][1], problems)
    providers, offers, gaps, ids = {}, [], [], {}
    for path, doc in docs:
        if doc["kind"] != "provider":
            continue
        prov, o, g = _provider(str(path), doc, az["service_classes"].index, problems)
        if prov.id in ids:
            problems.append(MigrateError(str(path), f"provider id {prov.id!r} also defined in {ids[prov.id]}",
                                         place="provider.id", fix="give each provider one file"))
        ids[prov.id] = str(path)
        providers[prov.id] = prov
        offers.extend(o)
        gaps.extend(g)
    sov_docs = [(p, d) for p, d in docs if d["kind"] == "sovereignty"]
    if len(sov_docs) > 1:
        problems.append(MigrateError(str(sov_docs[1][0]), "a second sovereignty catalogue",
                                     fix="keep one file with `kind: sovereignty` (sovereignty.yaml)"))
    sovereignty = _sovereignty(str(sov_docs[0][0]), sov_docs[0][1], providers, problems) if sov_docs else None
    if stop_at_first and problems:
        raise problems[0]
    files_meta = [{"file": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()[:16]} for p, _ in docs]
    figures = pd.DataFrame([f for p, d in docs for f in document_figures(str(p), d)], columns=FIGURE_COLUMNS)
    offers_df = pd.DataFrame(offers, columns=OFFER_COLUMNS)
    # Each offer carries its provider's SEAL levels, so that `--require seal-3` filters offers like a qualification.
    seal = {pid: {o: v["level"] for o, v in lv.items()} for pid, lv in (sovereignty or {}).get("providers", {}).items()}
    offers_df["seal_levels"] = offers_df["provider"].map(lambda p: seal.get(p))
    catalog = Catalog(providers=providers, offers=offers_df, gaps=pd.DataFrame(gaps, columns=GAP_COLUMNS),
                      files=files_meta, figures=figures, sovereignty=sovereignty, **az)
    return catalog, problems


def load_catalog(extra_dir: Path | None = None, bundled: bool = True) -> Catalog:
    """Load and validate the bundled catalogues (plus ``extra_dir``, or only it); raise on the first problem."""
    catalog, _ = _collect(Path(extra_dir) if extra_dir else None, stop_at_first=True, bundled=bundled)
    return catalog


def validate_dir(extra_dir: Path | None = None, bundled: bool = True) -> tuple[Catalog | None, list[MigrateError]]:
    """Every problem of the catalogues, for `migrate catalog validate`."""
    return _collect(Path(extra_dir) if extra_dir else None, stop_at_first=False, bundled=bundled)
