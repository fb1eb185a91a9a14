"""The user's own prices over the catalogue's (``--prices FILE``). Pure.

``apply_prices`` returns a new Catalog in which each quoted offer's price components of the quoted
unit are replaced by the quote (basis ``quote``, its source and date), so that the mapping, the
costing and plan.json all see it. An instance price (unit ``month`` or ``hour``) replaces the
offer's hourly and monthly components together; a per-GB or usage price replaces the components
of that unit. ``price_sheet_rows`` is the template a sales team fills in.
"""

from __future__ import annotations

import dataclasses
import difflib

import pandas as pd

from ..errors import MigrateError
from .load import Catalog
from .provenance import least_certain

HOURS_PER_MONTH = 730
TIME_UNITS = ("hour", "month")
QUOTE = "quote"


def _group(unit: str) -> tuple[str, ...]:
    return TIME_UNITS if unit in TIME_UNITS else (unit,)


def _check(catalog: Catalog, file: str, q) -> None:
    if q.provider not in catalog.providers:
        raise MigrateError(file, f"unknown provider {q.provider!r}", place=f"line {q.line}",
                           fix=f"use one of {', '.join(sorted(catalog.providers))}")
    ids = catalog.offers.loc[catalog.offers["provider"] == q.provider, "offer_id"].tolist()
    if q.offer_id not in ids:
        close = difflib.get_close_matches(q.offer_id, ids, n=3)
        raise MigrateError(file, f"{q.provider} has no offer {q.offer_id!r}", place=f"line {q.line}",
                           fix=(f"did you mean {', '.join(close)}? " if close else "")
                           + f"`migrate catalog price-sheet {q.provider}` lists its offer ids")


def apply_prices(catalog: Catalog, quotes, file: str, sha256: str | None = None) -> Catalog:
    """A copy of ``catalog`` with the quoted prices in place of the catalogue's (see the module docstring)."""
    offers = catalog.offers.copy()
    index = {(p, o): i for i, (p, o) in enumerate(zip(offers["provider"], offers["offer_id"]))}
    components = list(offers["components"])
    for q in quotes:
        _check(catalog, file, q)
        i = index[(q.provider, q.offer_id)]
        comps = components[i]
        group = _group(q.unit)
        replaced = [c for c in comps if c["unit"] in group]
        if not replaced and comps and q.unit not in TIME_UNITS:
            units = sorted({c["unit"] for c in comps})
            raise MigrateError(file, f"{q.offer_id} has no {q.unit} price to replace (its units: {', '.join(units)})",
                               place=f"line {q.line}", fix="quote the offer in one of its units, or leave unit empty "
                                                           "for a price per instance a month")
        # A component named only by its unit (`hour`) would mislabel a monthly quote.
        named = [c["component"] for c in replaced if c["component"] not in TIME_UNITS]
        name = named[0] if named else ("instance" if q.unit in TIME_UNITS else q.unit)
        quoted = {"component": name, "amount": float(q.amount), "unit": q.unit, "source": q.source,
                  "as_of": q.as_of, "basis": QUOTE, "rule": None, "unverified": False}
        kept = [c for c in comps if c["unit"] not in group]
        components[i] = kept + [quoted]
    offers["components"] = components
    for unit in ("hour", "month", "gb_month"):
        offers[unit] = [sum(c["amount"] for c in cs if c["unit"] == unit) for cs in components]
    quoted_rows = pd.Series([any(c.get("basis") == QUOTE for c in cs) for cs in components], index=offers.index)
    offers["priced"] = [bool(cs) for cs in components]
    offers["unverified"] = [any(c["unverified"] for c in cs) for cs in components]
    offers["basis"] = [least_certain(c.get("basis") for c in cs) if cs else None for cs in components]
    # A quoted offer is no longer priced by an estimate.
    offers["quote_only"] = [bool(v) and not q for v, q in zip(offers["quote_only"], quoted_rows)]
    offers["estimate_rule"] = [None if q else v for v, q in zip(offers["estimate_rule"], quoted_rows)]
    figures = _figures(catalog.figures, offers[quoted_rows], file)
    files = catalog.files + [{"file": file, "sha256": sha256}] if quotes else catalog.files
    return dataclasses.replace(catalog, offers=offers, figures=figures, files=files)


def _figures(figures: pd.DataFrame, quoted: pd.DataFrame, file: str) -> pd.DataFrame:
    """The figure table with the quoted offers' prices replaced by their components as they now stand."""
    if quoted.empty:
        return figures
    keys = set(zip(quoted["provider"], quoted["offer_id"]))
    drop = [(o, i) in keys and k == "price" for o, i, k in zip(figures["owner"], figures["offer_id"], figures["kind"])]
    rows = [{"file": file if c.get("basis") == QUOTE else o.file, "owner": o.provider, "kind": "price",
             "place": f"{o.offer_id}.{c['component']} ({c['unit']})", "source": c["source"], "as_of": c["as_of"],
             "basis": c["basis"], "rule": c["rule"], "offer_id": o.offer_id, "unit": c["unit"]}
            for o in quoted.itertuples(index=False) for c in o.components]
    return pd.concat([figures[[not d for d in drop]], pd.DataFrame(rows, columns=figures.columns)], ignore_index=True)


SHEET_COLUMNS = ["provider", "offer_id", "name", "service_class", "unit", "catalogue_eur", "catalogue_basis",
                 "catalogue_as_of", "monthly_eur", "source", "as_of"]


def price_sheet_rows(catalog: Catalog, provider: str) -> list[dict]:
    """One line per offer of ``provider`` and price unit, the catalogue's price filled in, the quote columns empty."""
    if provider not in catalog.providers:
        raise MigrateError(None, f"unknown provider {provider!r}", fix=f"use one of {', '.join(sorted(catalog.providers))}")
    rows = []
    offers = catalog.offers[catalog.offers["provider"] == provider].sort_values(["service_class", "offer_id"])
    for o in offers.itertuples(index=False):
        time = [c for c in o.components if c["unit"] in TIME_UNITS]
        groups = [("month", time)] if time or not o.components else []
        for unit in sorted({c["unit"] for c in o.components} - set(TIME_UNITS)):
            groups.append((unit, [c for c in o.components if c["unit"] == unit]))
        for unit, comps in groups:
            amount = sum(c["amount"] * (HOURS_PER_MONTH if c["unit"] == "hour" else 1) for c in comps)
            dates = sorted(c["as_of"] for c in comps if c.get("as_of"))
            rows.append({"provider": provider, "offer_id": o.offer_id, "name": o.offer_name,
                         "service_class": o.service_class, "unit": unit,
                         "catalogue_eur": round(amount, 6) if comps else None,
                         "catalogue_basis": least_certain(c.get("basis") for c in comps) if comps else None,
                         "catalogue_as_of": dates[0] if dates else None,
                         "monthly_eur": None, "source": None, "as_of": None})
    return rows
