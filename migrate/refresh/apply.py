"""Apply fetched prices to a catalogue document (ruamel round-trip) and list what changed. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.scalarstring import DoubleQuotedScalarString as _Quoted

# Stamped strings are always quoted: a URL is not a valid plain scalar inside a flow mapping,
# and an unquoted date would load as a date object.


@dataclass(frozen=True)
class Change:
    key: str
    field: str
    old: float | None
    new: float


def apply_vm_prices(doc, prices: dict[str, dict[str, float]], *, source: str, as_of: str) -> tuple[list[Change], list[str]]:
    """Update azure.yaml's vm_sizes rows from ``prices``; stamp each refreshed row with its own source.

    Returns (changes, sizes the API did not list: they keep their old figures and sourcing).
    """
    changes, missing = [], []
    for name, row in doc["vm_sizes"]["sizes"].items():
        found = prices.get(str(name).lower())
        if not found:
            missing.append(str(name))
            continue
        for field, value in sorted(found.items()):
            old = row.get(field)
            if old is None or abs(float(old) - value) > 1e-9:
                changes.append(Change(str(name), field, None if old is None else float(old), value))
            row[field] = value
        row["source"] = _Quoted(source)
        row["as_of"] = _Quoted(as_of)
        row["unverified"] = False
    return changes, missing


def apply_offer_prices(doc, lookup, *, source: str, as_of: str) -> tuple[list[Change], list[str]]:
    """Update provider offers whose ``price_key`` the API lists: ``lookup(key) -> {unit: amount}``.

    Each matching price component (same unit) gets the new amount, the API as source and today's
    date; offers with a price_key the API does not list are returned as missing.
    """
    changes, missing = [], []
    for offer in doc.get("offers") or []:
        key = offer.get("price_key")
        if not key:
            continue
        found = lookup(key)
        if not found:
            missing.append(str(offer["id"]))
            continue
        for comp in offer.get("price") or []:
            unit = comp.get("unit")
            if unit in found:
                new = round(found[unit], 6)
                old = comp.get("amount")
                if old is None or abs(float(old) - new) > 1e-9:
                    changes.append(Change(str(offer["id"]), f"{comp.get('component', unit)} ({unit})",
                                          None if old is None else float(old), new))
                comp["amount"] = new
                comp["source"] = _Quoted(source)
                comp["as_of"] = _Quoted(as_of)
                comp["unverified"] = False
                comp.pop("note", None)
    return changes, missing
