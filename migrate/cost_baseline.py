"""The Azure cost baseline from a cost export's grouped rows (pure: DataFrames in, DataFrames/dicts out).

``sources.costs.export.aggregate`` returns one row per (file, month, resource, service, charge kind,
currency) with summed costs; everything here works on that small table:

- each row is converted to EUR (or kept in its billing currency) with a rate from config;
- each row is either a resource's cost or a *shared* charge (tax, credit, commitment purchase,
  support, marketplace, usage without a resource, another provider), which is never spread;
- a month is *complete* when the export covers its first and last day; the monthly baseline of a
  resource is its cost summed over the complete months divided by their number.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from pathlib import PurePath as Path

import numpy as np
import pandas as pd

from .errors import MigrateError

BASES = ("effective", "billed")
SHARED_KINDS = ("commitment purchase", "unused commitment", "tax", "credit", "adjustment", "support", "marketplace",
                "purchase", "usage without resource", "other provider")


@dataclass
class CostBaseline:
    """Grouped rows with amounts in one currency, their kind, and the months the averages use."""

    rows: pd.DataFrame              # grouped rows + kind, amount_billed, amount_effective (in ``currency``)
    currency: str                   # currency of the amounts (EUR unless kept in the billing currency)
    billing_currencies: list[str]
    rates: dict                     # currency -> {"rate", "source", "as_of", "unverified"} used
    months: list[str]               # every month present
    complete_months: list[str]      # months the averages divide by
    files: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quantities: pd.DataFrame | None = None  # consumed quantities (sources.costs.export.QUANTITY_COLUMNS) if read


def _currency_column(fmt: str) -> str:
    return {"focus": "BillingCurrency", "mca": "billingCurrency"}.get(fmt, "BillingCurrency")


def build(rows: pd.DataFrame, files: list[dict], *, rates: dict, currency: str = "EUR",
          warnings: list[str] | None = None, quantities: pd.DataFrame | None = None) -> CostBaseline:
    """Convert, classify and find the complete months. ``currency`` 'billing' keeps the export's currency.

    ``quantities`` (the consumed quantities read in the same scan) are kept as they are on the baseline.
    """
    fmt_of = {f["file"]: f["format"] for f in files}
    rows = rows.copy()
    has_cost = rows["billed"].fillna(0).ne(0) | rows["effective"].fillna(0).ne(0)
    missing_cur = rows["currency"].isna() & has_cost
    if missing_cur.any():
        f = rows.loc[missing_cur, "file"].iloc[0]
        raise MigrateError(f, "rows with a cost but no billing currency", place=f"column {_currency_column(fmt_of.get(f, 'focus'))}",
                           fix="re-export the file; every charge must carry its billing currency")
    rows["currency"] = rows["currency"].fillna("EUR").str.upper()
    billing = sorted(rows["currency"].unique())
    used: dict = {}
    if currency == "billing":
        if len(billing) > 1:
            f = rows.loc[rows["currency"] == billing[1], "file"].iloc[0]
            raise MigrateError(f, f"several billing currencies ({', '.join(billing)}) cannot be added up",
                               place=f"column {_currency_column(fmt_of.get(f, 'focus'))}",
                               fix="convert to EUR (the default) with rates in costs.exchange_rates")
        out_currency = billing[0] if billing else "EUR"
        factor = pd.Series(1.0, index=rows.index)
    else:
        out_currency = "EUR"
        factor = pd.Series(np.nan, index=rows.index)
        for cur in billing:
            if cur == "EUR":
                factor[rows["currency"] == cur] = 1.0
                continue
            rate = rates.get(cur)
            if not rate:
                f = rows.loc[rows["currency"] == cur, "file"].iloc[0]
                others = f" (the export mixes {', '.join(billing)})" if len(billing) > 1 else ""
                raise MigrateError(f, f"billing currency {cur} has no exchange rate to EUR{others}",
                                   place=f"column {_currency_column(fmt_of.get(f, 'focus'))}",
                                   fix=f"add costs.exchange_rates.{cur}: {{rate: <EUR per {cur}>, source: <URL>, as_of: "
                                       "<YYYY-MM-DD>} to a --config file (see examples/config.yaml)")
            factor[rows["currency"] == cur] = float(rate["rate"])
            used[cur] = dict(rate)
    rows["amount_billed"] = rows["billed"].astype(float).fillna(0.0) * factor
    rows["amount_effective"] = rows["effective"].astype(float).fillna(0.0) * factor
    rows["kind"] = classify(rows)
    months = sorted(rows["month"].dropna().unique())
    complete = complete_months(rows)
    warnings = list(warnings or [])
    if any(f["format"] != "focus" for f in files):
        warnings.append("classic EA/MCA exports carry one cost column (actual or amortised, as exported): the cost "
                        "basis does not change it")
    if not complete:
        complete = months
        if months:
            warnings.append(f"no complete month in the export ({months[0]}..{months[-1]}): averages use the partial "
                            "months as they are")
    return CostBaseline(rows, out_currency, billing, used, months, complete, files, warnings, quantities)


def _lower(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.lower()


def classify(rows: pd.DataFrame) -> pd.Series:
    """'resource', or the shared kind of the charge (first rule that applies, in the order below)."""
    cat = _lower(rows["charge_category"])
    provider, publisher, ptype = _lower(rows["provider"]), _lower(rows["publisher"]), _lower(rows["publisher_type"])
    service, rid = _lower(rows["service"]), _lower(rows["resource_id"])
    microsoft = provider.eq("") | provider.str.contains("microsoft|azure")
    # Reservations and savings plans live under these providers; their rows are never a workload's.
    commitment_id = rid.str.contains("/microsoft.capacity/|/microsoft.billingbenefits/", regex=True)
    marketplace = ptype.eq("marketplace") | (publisher.ne("") & ~publisher.str.contains("microsoft|azure"))
    support = service.str.contains("support")
    rules = [
        (~microsoft, "other provider"),
        (cat.eq("tax"), "tax"),
        (cat.eq("credit"), "credit"),
        (cat.eq("adjustment"), "adjustment"),
        (cat.eq("purchase") & (commitment_id | rows["commitment"].fillna(False).astype(bool)), "commitment purchase"),
        (cat.eq("unused commitment") | (commitment_id & cat.ne("purchase")), "unused commitment"),
        (support, "support"),
        (marketplace, "marketplace"),
        (cat.eq("purchase"), "purchase"),
        (rid.eq(""), "usage without resource"),
    ]
    return pd.Series(np.select([c.to_numpy() for c, _ in rules], [k for _, k in rules], default="resource"),
                     index=rows.index)


def complete_months(rows: pd.DataFrame) -> list[str]:
    """Months whose charges start on their first day and reach their last day."""
    span = rows.dropna(subset=["month"]).groupby("month").agg(first=("first_day", "min"), last=("last_day", "max"))
    out = []
    for month, r in span.iterrows():
        y, m = int(month[:4]), int(month[5:7])
        last = f"{month}-{calendar.monthrange(y, m)[1]:02d}"
        if str(r["first"]) <= f"{month}-01" and str(r["last"]) >= last:
            out.append(month)
    return out


def _amount(basis: str) -> str:
    if basis not in BASES:
        raise MigrateError(None, f"unknown cost basis {basis!r}", place="--cost-basis", fix="use effective or billed")
    return f"amount_{basis}"



def _r2(x) -> float:
    return float(round(float(x) + 0.0, 2))


# ------------------------------------------------------------------ totals (migrate costs)
def totals(b: CostBaseline) -> dict:
    """Totals over the whole export by month, service, service and month, resource group, resource and shared kind."""
    r = b.rows

    def by(keys: list[str], frame: pd.DataFrame = r, extra: list[str] = ()) -> list[dict]:
        agg = {"billed_cost": ("amount_billed", "sum"), "effective_cost": ("amount_effective", "sum"),
               "rows": ("rows", "sum"), **{e: (e, "first") for e in extra}}
        g = frame.groupby(keys, dropna=False, sort=True).agg(**agg).reset_index()
        g["billed_cost"] = (g["billed_cost"] + 0.0).round(2)
        g["effective_cost"] = (g["effective_cost"] + 0.0).round(2)
        g["rows"] = g["rows"].astype(int)
        g = g.astype(object).where(g.notna(), None)
        return g[[*keys, "billed_cost", "effective_cost", "rows", *extra]].to_dict("records")

    res = r[r["kind"] == "resource"]
    resources = by(["resource_id"], res, ["resource_name", "resource_group"])
    resources.sort(key=lambda x: (-x["effective_cost"], x["resource_id"]))
    return {"currency": b.currency, "billing_currencies": b.billing_currencies, "exchange_rates": b.rates,
            "files": b.files, "months": b.months, "complete_months": b.complete_months,
            "total": {"billed_cost": _r2(r["amount_billed"].sum()), "effective_cost": _r2(r["amount_effective"].sum()),
                      "rows": int(r["rows"].sum())},
            "by_month": by(["month"]), "by_service": by(["service"]), "by_service_month": by(["service", "month"]),
            "by_resource_group": by(["resource_group"]), "by_resource": resources, "shared": by(["kind"], r[r["kind"] != "resource"]),
            "warnings": b.warnings}


def resource_monthly(b: CostBaseline, basis: str) -> pd.DataFrame:
    """Per resource (and per shared kind): cost in each complete month and the monthly average."""
    col = _amount(basis)
    r = b.rows[b.rows["month"].isin(b.complete_months)].copy()
    r["key"] = np.where(r["kind"] == "resource", r["resource_id"].fillna(""), "")
    wide = r.pivot_table(index=["kind", "key"], columns="month", values=col, aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=b.complete_months, fill_value=0.0)
    wide["monthly_average"] = wide.sum(axis=1) / max(len(b.complete_months), 1)
    wide = wide.reset_index().rename(columns={"key": "resource_id"})
    meta = r[r["kind"] == "resource"].sort_values(["resource_id", "month"]).drop_duplicates("resource_id", keep="last")
    meta = meta.set_index("resource_id")[["resource_name", "resource_group", "resource_type", "service"]]
    wide = wide.join(meta, on="resource_id")
    wide["currency"] = b.currency
    cols = ["kind", "resource_id", "resource_name", "resource_group", "resource_type", "service", *b.complete_months,
            "monthly_average", "currency"]
    wide = wide[cols].sort_values(["kind", "resource_id"], key=lambda s: s.map(lambda v: (v != "resource", v))
                                  if s.name == "kind" else s).reset_index(drop=True)
    for m in [*b.complete_months, "monthly_average"]:
        wide[m] = wide[m].round(2)
    return wide


def monthly_quantities(b: CostBaseline) -> pd.DataFrame:
    """Usage per resource, meter and unit: the consumed quantity summed over the complete months and divided
    by their number (as the cost baseline averages costs).

    Columns: resource_id, meter_category, meter_subcategory, meter_name, unit, monthly_quantity (NaN when the
    export carried no quantity for those rows, never 0), months (number averaged over), rows. Only Usage
    charges count; rows without a resource are left out.
    """
    cols = ["resource_id", "meter_category", "meter_subcategory", "meter_name", "unit"]
    if b.quantities is None:
        raise ValueError("the baseline was read without quantities (aggregate(..., quantities=True))")
    q = b.quantities
    q = q[q["month"].isin(b.complete_months) & q["charge_category"].eq("Usage") & q["resource_id"].notna()]
    n = max(len(b.complete_months), 1)
    out = q.groupby(cols, dropna=False, sort=True).agg(quantity=("quantity", lambda s: s.sum(min_count=1)),
                                                        rows=("rows", "sum")).reset_index()
    out["monthly_quantity"] = out["quantity"] / n
    out["months"] = n
    return out[[*cols, "monthly_quantity", "months", "rows"]]


# ------------------------------------------------------------------ applying to a plan
def _parents(rid: str) -> list[str]:
    """Ancestors of an ARM id, nearest first: .../a/x/b/y -> .../a/x (provider-level segments only)."""
    out, parts = [], rid.split("/")
    try:
        p = parts.index("providers")
    except ValueError:
        return out
    # after 'providers': namespace, type, name, [childtype, childname]...
    n = len(parts)
    while n - 2 > p + 3:
        n -= 2
        out.append("/".join(parts[:n]))
    return out


def match(inventory_ids: pd.Series, b: CostBaseline, basis: str) -> tuple[pd.DataFrame, dict]:
    """Monthly actual cost per inventory resource, and the plan's ``azure_costs`` block.

    A cost matches a resource on its lower-cased ARM id. A cost metered on a sub-resource the
    inventory lacks (e.g. ``.../servers/s/databases/d`` when only the server was exported) rolls up
    to the nearest ancestor in the inventory, as Azure bills it under that parent; otherwise it is
    reported as unmatched. Shared charges stay their own lines.
    """
    col = _amount(basis)
    months = b.complete_months
    n = max(len(months), 1)
    r = b.rows[b.rows["month"].isin(months)]
    res = r[r["kind"] == "resource"].groupby("resource_id")[col].sum() / n
    inv = pd.Series(inventory_ids.astype(str).str.lower().str.rstrip("/").to_numpy(), index=inventory_ids.index)
    known = set(inv)
    target, via = {}, {}
    for rid in res.index:
        if rid in known:
            target[rid] = rid
            continue
        for parent in _parents(rid):
            if parent in known:
                target[rid], via[rid] = parent, parent
                break
    matched = pd.DataFrame({"cost": res, "target": pd.Series(target)}).dropna(subset=["target"])
    per_target = matched.groupby("target")["cost"].sum()
    rolled = matched[matched.index != matched["target"]].groupby("target").size()
    unmatched = res[~res.index.isin(matched.index)].sort_values(ascending=False)
    span = f"{months[0]}..{months[-1]}" if len(months) > 1 else (months[0] if months else "no month")
    per_resource = pd.DataFrame(index=inventory_ids.index)
    per_resource["azure_monthly"] = inv.map(per_target).fillna(0.0).round(2).to_numpy()
    per_resource["azure_cost_status"] = "actual"
    formulas = []
    for rid, eur in zip(inv, per_resource["azure_monthly"]):
        if rid in per_target.index:
            extra = f" (incl. {int(rolled[rid])} sub-resource(s) billed under it)" if rid in rolled.index else ""
            formulas.append(f"actual {basis} cost {span} / {n} month(s){extra} = {eur:.2f}")
        else:
            formulas.append(f"no charge in the cost export over {span}: 0")
    per_resource["azure_formula_actual"] = formulas
    shared = r[r["kind"] != "resource"].copy()
    # Name each line by what the export says: its description, else the publisher or provider.
    who = shared["publisher"].where(shared["kind"] == "marketplace", shared["provider"])
    shared["description"] = shared["description"].fillna(who.where(shared["kind"].isin(["marketplace", "other provider"])))
    desc = shared.groupby(["kind", "description"], dropna=False)[col].sum() / n
    shared_lines = []
    for (kind, d), eur in sorted(desc.items(), key=lambda kv: (SHARED_KINDS.index(kv[0][0]) if kv[0][0] in SHARED_KINDS
                                                               else 99, str(kv[0][1]))):
        shared_lines.append({"category": kind, "description": d if isinstance(d, str) else kind,
                             "monthly_eur": _r2(eur)})
    resources_eur = _r2(per_resource["azure_monthly"].sum())
    shared_eur = _r2(sum(x["monthly_eur"] for x in shared_lines))
    without = sorted(inventory_ids[~inv.isin(per_target.index).to_numpy()].astype(str))
    doc = {
        "basis": basis,
        "files": [{"file": Path(f["file"]).name, "format": f["format"], "version": f["version"], "rows": f["rows"]}
                  for f in b.files],
        "billing_currency": ", ".join(b.billing_currencies) or "EUR",
        "exchange_rates": b.rates,
        "months": list(months),
        "resources_monthly_eur": resources_eur,
        "shared_monthly_eur": shared_eur,
        "shared_charges": shared_lines,
        "unmatched_costs": {"resources": int(len(unmatched)), "monthly_eur": _r2(unmatched.sum()),
                            "top": [{"resource_id": k, "monthly_eur": _r2(v)} for k, v in unmatched.head(20).items()]},
        "resources_without_cost": {"count": len(without), "ids": without[:100]},
    }
    return per_resource, doc


def exported_quantities(inventory_ids: pd.Series, b: CostBaseline) -> pd.DataFrame | None:
    """Monthly quantities Azure billed per inventory resource and meter, as (rix, meter, value), averaged over
    the complete months; None when the export reader gave no quantities (``b.quantities``)."""
    qt = getattr(b, "quantities", None)
    if qt is None or qt.empty:
        return None
    months = b.complete_months
    n = max(len(months), 1)
    q = qt[qt["month"].isin(months)].groupby(["resource_id", "meter"])["quantity"].sum() / n
    inv = pd.Series(np.arange(len(inventory_ids)), index=inventory_ids.astype(str).str.lower().str.rstrip("/").to_numpy())
    inv = inv[~inv.index.duplicated()]
    q = q.reset_index()
    q["rix"] = q["resource_id"].map(inv)
    q = q.dropna(subset=["rix"])
    return pd.DataFrame({"rix": q["rix"].astype("int64"), "meter": q["meter"], "value": q["quantity"].astype(float)})


# ------------------------------------------------------------------ config
def check_config(file: str, section: dict) -> None:
    """Validate the ``costs`` config section (basis, dated and sourced exchange rates)."""
    if section.get("basis") not in BASES:
        raise MigrateError(file, f"unknown basis {section.get('basis')!r}", place="costs.basis",
                           fix="use effective or billed")
    rates = section.get("exchange_rates") or {}
    if not isinstance(rates, dict):
        raise MigrateError(file, "expected a mapping of currency -> {rate, source, as_of}", place="costs.exchange_rates",
                           fix="see examples/config.yaml")
    for cur, r in rates.items():
        place = f"costs.exchange_rates.{cur}"
        if not isinstance(cur, str) or len(cur) != 3 or not cur.isupper():
            raise MigrateError(file, f"{cur!r} is not an ISO 4217 currency code", place=place, fix="use e.g. USD")
        if not isinstance(r, dict) or isinstance(r.get("rate"), bool) or not isinstance(r.get("rate"), (int, float)) \
                or r["rate"] <= 0:
            raise MigrateError(file, "rate must be a number > 0 (EUR per one unit)", place=place,
                               fix="write {rate: 0.92, source: <URL>, as_of: <YYYY-MM-DD>}")
        if not r.get("source") or not r.get("as_of"):
            raise MigrateError(file, "every exchange rate needs a source and an as_of date", place=place,
                               fix="add source: <URL or document> and as_of: <YYYY-MM-DD>")
