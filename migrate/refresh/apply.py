"""Apply fetched prices to a catalogue document (ruamel round-trip) and list what changed. Pure.

A refreshed figure is stamped with the API URL as source, the day the API answered as as_of and
basis ``public-api``; what described the old figure (an estimate rule, a legacy unverified flag, a
note) goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as _Quoted

# Stamped strings are always quoted: a URL is not a valid plain scalar inside a flow mapping,
# and an unquoted date would load as a date object.
BASIS = "public-api"
_STALE_KEYS = ("rule", "unverified", "note")


@dataclass(frozen=True)
class Change:
    key: str
    field: str
    old: float | None
    new: float | None


def _stamp(item, source: str, as_of: str) -> None:
    item["source"] = _Quoted(source)
    item["as_of"] = _Quoted(as_of)
    item["basis"] = _Quoted(BASIS)
    for key in _STALE_KEYS:
        item.pop(key, None)


def vm_table(doc, region: str, *, source: str, as_of: str):
    """The VM size rows priced for ``region``: the catalogue's own region, else its ``regional_prices``
    block (created, sourced by this refresh, when absent)."""
    if region == str(doc.get("region")):
        return doc["vm_sizes"]["sizes"]
    blocks = doc.setdefault("regional_prices", CommentedMap())
    if region not in blocks:
        block = CommentedMap()
        _stamp(block, source, as_of)
        block["vm_sizes"] = CommentedMap()
        blocks[region] = block
    return blocks[region].setdefault("vm_sizes", CommentedMap())


def apply_vm_prices(doc, prices: dict[str, dict[str, float]], *, region: str, source: str,
                    as_of: str) -> tuple[list[Change], list[str]]:
    """Update azure.yaml's VM prices for ``region`` from ``prices``; stamp each refreshed row with its own source.

    Returns (changes, sizes the API did not list: they keep their old figures and sourcing; a size
    listed for one OS only loses its other OS's price, reported as removed).
    """
    rows = vm_table(doc, region, source=source, as_of=as_of)
    changes, missing = [], []
    for name in doc["vm_sizes"]["sizes"]:
        found = prices.get(str(name).lower())
        if not found:
            missing.append(str(name))
            continue
        if name not in rows:
            rows[name] = CommentedMap()
            rows[name].fa.set_flow_style()
        row = rows[name]
        for field, value in sorted(found.items()):
            old = row.get(field)
            if old is None or abs(float(old) - value) > 1e-9:
                changes.append(Change(str(name), field, None if old is None else float(old), value))
            row[field] = value
        # The row's provenance becomes the API's: a price of the other OS that the API did not list
        # would be passed off as read there, so it goes (the size is then unpriced for that OS).
        for field in ("linux_hour", "windows_hour"):
            if field not in found and row.get(field) is not None:
                changes.append(Change(str(name), field, float(row[field]), None))
                del row[field]
                missing.append(f"{name} ({field.split('_')[0]}, removed)")
        _stamp(row, source, as_of)
    return changes, missing


def apply_offer_prices(doc, lookup, *, source: str, as_of: str) -> tuple[list[Change], list[str]]:
    """Update provider offers whose ``price_key`` the API lists: ``lookup(key) -> {unit: amount}``.

    Each matching price component (same unit) gets the new amount and the API's provenance; offers
    with a price_key the API does not list, or not in a unit of their price, are returned as missing.
    """
    changes, missing = [], []
    for offer in doc.get("offers") or []:
        key = offer.get("price_key")
        if not key:
            continue
        found = lookup(key)
        comps = [c for c in offer.get("price") or [] if found and c.get("unit") in found]
        if not comps:
            missing.append(str(offer["id"]))
            continue
        for comp in comps:
            unit = comp["unit"]
            new = round(found[unit], 9)  # drops float noise (Outscale sums), keeps the API's own digits
            old = comp.get("amount")
            if old is None or abs(float(old) - new) > 1e-9:
                changes.append(Change(str(offer["id"]), f"{comp.get('component', unit)} ({unit})",
                                      None if old is None else float(old), new))
            comp["amount"] = new
            _stamp(comp, source, as_of)
    return changes, missing


def price_keys(doc) -> list[str]:
    """The price keys of a provider document's offers."""
    return [str(o["price_key"]) for o in doc.get("offers") or [] if o.get("price_key")]
