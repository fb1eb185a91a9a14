"""Tables about the catalogues themselves (for `migrate catalog list|show|coverage|validate`). Pure."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..mapping.select import HOURS_PER_MONTH
from .load import Catalog

STALE_DAYS = 365


def _dates(catalog: Catalog, provider_id: str) -> list[str]:
    p = catalog.providers[provider_id]
    dates = [p.jurisdiction_as_of] + [q.as_of for q in p.qualifications]
    offers = catalog.offers[catalog.offers["provider"] == provider_id]
    dates += [c["as_of"] for comps in offers["components"] for c in comps if c.get("as_of")]
    return sorted(d for d in dates if d)


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
        rows.append({
            "provider": pid, "name": p.name, "headquarters": p.headquarters,
            "non_eu_law_exposure": p.non_eu_law_exposure,
            "qualifications": held,
            "secnumcloud_offers": int(snc.sum()),
            "secnumcloud_classes": sorted(set(offers.loc[snc, "service_class"])),
            "offers": int(len(offers)), "quote_only_offers": int(offers["quote_only"].sum()),
            "prices": len(comps), "unverified_prices": sum(1 for c in comps if c["unverified"]),
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
            "as_of": min((c["as_of"] for c in o.components if c.get("as_of")), default=None),
        })
    return rows


def coverage(catalog: Catalog, requirements: list[str] | None = None) -> pd.DataFrame:
    """Service class x provider: offer, self-managed, gap (explicit, with reason), `unqualified` (offers exist
    but none holds the required qualifications, or the provider is below a required SEAL level) or `gap?` (no
    entry at all)."""
    from .sovereignty import meets, split

    quals, seals = split(requirements or [])
    need = set(quals)
    offers = catalog.offers
    any_offer = set(zip(offers["service_class"], offers["provider"]))
    if need:
        offers = offers[offers["qualifications"].map(lambda q: need.issubset(q))]
    if seals:
        offers = offers[offers["seal_levels"].map(lambda lv: meets(lv if isinstance(lv, dict) else None, seals))]
    best = offers.assign(_r=offers["mapping"].map({"equivalent": 0, "partial": 0, "self-managed": 1}))
    best = best.groupby(["service_class", "provider"])["_r"].min()
    cells = best.map({0: "offer", 1: "self-managed"}).unstack()
    cells = cells.reindex(index=catalog.service_classes.index, columns=sorted(catalog.providers)).astype(object)
    gaps = catalog.gaps.drop_duplicates(["provider", "service_class"]).set_index(["service_class", "provider"])
    for (sc, p) in gaps.index:
        if sc in cells.index and p in cells.columns and pd.isna(cells.loc[sc, p]):
            cells.loc[sc, p] = "gap"
    for sc in cells.index:
        for p in cells.columns:
            if pd.isna(cells.loc[sc, p]) and (sc, p) in any_offer:
                cells.loc[sc, p] = "unqualified"
    return cells.fillna("gap?")


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
