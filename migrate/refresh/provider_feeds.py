"""Public price catalogues of EU providers -> ``{price_key: {unit: EUR}}``.

Each reader names the API it calls, parses only the fields it needs, and returns prices in the
catalogue's units (``hour``, ``month``, ``gb_month``, ``vcpu_hour``, ...). None needs credentials:

- OVHcloud: order catalogue ``GET /1.0/order/catalog/public/cloud`` (one document, prices in 10^-8
  of the currency); key: the addon planCode (``b3-16.consumption``).
- Scaleway: product catalogue ``GET /product-catalog/v2alpha1/public-catalog/products`` (paged by
  page number with ``total_count``; money as units + nanos; per hour or per minute); key: the
  product name (``POP2-4C-16G``).
- 3DS Outscale: ``POST /api/v1/ReadPublicCatalog`` (one document per region, empty body); key: a
  tina VM type (priced as vCores x CustomCore + GiB x CustomRam), a BSU volume type or ``OOS:<class>``.
- Open Telekom Cloud: price calculator API ``GET /en/open-telekom-price-api/`` (per service, paged
  with limitFrom/limitMax, prices as text ``"0.051175 EUR"``); key: ``<service>/<product id>``
  (``ecs/OTC_S3M1_LI``).
- STACKIT: price information API ``GET /v1/skus?region=eu01`` (one document, prices as text);
  key: the SKU article number (``ST-0008701``).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Callable

from ..errors import MigrateError
from .http import earliest, fetch_json_dated

HOURS_PER_MONTH = 730
OVH_ENDPOINT = "https://eu.api.ovh.com"
SCW_ENDPOINT = "https://api.scaleway.com"
OSC_ENDPOINT = "https://api.{region}.outscale.com"
OTC_ENDPOINT = "https://calculator.otc-service.com"
STACKIT_ENDPOINT = "https://pim.api.stackit.cloud"
SCW_PAGE_SIZE = 100
OTC_PAGE_SIZE = 500
MAX_PAGES = 500
FEEDS = ("ovhcloud", "scaleway", "outscale", "otc", "stackit")


@dataclass(frozen=True)
class Feed:
    """What a provider's price API answered: where, how many prices, a lookup, and the day it answered."""

    source: str
    count: int
    lookup: Callable[[str], dict[str, float] | None]
    observed: str | None


def fetch(feed: str, *, endpoint: str | None, region: str | None, keys=(), fetch_json=fetch_json_dated) -> Feed:
    """Fetch and parse one provider's public catalogue. ``keys`` are the catalogue's price keys (OTC
    fetches only the services they name)."""
    if feed == "ovhcloud":
        url = f"{(endpoint or OVH_ENDPOINT).rstrip('/')}/1.0/order/catalog/public/cloud?ovhSubsidiary=FR"
        doc, day = fetch_json(url)
        prices = ovh_prices(doc, url)
        return Feed(url, len(prices), prices.get, day)
    if feed == "scaleway":
        zone = region or "fr-par-1"
        base = f"{(endpoint or SCW_ENDPOINT).rstrip('/')}/product-catalog/v2alpha1/public-catalog/products"
        products, day = _scaleway_pages(base, zone, fetch_json)
        prices = scaleway_prices(products, zone)
        return Feed(base, len(prices), prices.get, day)
    if feed == "outscale":
        reg = region or "eu-west-2"
        url = f"{(endpoint or OSC_ENDPOINT.format(region=reg)).rstrip('/')}/api/v1/ReadPublicCatalog"
        doc, day = fetch_json(url, method="POST", body={})
        prices = outscale_prices(doc, url)
        return Feed(url, len(prices), outscale_lookup(prices), day)
    if feed == "otc":
        reg = region or "eu-de"
        base = f"{(endpoint or OTC_ENDPOINT).rstrip('/')}/en/open-telekom-price-api/"
        services = sorted({k.split("/", 1)[0] for k in keys if "/" in k})
        if not services:
            raise MigrateError(None, "no offer has an Open Telekom Cloud price_key",
                               fix="set price_key: <service>/<product id> (e.g. ecs/OTC_S3M1_LI) on the offers to refresh")
        prices, days = {}, []
        for service in services:
            records, day = _otc_pages(base, service, reg, fetch_json)
            days.append(day)
            prices.update(otc_prices(service, records, reg, base))
        return Feed(base, len(prices), prices.get, earliest(days))
    if feed == "stackit":
        reg = region or "eu01"
        url = f"{(endpoint or STACKIT_ENDPOINT).rstrip('/')}/v1/skus?" + urllib.parse.urlencode({"region": reg})
        doc, day = fetch_json(url)
        prices = stackit_prices(doc, reg, url)
        return Feed(url, len(prices), prices.get, day)
    raise MigrateError(None, f"no provider price feed for {feed!r}", fix=f"use one of {', '.join(FEEDS)}")


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
def _scaleway_pages(base: str, zone: str, fetch_json) -> tuple[list[dict], str | None]:
    products: list[dict] = []
    days = []
    for page in range(1, MAX_PAGES + 1):
        query = urllib.parse.urlencode({"page": page, "page_size": SCW_PAGE_SIZE, "product_types": "instance",
                                        "zone": zone})
        doc, day = fetch_json(f"{base}?{query}")
        days.append(day)
        batch = doc.get("products") or []
        products.extend(batch)
        if not batch or len(products) >= int(doc.get("total_count") or 0):
            return products, earliest(days)
    raise MigrateError(base, f"more than {MAX_PAGES} pages", fix="report this; the API may have changed")


