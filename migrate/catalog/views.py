"""Tables about the catalogues themselves (for `migrate catalog list|show|coverage|validate`). Pure."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..mapping.select import HOURS_PER_MONTH
from .figures import PRICE
from .load import Catalog
from .provenance import basis_shares, least_certain

STALE_DAYS = 365


def _dates(catalog: Catalog, provider_id: str) -> list[str]:
    """Observation dates of every figure of a provider (unknown ones left out)."""
    figs = catalog.figures
    dates = figs.loc[(figs["owner"] == provider_id) & figs["as_of"].notna(), "as_of"]
    return sorted(d for d in dates if d != "unknown")


def _percent(n: int, total: int) -> str:
    pct = 100 * n / total
    return "<1%" if 0 < pct < 0.5 else (">99%" if 99.5 <= pct < 100 else f"{round(pct)}%")


def price_provenance(figures: pd.DataFrame) -> dict:
    """Prices among ``figures``: how many, how many per basis, share text, oldest and unknown observation dates."""
    prices = figures[figures["kind"] == PRICE]
    counts = basis_shares(prices.to_dict("records"))
    total = int(len(prices))
    shares = ", ".join(f"{b} {_percent(n, total)}" for b, n in counts.items()) if total else ""
    observed = sorted(d for d in prices["as_of"].dropna() if d != "unknown")
    return {"prices": total, "by_basis": counts, "shares": shares, "oldest_observed": observed[0] if observed else None,
            "unknown_dates": int((prices["as_of"] == "unknown").sum())}


def provider_rows(catalog: Catalog) -> list[dict]:
    """One row per provider: jurisdiction, qualifications held, offers, sourcing."""
    rows = []
    for pid in sorted(catalog.providers):
        p = catalog.providers[pid]
        offers = catalog.offers[catalog.offers["provider"] == pid]
        held = sorted({q.id for q in p.qualifications if q.held})
        snc = offers["qualifications"].map(lambda q: "secnumcloud" in q)
        comps = [c for cs in offers["components"] for c in cs]
        dates = _dates(catalog, pid)
        prov = price_provenance(catalog.figures[catalog.figures["owner"] == pid])
        rows.append({
            "provider": pid, "name": p.name, "headquarters": p.headquarters,
            "non_eu_law_exposure": p.non_eu_law_exposure,
            "qualifications": held,
            "secnumcloud_offers": int(snc.sum()),
            "secnumcloud_classes": sorted(set(offers.loc[snc, "service_class"])),
            "offers": int(len(offers)), "quote_only_offers": int(offers["quote_only"].sum()),
            "prices": len(comps), "unverified_prices": sum(1 for c in comps if c["unverified"]),
            "price_basis": prov["shares"],
            "oldest_as_of": dates[0] if dates else None,
        })
    return rows


def offer_rows(catalog: Catalog, provider_id: str) -> list[dict]:
    offers = catalog.offers[catalog.offers["provider"] == provider_id].sort_values(["service_class", "offer_id"])
    rows = []
    for o in offers.itertuples(index=False):
        rows.append({
            "offer": o.offer_id, "service_class": o.service_class, "name": o.offer_name, "mapping": o.mapping,
            "vcpu": None if o.offer_vcpu != o.offer_vcpu else o.offer_vcpu,
            "memory_gb": None if o.offer_memory_gb != o.offer_memory_gb else o.offer_memory_gb,
            "eur_month": round(o.hour * HOURS_PER_MONTH + o.month, 2) if o.priced else None,
            "eur_gb_month": o.gb_month or None,
            "qualifications": list(o.qualifications), "quote_only": bool(o.quote_only), "unverified": bool(o.unverified),
            "basis": least_certain(c.get("basis") for c in o.components) if o.components else None,
            "as_of": min((c["as_of"] for c in o.components if c.get("as_of")), default=None),
        })
    return rows


def coverage(catalog: Catalog, requirements: list[str] | None = None) -> pd.DataFrame:
    """Service class x provider cells, decided by the mapping's own rule (docs/mapping-rules.md): status
    (equivalent, partial, self-managed, gap), the offer, and the source and date of the evidence."""
    from ..mapping.map import coverage_cells

    return coverage_cells(catalog, sorted(catalog.providers), list(requirements or []))


def stale_warnings(catalog: Catalog, today: dt.date, max_age_days: int = STALE_DAYS) -> list[str]:
    """Figures whose as_of is older than ``max_age_days``, per provider file."""
    out = []
    limit = (today - dt.timedelta(days=max_age_days)).isoformat()
    for pid in sorted(catalog.providers):
        old = [d for d in _dates(catalog, pid) if d < limit]
        if old:
            out.append(f"{catalog.providers[pid].file}: {len(old)} figure(s) dated before {limit} (oldest {old[0]}); "
                       "re-check them against their sources")
    return out
