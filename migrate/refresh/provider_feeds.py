"""Public price catalogues of OVHcloud, Scaleway and 3DS Outscale -> ``{price_key: {unit: EUR}}``.

Each reader names the API it calls, parses only the fields it needs, and returns prices in
the catalogue's units (``hour``, ``month``, ``gb_month``). Shapes: OVHcloud's public order
catalogue (one document, prices in 10^-8 of the currency), Scaleway's product catalogue
v2alpha1 (paged by page number with ``total_count``), Outscale's ReadPublicCatalog (one
document per region, POST with an empty body, no credentials).
"""

from __future__ import annotations

import re
import urllib.parse

from ..errors import MigrateError
from .http import fetch_json

OVH_ENDPOINT = "https://eu.api.ovh.com"
SCW_ENDPOINT = "https://api.scaleway.com"
OSC_ENDPOINT = "https://api.{region}.outscale.com"
SCW_PAGE_SIZE = 100
MAX_PAGES = 500


def fetch(feed: str, *, endpoint: str | None, region: str | None, fetch_json=fetch_json):
    """Fetch and parse one provider's public catalogue; returns (URL, number of prices, lookup(key) -> {unit: EUR})."""
    if feed == "ovhcloud":
        url = f"{(endpoint or OVH_ENDPOINT).rstrip('/')}/1.0/order/catalog/public/cloud?ovhSubsidiary=FR"
        prices = ovh_prices(fetch_json(url), url)
        return url, len(prices), prices.get
    if feed == "scaleway":
        zone = region or "fr-par-1"
        base = f"{(endpoint or SCW_ENDPOINT).rstrip('/')}/product-catalog/v2alpha1/public-catalog/products"
        prices = scaleway_prices(_scaleway_pages(base, zone, fetch_json), zone)
        return base, len(prices), prices.get
    if feed == "outscale":
        reg = region or "eu-west-2"
        url = f"{(endpoint or OSC_ENDPOINT.format(region=reg)).rstrip('/')}/api/v1/ReadPublicCatalog"
        prices = outscale_prices(fetch_json(url, method="POST", body={}), url)
        return url, len(prices), outscale_lookup(prices)
    raise MigrateError(None, f"no provider price feed for {feed!r}", fix="use ovhcloud, scaleway or outscale")


# ------------------------------------------------------------------ OVHcloud
def ovh_prices(doc: dict, url: str) -> dict[str, dict[str, float]]:
    """Addon plan codes -> hourly or monthly price. Prices are integers in 10^-8 of the currency."""
    currency = (doc.get("locale") or {}).get("currencyCode")
    if currency != "EUR":
        raise MigrateError(url, f"catalogue currency is {currency!r}, expected EUR", fix="use ovhSubsidiary=FR")
    out: dict[str, dict[str, float]] = {}
    for addon in doc.get("addons") or []:
        for p in addon.get("pricings") or []:
            unit = p.get("intervalUnit")
            if unit not in ("hour", "month") or "consumption" not in (p.get("capacities") or []):
                continue
            out.setdefault(addon["planCode"], {})[unit] = p["price"] / 1e8
    return out


# ------------------------------------------------------------------ Scaleway
def _scaleway_pages(base: str, zone: str, fetch_json) -> list[dict]:
    products: list[dict] = []
    for page in range(1, MAX_PAGES + 1):
        query = urllib.parse.urlencode({"page": page, "page_size": SCW_PAGE_SIZE, "product_types": "instance",
                                        "zone": zone})
        doc = fetch_json(f"{base}?{query}")
        batch = doc.get("products") or []
        products.extend(batch)
        if not batch or len(products) >= int(doc.get("total_count") or 0):
            return products
    raise MigrateError(base, f"more than {MAX_PAGES} pages", fix="report this; the API may have changed")


def scaleway_prices(products: list[dict], zone: str) -> dict[str, dict[str, float]]:
    """Product name (``POP2-4C-16G``) -> hourly EUR price in ``zone``; retired products are skipped."""
    out: dict[str, dict[str, float]] = {}
    for p in products:
        if (p.get("locality") or {}).get("zone") != zone or p.get("status") == "retired":
            continue
        retail = (p.get("price") or {}).get("retail_price") or {}
        if retail.get("currency_code") != "EUR":
            continue
        unit = (p.get("unit_of_measure") or {}).get("unit")
        size = (p.get("unit_of_measure") or {}).get("size") or 1
        if unit != "hour":
            continue
        amount = (int(retail.get("units") or 0) + int(retail.get("nanos") or 0) / 1e9) / size
        out.setdefault(p["product"], {})["hour"] = amount
    return out


# ------------------------------------------------------------------ 3DS Outscale
_TINA = re.compile(r"^tinav(\d+)\.c(\d+)r(\d+)p(\d)$")


def outscale_prices(doc: dict, url: str) -> dict[str, dict[str, float]]:
    """Catalogue entries -> prices by key: tina VM types (vCores x CustomCore + GiB x CustomRam, per
    hour), BSU volume types and OOS storage (per GB-month)."""
    entries = ((doc.get("Catalog") or {}).get("Entries")) or []
    if not entries:
        raise MigrateError(url, "ReadPublicCatalog returned no entry", fix="check the region")
    by_type: dict[tuple[str, str], float] = {}
    for e in entries:
        by_type[(e.get("Type") or "", e.get("Operation") or "")] = float(e["UnitPrice"])
    out: dict[str, dict[str, float]] = {}
    for (typ, op), price in by_type.items():
        m = re.match(r"^CustomCore:v(\d+)-p(\d)$", typ)
        if typ == "CustomRam" and op == "RunInstances-OD":
            out["ram"] = {"hour": price}
        elif m and op == "RunInstances-OD":
            out[f"core:v{m.group(1)}-p{m.group(2)}"] = {"hour": price}
        elif typ.startswith("BSU:VolumeUsage:") and op == "CreateVolume":
            out[typ] = {"gb_month": price}
        elif op == "OOSStorage":
            out[f"OOS:{typ}"] = {"gb_month": price}
    return out


def outscale_lookup(prices: dict[str, dict[str, float]]):
    """Price of a key; a tina VM type (``tinav5.c4r16p2``) is vCores x CustomCore(v5, p2) + GiB x CustomRam."""
    def lookup(key: str) -> dict[str, float] | None:
        m = _TINA.match(key or "")
        if not m:
            return prices.get(key)
        gen, cores, ram_gib, perf = m.groups()
        core, ram = prices.get(f"core:v{gen}-p{perf}"), prices.get("ram")
        if core is None or ram is None:
            return None
        return {"hour": int(cores) * core["hour"] + int(ram_gib) * ram["hour"]}
    return lookup