# Scaleway bills instances per hour, GPU instances per minute (unit_of_measure.unit).
_SCW_PER_HOUR = {"hour": 1.0, "minute": 60.0}


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
        if unit not in _SCW_PER_HOUR:
            continue
        amount = (int(retail.get("units") or 0) + int(retail.get("nanos") or 0) / 1e9) / size
        out.setdefault(p["product"], {})["hour"] = amount * _SCW_PER_HOUR[unit]
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


# ------------------------------------------------------------------ Open Telekom Cloud
def _otc_pages(base: str, service: str, region: str, fetch_json) -> tuple[list[dict], str | None]:
    """Every record of one service in one region, following limitFrom."""
    records: list[dict] = []
    days = []
    for _ in range(MAX_PAGES):
        query = urllib.parse.urlencode({"productType": "OTC", "serviceName": service, "filterBy[region]": region,
                                        "limitMax": OTC_PAGE_SIZE, "limitFrom": len(records)})
        doc, day = fetch_json(f"{base}?{query}")
        days.append(day)
        response = doc.get("response") or {}
        if str(response.get("code", "")).lower() == "error":
            raise MigrateError(base, f"the price API refused service {service!r}: {response.get('message')}",
                               fix="check the service part of the offers' price_key")
        result = response.get("result")
        # The result is keyed by service name, or a plain list when filtered (both are seen in answers).
        batch = result.get(service, []) if isinstance(result, dict) else (result or [])
        if isinstance(batch, dict):  # records keyed by position
            batch = list(batch.values())
        records.extend(batch)
        total = int((response.get("stats") or {}).get("count") or 0)
        if not batch or len(records) >= total:
            return records, earliest(days)
    raise MigrateError(base, f"more than {MAX_PAGES} pages", fix="report this; the API may have changed")


_OTC_AMOUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Z]{3})?\s*$")
_OTC_UNITS = {"h": "hour"}


def otc_prices(service: str, records: list[dict], region: str, url: str) -> dict[str, dict[str, float]]:
    """``<service>/<id>`` -> pay-as-you-go price in the catalogue's unit (hourly records only)."""
    out: dict[str, dict[str, float]] = {}
    for r in records:
        if r.get("region") != region:
            continue
        unit = _OTC_UNITS.get(str(r.get("unit") or "").strip())
        m = _OTC_AMOUNT.match(str(r.get("priceAmount") or ""))
        if unit is None or not m:
            continue
        currency = m.group(2) or r.get("currency")
        if currency != "EUR" or r.get("currency") not in (None, "EUR"):
            raise MigrateError(url, f"{r.get('id')}: price in {currency or r.get('currency')!r}, expected EUR",
                               fix="report this; the refresher converts no currency")
        out[f"{service}/{r['id']}"] = {unit: float(m.group(1))}
    return out


# ------------------------------------------------------------------ STACKIT
# unitBilling of an SKU -> (catalogue unit, factor applied to the price).
_STACKIT_UNITS = {
    "per hour": ("hour", 1.0), "per disk/hour": ("hour", 1.0), "per node/hour": ("hour", 1.0),
    "per server/hour": ("hour", 1.0), "per cluster/hour": ("hour", 1.0), "per vcpu/hour": ("vcpu_hour", 1.0),
    "per gb/hour": ("gb_month", float(HOURS_PER_MONTH)),
}


def stackit_prices(doc: dict, region: str, url: str) -> dict[str, dict[str, float]]:
    """SKU article number -> price in the catalogue's unit (per GB-hour prices become per GB-month, x 730)."""
    skus = doc.get("services")
    if not isinstance(skus, list):
        raise MigrateError(url, "the answer has no `services` list of SKUs", fix="check --endpoint")
    out: dict[str, dict[str, float]] = {}
    for s in skus:
        if s.get("region") != region:
            continue
        unit = _STACKIT_UNITS.get(str(s.get("unitBilling") or "").strip().lower())
        if unit is None:
            continue
        if s.get("currency") not in ("€", "EUR"):
            raise MigrateError(url, f"{s.get('sku')}: price in {s.get('currency')!r}, expected EUR",
                               fix="report this; the refresher converts no currency")
        try:
            price = float(s["price"])
        except (KeyError, TypeError, ValueError):
            continue
        out.setdefault(s["sku"], {})[unit[0]] = price * unit[1]
    return out
