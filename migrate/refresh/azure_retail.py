"""Azure Retail Prices API (public): VM pay-as-you-go prices per size, Linux and Windows.

``GET {endpoint}/api/retail/prices?currencyCode='EUR'&$filter=...`` answers
``{"Items": [...], "NextPageLink": url|null, ...}`` (at most 1,000 items a page).
"""

from __future__ import annotations

import urllib.parse

from .http import earliest, fetch_json_dated

DEFAULT_ENDPOINT = "https://prices.azure.com"
API_VERSION = "2023-01-01-preview"
MAX_PAGES = 1000


def vm_query_url(endpoint: str, region: str, currency: str = "EUR") -> str:
    flt = f"serviceName eq 'Virtual Machines' and armRegionName eq '{region}' and priceType eq 'Consumption'"
    query = urllib.parse.urlencode({"api-version": API_VERSION, "currencyCode": f"'{currency}'", "$filter": flt},
                                   quote_via=urllib.parse.quote)
    return f"{endpoint.rstrip('/')}/api/retail/prices?{query}"


def fetch_items(url: str, fetch=fetch_json_dated) -> tuple[list[dict], str | None]:
    """Every item of every page, following NextPageLink, and the day the API answered (first page)."""
    items: list[dict] = []
    days = []
    for _ in range(MAX_PAGES):
        page, day = fetch(url)
        days.append(day)
        items.extend(page.get("Items") or [])
        url = page.get("NextPageLink")
        if not url:
            return items, earliest(days)
    raise RuntimeError(f"more than {MAX_PAGES} pages; refusing to loop")


def vm_hourly_prices(items: list[dict], currency: str = "EUR") -> dict[str, dict[str, float]]:
    """``{arm size (lower-case): {"linux_hour": x, "windows_hour": y}}`` from pay-as-you-go hourly meters.

    Spot, Low Priority and DevTest meters are skipped, and so are Cloud Services and Dedicated Host
    products (other prices under the same size names); when a size has several meters for the same
    OS, the one with the latest effectiveStartDate wins.
    """
    best: dict[tuple[str, str], tuple[str, float]] = {}
    for it in items:
        if it.get("type") != "Consumption" or it.get("unitOfMeasure") != "1 Hour" or it.get("currencyCode") != currency:
            continue
        sku = it.get("skuName") or ""
        if "Spot" in sku or "Low Priority" in sku or "Low Priority" in (it.get("meterName") or ""):
            continue
        size = (it.get("armSkuName") or "").lower()
        product = it.get("productName") or ""
        if not size or "Cloud Services" in product or "Dedicated" in product.replace(" ", ""):
            continue
        os_key = "windows_hour" if (it.get("productName") or "").endswith("Windows") else "linux_hour"
        start = it.get("effectiveStartDate") or ""
        key = (size, os_key)
        if key not in best or start > best[key][0]:
            best[key] = (start, float(it["retailPrice"]))
    out: dict[str, dict[str, float]] = {}
    for (size, os_key), (_, price) in best.items():
        out.setdefault(size, {})[os_key] = price
    return out
