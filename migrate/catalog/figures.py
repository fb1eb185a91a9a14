"""Every sourced figure of a catalogue document, with the provenance it has or inherits. Pure.

A figure is a price component, a VM size's hourly price, a qualification, a region, the
jurisdiction, an object storage endpoint, an offer's evidence, a gap's evidence or a GPU model.
Provenance (source, as_of, basis, rule) is read on the figure, else on the entry or table that
holds it; a rule belongs to the level that gave the basis.
"""

from __future__ import annotations

PRICE = "price"
# Kinds whose provenance the schema does not demand yet: a missing source or date is reported
# like a missing basis (a warning until STRICT_BASIS).
OPTIONAL_PROVENANCE = frozenset({"region", "gap"})
COLUMNS = ["file", "owner", "kind", "place", "source", "as_of", "basis", "rule", "offer_id", "unit"]


def _resolve(*levels: dict | None) -> dict:
    """Provenance from the most specific level to the least."""
    levels = [lv for lv in levels if isinstance(lv, dict)]
    out = {"source": None, "as_of": None, "basis": None, "rule": None}
    for key in ("source", "as_of"):
        out[key] = next((lv[key] for lv in levels if lv.get(key)), None)
    for lv in levels:
        if lv.get("basis"):
            out["basis"], out["rule"] = lv["basis"], lv.get("rule")
            break
    else:
        out["rule"] = next((lv["rule"] for lv in levels if lv.get("rule")), None)
    return out


def _vm_level(table: dict) -> dict:
    """The provenance a VM size table gives its rows' prices (price_* keys; plain keys are the sizes' specs)."""
    return {"source": table.get("price_source"), "as_of": table.get("price_as_of"),
            "basis": table.get("price_basis"), "rule": table.get("price_rule")}


def _row(file: str, owner: str, kind: str, place: str, prov: dict, offer_id=None, unit=None) -> dict:
    return {"file": file, "owner": owner, "kind": kind, "place": place, **prov, "offer_id": offer_id, "unit": unit}


def _prices(file, owner, entries, place, inherit: tuple) -> list[dict]:
    rows = []
    for i, entry in enumerate(entries or []):
        for j, comp in enumerate(entry.get("price") or []):
            rows.append(_row(file, owner, PRICE, f"{place}[{i}].price[{j}]", _resolve(comp, entry, *inherit),
                             unit=comp.get("unit")))
    return rows


def _vm_rows(file, owner, sizes: dict, place: str, inherit: tuple) -> list[dict]:
    rows = []
    for name, row in (sizes or {}).items():
        for col in ("linux_hour", "windows_hour"):
            if row.get(col) is not None:
                rows.append(_row(file, owner, PRICE, f"{place}.{name}.{col}", _resolve(row, *inherit), unit="hour"))
    return rows


def azure_figures(file: str, doc: dict) -> list[dict]:
    """Reference prices of azure.yaml (VM sizes, prices, egress, other regions) and its GPU models."""
    owner = "azure"
    vm = doc.get("vm_sizes") or {}
    rows = _vm_rows(file, owner, vm.get("sizes"), "vm_sizes.sizes", (_vm_level(vm),))
    rows += _prices(file, owner, doc.get("prices"), "prices", ())
    if doc.get("egress"):
        rows.append(_row(file, owner, PRICE, "egress", _resolve(doc["egress"]), unit=doc["egress"].get("unit")))
    for region, block in (doc.get("regional_prices") or {}).items():
        place = f"regional_prices.{region}"
        rows += _vm_rows(file, owner, block.get("vm_sizes"), f"{place}.vm_sizes", (block,))
        rows += _prices(file, owner, block.get("prices"), f"{place}.prices", (block,))
        if block.get("egress"):
            rows.append(_row(file, owner, PRICE, f"{place}.egress", _resolve(block["egress"], block),
                             unit=block["egress"].get("unit")))
    for key, model in (doc.get("gpu_models") or {}).items():
        rows.append(_row(file, owner, "gpu model", f"gpu_models.{key}", _resolve(model)))
    return rows


def provider_figures(file: str, doc: dict) -> list[dict]:
    """Legal facts, qualifications, regions, endpoints, offer prices and evidence, gap evidence of a provider file."""
    p = doc.get("provider") or {}
    owner = p.get("id")
    rows = [_row(file, owner, "jurisdiction", "provider.jurisdiction", _resolve(p.get("jurisdiction")))]
    for i, q in enumerate(p.get("qualifications") or []):
        rows.append(_row(file, owner, "qualification", f"provider.qualifications[{i}] ({q.get('id')})", _resolve(q)))
    for i, r in enumerate(p.get("regions") or []):
        rows.append(_row(file, owner, "region", f"provider.regions[{i}] ({r.get('id')})", _resolve(r)))
    for i, e in enumerate(p.get("object_storage") or []):
        rows.append(_row(file, owner, "object storage endpoint", f"provider.object_storage[{i}]", _resolve(e)))
    for i, o in enumerate(doc.get("offers") or []):
        place = f"offers[{i}] ({o.get('id')})"
        for j, comp in enumerate(o.get("price") or []):
            rows.append(_row(file, owner, PRICE, f"{place}.price[{j}]", _resolve(comp, o), offer_id=o.get("id"),
                             unit=comp.get("unit")))
        if o.get("evidence"):
            rows.append(_row(file, owner, "evidence", f"{place}.evidence", _resolve(o["evidence"]), offer_id=o.get("id")))
    for i, g in enumerate(doc.get("gaps") or []):
        rows.append(_row(file, owner, "gap", f"gaps[{i}] ({g.get('service_class')})", _resolve(g)))
    return rows


def document_figures(file: str, doc: dict) -> list[dict]:
    """The figures of one catalogue document (azure or provider); a sovereignty document's levels are checked for
    source, date and basis when it is loaded (catalog/sovereignty.py), not walked here as if it were a provider."""
    kind = doc.get("kind")
    if kind == "azure":
        return azure_figures(file, doc)
    return provider_figures(file, doc) if kind == "provider" else []
