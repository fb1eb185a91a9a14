"""plan.xlsx: the plan as a workbook finance can filter, sum and pivot.

Numbers are stored as numbers with EUR / person-day formats (never as text), every sheet has a frozen
header row and an autofilter. Figures are copied from plan.json (and the audit); a sheet that groups
lines (effort by service class) only adds figures the plan holds. The file is byte-identical from one
run to the next: document properties carry a date taken from the plan's data, zip entries a fixed time.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .render_html import DISPOSITION_COLS, STATUS_COLS

EUR = '#,##0.00 "€";-#,##0.00 "€"'
EUR0 = '#,##0 "€";-#,##0 "€"'
DAYS = "#,##0.0"
INT = "#,##0"
PCT = "0%"
GB = "#,##0.0"
# Excel holds 1,048,576 rows a sheet; a plan larger than that keeps the first lines and says so on Summary.
MAX_ROWS = 1_048_575

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B3D91")
TITLE_FONT = Font(bold=True, size=14)


def render(doc: dict, audit: dict | None = None) -> bytes:
    """The workbook as bytes."""
    wb = Workbook(write_only=True)
    _summary_sheet(wb, doc, audit)
    _providers_sheet(wb, doc)
    _resources_sheet(wb, doc)
    _effort_sheet(wb, doc)
    _gaps_sheet(wb, doc)
    _audit_sheet(wb, audit)
    _sources_sheet(wb, doc)
    if any(p.get("tco", {}).get("cumulative") for p in doc["providers"]):
        _tco_sheet(wb, doc)
    if (doc.get("waves") or {}).get("items"):
        _waves_sheet(wb, doc)
    if (doc.get("best_mix") or {}).get("assignment"):
        _best_mix_sheet(wb, doc["best_mix"])
    stamp = _as_of(doc)
    wb.properties.creator = f"migrate {doc['generator']['version']}"
    wb.properties.title = "Azure exit plan"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps "modified" with now
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the zip with a fixed time on every entry, so that two renders are the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _as_of(doc: dict) -> datetime.datetime:
    """The newest as_of date among the plan's provider facts: when the data was true, not when it was rendered."""
    dates = [p["jurisdiction"]["as_of"] for p in doc["providers"]]
    dates += [q["as_of"] for p in doc["providers"] for q in p["qualifications"]]
    dates = [d for d in dates if isinstance(d, str) and len(d) == 10]
    if not dates:
        return datetime.datetime(2000, 1, 1)
    return datetime.datetime.fromisoformat(max(dates))


class _Sheet:
    """A write-only sheet: header row styled, frozen and filtered; columns sized from their content."""

    def __init__(self, wb: Workbook, title: str, columns: list[tuple[str, str | None, float]],
                 preamble: list[list] | None = None):
        self.ws = wb.create_sheet(title)
        self.columns = columns
        self.preamble = preamble or []
        header_row = len(self.preamble) + 1
        for i, (_, _, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = f"A{header_row + 1}"
        for row in self.preamble:
            self.ws.append([self._styled(v, None, font=TITLE_FONT if j == 0 and row is self.preamble[0] else None)
                            for j, v in enumerate(row)])
        self.ws.append([self._styled(name, None, font=HEADER_FONT, fill=HEADER_FILL) for name, _, _ in columns])
        self.header_row = header_row
        self.rows = 0

    def _styled(self, value, fmt, font=None, fill=None, align=None):
        cell = WriteOnlyCell(self.ws, value=value)
        if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.number_format = fmt
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if align:
            cell.alignment = align
        return cell

    def add(self, values: list, formats: dict[int, str] | None = None) -> None:
        fmts = [(formats or {}).get(i, fmt) for i, (_, fmt, _) in enumerate(self.columns)]
        self.ws.append([self._styled(_plain(v), fmt) for v, fmt in zip(values, fmts)])
        self.rows += 1

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.header_row + max(self.rows, 1)}"


def _plain(v):
    """Cells hold numbers, text or booleans; lists and dicts become readable text."""
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return v


def _summary_sheet(wb: Workbook, doc: dict, audit: dict | None) -> None:
    inv, az = doc["inputs"]["inventory"], doc["azure"]
    s = _SummarySheet(wb, "Summary", [("Item", None, 44), ("Value", None, 22), ("Unit", None, 16), ("Source / formula", None, 90)],
               preamble=[["Azure exit plan"], [f"migrate {doc['generator']['version']}; amounts in {doc['currency']} "
                                               f"excl. VAT, {doc['inputs']['hours_per_month']} hours a month"]])
    s.add(["Resources in the inventory", inv["resources"], "resources",
           ", ".join(f"{x['file']} ({x['format']})" for x in inv.get("sources", []))])
    if not inv.get("complete", True):
        s.add(["PARTIAL INVENTORY: scopes not read", len(inv.get("failed_scopes", [])), "scopes",
               json.dumps(inv.get("failed_scopes", []), sort_keys=True)])
    s.add(["Requirements", ", ".join(doc["inputs"]["requirements"]) or "none", "", "inputs.requirements"])
    basis = az.get("basis", "list-prices")
    lb = lambda t: " (LOWER BOUND: lines without a figure)" if t.get("lower_bound") else ""  # noqa: E731
    s.add([f"Azure today, monthly ({basis}){lb(az)}", az["monthly_eur"], "EUR/month",
           f"azure.monthly_eur: sum of resources[].azure.monthly_eur; {az['unpriced_resources']} unpriced"])
    s.add(["Azure today: verified share", az["verified_share"], "share", f"{az['verified_eur']} EUR/month read at a primary source"])
    s.add(["Azure today: range low", az["range_eur"]["low"], "EUR/month", "config uncertainty bands"])
    s.add(["Azure today: range high", az["range_eur"]["high"], "EUR/month", "config uncertainty bands"])
    for p in doc["providers"]:
        sc = p["scenario"]
        s.add([f"{p['name']}: monthly run cost of the scenario{lb(sc)}", sc["monthly_eur"], "EUR/month",
               f"providers[{p['id']}].scenario: every resource (hosted, self-managed, kept on Azure at its Azure cost: "
               f"{sc['by_disposition']['stays-on-azure']['resources']}, retired); range {sc['range_eur']['low']:,.2f}-"
               f"{sc['range_eur']['high']:,.2f}; verified {sc['verified_eur']:,.2f}; see the Providers sheet"])
    for p in doc["providers"]:
        if p.get("tco"):
            s.add([f"{p['name']}: TCO over {p['tco'].get('years')} years", p["tco"].get("total_eur"), "EUR",
                   p["tco"].get("formula", "providers[].tco.total_eur")])
    t = doc.get("transfer")
    if t:
        s.add(["Data to transfer", t.get("data_gb"), "GB", "transfer.data_gb"])
        s.add(["Transfer time", t.get("days"), "days", f"transfer.days at {t.get('bandwidth_mbps')} Mbit/s"])
        eg = t.get("egress") or {}
        s.add(["Azure egress cost", eg.get("eur"), "EUR", f"{eg.get('source')} ({eg.get('as_of')})"])
        s.add(["Azure egress cost with the exit waiver", eg.get("eur_with_waiver"), "EUR", "transfer.egress.eur_with_waiver"])
        s.add(["Offline transfer recommended", "yes" if t.get("offline_recommended") else "no", "",
               f"above {t.get('threshold_days')} days; {t.get('formula') or ''}"])
    b = doc.get("best_mix")
    if b:
        s.add(["Best mix TCO (" + ", ".join(b.get("providers", [])) + ")", b.get("tco_eur"), "EUR",
               "best_mix.tco_eur; see the Best mix sheet"])
    if audit:
        sm = audit["summary"]
        for k in ("pass", "fail", "unknown", "skipped"):
            s.add([f"Audit checks: {k.upper()}", sm.get(k, 0), "checks", f"audit profile {audit.get('profile')}, as of "
                                                                         f"{audit.get('as_of')}"])
    n = len(doc["resources"]) * len(doc["providers"])
    if n > MAX_ROWS:
        s.add(["RESOURCES SHEET TRUNCATED: lines shown", MAX_ROWS, "lines", f"of {n}; every line is in resources.csv"])
    for w in doc["inputs"]["warnings"]:
        s.add(["Warning", w, "", ""])
    s.close()


class _SummarySheet(_Sheet):
    """Summary rows mix units: the value's number format follows the unit column."""

    UNIT_FORMATS = {"EUR/month": EUR, "EUR": EUR, "GB": GB, "days": DAYS, "share": PCT}

    def add(self, values: list, formats: dict[int, str] | None = None) -> None:
        super().add(values, {1: self.UNIT_FORMATS.get(values[2], INT)})


def _providers_sheet(wb: Workbook, doc: dict) -> None:
    has_dist = any(p.get("effort_distribution") for p in doc["providers"])
    cols = [("Provider id", None, 14), ("Provider", None, 28), ("Scenario monthly EUR", EUR, 16),
            ("Lower bound (a line has no figure)", None, 12), ("Range low EUR", EUR, 14), ("Range high EUR", EUR, 14),
            ("Verified EUR", EUR, 14), ("Verified share", PCT, 10), ("Azure monthly EUR", EUR, 18),
            ("Azure lower bound", None, 10), ("Change vs Azure", PCT, 12), ("Unpriced lines", INT, 10),
            ("Complete exit", None, 10)]
    cols += [(f"{d}: resources", INT, 10) for d in DISPOSITION_COLS] + [(f"{d}: EUR/month", EUR, 14) for d in DISPOSITION_COLS]
    cols += [("Effort low (days)", DAYS, 12), ("Effort likely (days)", DAYS, 12), ("Effort high (days)", DAYS, 12)]
    cols += [(f"Status: {st}", INT, 12) for st in STATUS_COLS]
    cols += [(f"Cost status: {cs}", INT, 12) for cs in _cost_statuses(doc)]
    if has_dist:
        cols += [("Effort P50 (days)", DAYS, 12), ("Effort P90 (days)", DAYS, 12), ("Duration P50 (months)", DAYS, 12),
                 ("Duration P90 (months)", DAYS, 12)]
    cols += [("Non-EU law exposure", None, 12), ("Qualifications", None, 30), ("Legal entity", None, 36)]
    s = _Sheet(wb, "Providers", cols)
    az = doc["azure"]
    for p in doc["providers"]:
        sc = p["scenario"]
        by = sc["by_disposition"]
        # The ratio of the plan's own two totals over the same estate, shown as a percentage (not a new estimate).
        change = (sc["monthly_eur"] - az["monthly_eur"]) / az["monthly_eur"] if az["monthly_eur"] else None
        row = [p["id"], p["name"], sc["monthly_eur"], "yes" if sc["lower_bound"] else "no", sc["range_eur"]["low"],
               sc["range_eur"]["high"], sc["verified_eur"], sc["verified_share"], az["monthly_eur"],
               "yes" if az["lower_bound"] else "no", change, sc["unpriced_resources"], "yes" if sc["complete"] else "no"]
        row += [by[d]["resources"] for d in DISPOSITION_COLS] + [by[d]["monthly_eur"] for d in DISPOSITION_COLS]
        row += [p["effort_days"]["low"], p["effort_days"]["likely"], p["effort_days"]["high"]]
        row += [p["status"][st] for st in STATUS_COLS]
        row += [p["cost_status"].get(cs, 0) for cs in _cost_statuses(doc)]
        if has_dist:
            d = p.get("effort_distribution") or {}
            dur = d.get("duration_months") or {}
            row += [d.get("p50_days"), d.get("p90_days"), dur.get("p50"), dur.get("p90")]
        row += ["yes" if p["jurisdiction"]["non_eu_law_exposure"] else "no",
                ", ".join(q["id"] for q in p["qualifications"] if q["status"] != "none"), p["legal_entity"]]
        s.add(row)
    s.close()


def _cost_statuses(doc: dict) -> list[str]:
    return sorted({k for p in doc["providers"] for k in p["cost_status"]})


RESOURCE_COLS = [("Provider", None, 12), ("Resource", None, 30), ("Type", None, 40), ("Service class", None, 20),
                 ("Resource group", None, 18), ("Location", None, 14), ("Subscription", None, 20), ("Status", None, 12),
                 ("Disposition", None, 14), ("Offer", None, 34), ("Provider monthly EUR", EUR, 16),
                 ("Low EUR", EUR, 12), ("High EUR", EUR, 12), ("Provider cost status", None, 12),
                 ("Estimate", None, 9), ("Verified", None, 10), ("Quantity assumed", None, 10), ("Azure monthly EUR", EUR, 16),
                 ("Azure cost status", None, 12), ("Effort low (days)", DAYS, 10), ("Effort likely (days)", DAYS, 10),
                 ("Effort high (days)", DAYS, 10), ("vCPU", DAYS, 7), ("Memory GB", GB, 9), ("Instances", DAYS, 9),
                 ("Storage GB", GB, 11), ("Sizing rule", None, 50), ("Provider formula", None, 60),
                 ("Azure formula", None, 60), ("Reason", None, 40), ("Resource id", None, 60)]


def _resources_sheet(wb: Workbook, doc: dict) -> None:
    """One row per resource and provider: filter on a provider, and both EUR columns sum correctly.

    Beyond Excel's row limit the sheet stops (the Summary sheet says so; resources.csv has every line)."""
    s = _Sheet(wb, "Resources", RESOURCE_COLS)
    written = 0
    for r in doc["resources"]:
        sz, az = r["sizing"], r["azure"]
        for pid in (p["id"] for p in doc["providers"]):
            if written >= MAX_ROWS - 1:
                s.close()
                return
            t = r["targets"][pid]
            s.add([pid, r["name"], r["type"], r["service_class"], r["resource_group"], r["location"], r.get("subscription"),
                   t["status"], t["disposition"], t["offer_name"], t["monthly_eur"], t["range_eur"]["low"],
                   t["range_eur"]["high"], t["cost_status"], t["estimate"], t["verified"], t["quantity_assumed"],
                   az["monthly_eur"], az["cost_status"], t["effort_days"]["low"], t["effort_days"]["likely"],
                   t["effort_days"]["high"], sz["vcpu"], sz["memory_gb"], sz["node_count"], sz["storage_gb"], t["rule"],
                   t["formula"], az["formula"], t["reason"], r["id"]])
            written += 1
    s.close()


def _effort_sheet(wb: Workbook, doc: dict) -> None:
    providers = doc["providers"]
    cols = [("Service class", None, 26), ("Resources", INT, 10)] + \
           [(f"{p['id']} likely (days)", DAYS, 14) for p in providers]
    s = _Sheet(wb, "Effort", cols)
    by_class: dict[str, list] = {}
    for r in doc["resources"]:
        row = by_class.setdefault(r["service_class"] or "(unmapped)", [0] + [0.0] * len(providers))
        row[0] += 1
        for i, p in enumerate(providers):
            row[i + 1] += r["targets"][p["id"]]["effort_days"]["likely"]
    for cls in sorted(by_class):
        s.add([cls, *by_class[cls]])
    s.add(["TOTAL (plan)", len(doc["resources"]), *[p["effort_days"]["likely"] for p in providers]])
    s.close()


def _gaps_sheet(wb: Workbook, doc: dict) -> None:
    s = _Sheet(wb, "Gaps", [("Provider", None, 14), ("Severity", None, 10), ("Service class", None, 22), ("Title", None, 40),
                            ("Resources", INT, 10), ("Data-bearing", None, 12), ("Why it stays on Azure", None, 50),
                            ("Usual replacement", None, 50), ("Azure EUR/month kept", EUR, 14),
                            ("Lower bound", None, 10)])
    for p in doc["providers"]:
        for g in p["gaps"]:
            s.add([p["id"], g["severity"], g["service_class"], g.get("title"), g["resources"], g["data_bearing"], g["reason"],
                   g.get("replacement"), g.get("residual_monthly_eur"), "yes" if g.get("residual_lower_bound") else "no"])
    s.close()


def _audit_sheet(wb: Workbook, audit: dict | None) -> None:
    cols = [("Check", None, 12), ("Result", None, 10), ("Title", None, 50), ("Reason", None, 70), ("Profiles", None, 16),
            ("Legal basis", None, 40), ("Sources", None, 50), ("Resources concerned", INT, 12), ("Resources", None, 80),
            ("Thresholds", None, 30)]
    if not audit:
        s = _Sheet(wb, "Audit", cols, preamble=[["No audit: run `migrate audit PLAN.json --format json -o audit.json`, "
                                                  "then render again (audit.json beside the plan is read)."]])
        s.close()
        return
    s = _Sheet(wb, "Audit", cols, preamble=[[f"Audit of {audit.get('plan', {}).get('file')}, profile {audit.get('profile')}, "
                                              f"as of {audit.get('as_of')}"]])
    for c in audit["checks"]:
        lb = c.get("legal_basis", [])
        s.add([c["id"], c["status"], c.get("title"), c.get("reason"), c.get("profiles", []),
               "; ".join(f"{b.get('regulation', '')} {b.get('article', '')}".strip() for b in lb),
               " ".join(str(b.get("source", "")) for b in lb), len(c.get("resources") or []),
               c.get("resources") or [], c.get("thresholds") or {}])
    s.close()


def _sources_sheet(wb: Workbook, doc: dict) -> None:
    s = _Sheet(wb, "Assumptions & sources", [("Kind", None, 16), ("Provider", None, 14), ("Item", None, 36),
                                              ("Detail", None, 50), ("Amount", "#,##0.000000", 14), ("Unit", None, 12),
                                              ("Source", None, 70), ("As of", None, 12), ("Unverified", None, 10)])
    s.add(["setting", "", "currency", doc["currency"], None, "", "plan.json currency", "", False])
    s.add(["setting", "", "hours per month", "", doc["inputs"]["hours_per_month"], "hours", "inputs.hours_per_month", "", False])
    for c in doc["inputs"]["catalogs"]:
        s.add(["catalogue", "", c["file"], f"sha256 {c['sha256']}", None, "", "inputs.catalogs", "", False])
    for path, value in _flatten(doc["inputs"]["config"]):
        s.add(["effort model", "", path, value if not isinstance(value, (int, float)) or isinstance(value, bool) else "",
               value if isinstance(value, (int, float)) and not isinstance(value, bool) else None, "",
               "inputs.config (override with --config)", "", False])
    for p in doc["providers"]:
        j = p["jurisdiction"]
        s.add(["jurisdiction", p["id"], "non-EU law exposure: " + ("yes" if j["non_eu_law_exposure"] else "no"),
               j["details"], None, "", j["source"], j["as_of"], j["unverified"]])
        for q in p["qualifications"]:
            s.add(["qualification", p["id"], f"{q['id']} {q['status']}", q.get("scope"), None, "", q["source"], q["as_of"],
                   q["unverified"]])
        for oid in sorted(p["offers"]):
            o = p["offers"][oid]
            if not o["price"]:
                s.add(["offer", p["id"], f"{oid}: {o['name']}", o["mapping"], None, "", o.get("estimate_rule") or "", "",
                       o["unverified"]])
            for c in o["price"]:
                s.add(["price", p["id"], f"{oid}: {o['name']}", c.get("component") or o.get("estimate_rule") or "",
                       c.get("amount"), c.get("unit"), c.get("source"), c.get("as_of"), c.get("unverified")])
    seen = set()
    for r in doc["resources"]:
        for src in r["azure"].get("sources", []):
            key = (src.get("what"), src.get("source"))
            if key not in seen:
                seen.add(key)
                s.add(["azure price", "azure", src.get("what"), "", None, "", src.get("source"), src.get("as_of"),
                       src.get("unverified")])
    for w in doc["inputs"]["warnings"]:
        s.add(["warning", "", w, "", None, "", "", "", False])
    s.close()


def _flatten(d, prefix: str = ""):
    for k in sorted(d):
        v = d[k]
        path = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict):
            yield from _flatten(v, path)
        elif isinstance(v, list) and all(isinstance(x, (int, float)) for x in v) and len(v) == 3:
            for label, x in zip(("low", "likely", "high"), v):
                yield f"{path}.{label}", x
        else:
            yield path, _plain(v)


def _tco_sheet(wb: Workbook, doc: dict) -> None:
    with_tco = [p for p in doc["providers"] if p.get("tco", {}).get("cumulative")]
    keys = ["labour_eur", "egress_eur", "dual_running_eur", "training_eur", "forfeited_commitments_eur", "licences_eur"]
    cols = [("Provider", None, 16), ("Years", INT, 8), ("Run monthly EUR", EUR, 16), ("Run total EUR", EUR0, 16)] + \
           [(f"One-off: {k.removesuffix('_eur').replace('_', ' ')}", EUR0, 16) for k in keys] + \
           [("One-off total EUR", EUR0, 16), ("TCO total EUR", EUR0, 16), ("Azure total EUR", EUR0, 16),
            ("Break-even month", INT, 12), ("Formula", None, 80)]
    s = _Sheet(wb, "TCO", cols)
    for p in with_tco:
        t = p["tco"]
        oo = t.get("one_off") or {}
        s.add([p["id"], t.get("years"), t.get("run_monthly_eur"), t.get("run_total_eur"), *[oo.get(k) for k in keys],
               t.get("one_off_total_eur"), t.get("total_eur"), t.get("azure_total_eur"), t.get("break_even_month"),
               t.get("formula")])
    s.close()
    # Month by month, one column per provider: ready for an Excel line chart.
    months = sorted({c["month"] for p in with_tco for c in p["tco"]["cumulative"]})
    cum = _Sheet(wb, "TCO cumulative", [("Month", INT, 8), ("Azure EUR", EUR0, 16)] +
                 [(f"{p['id']} EUR", EUR0, 16) for p in with_tco])
    by = {p["id"]: {c["month"]: c for c in p["tco"]["cumulative"]} for p in with_tco}
    first = with_tco[0]["id"]
    for m in months:
        cum.add([m, by[first].get(m, {}).get("azure_eur"), *[by[p["id"]].get(m, {}).get("provider_eur") for p in with_tco]])
    cum.close()


def _waves_sheet(wb: Workbook, doc: dict) -> None:
    providers = doc["providers"]
    cols = [("Wave", INT, 8), ("Resources", INT, 10), ("Groups", INT, 8), ("Data GB", GB, 12), ("Unknown size", INT, 12)]
    for p in providers:
        cols += [(f"{p['id']} low (days)", DAYS, 12), (f"{p['id']} likely (days)", DAYS, 12), (f"{p['id']} high (days)", DAYS, 12)]
    cols += [("Resource ids", None, 80)]
    s = _Sheet(wb, "Waves", cols)
    for it in doc["waves"]["items"]:
        row = [it["number"], len(it["resources"]), it.get("groups"), it.get("data_gb"), it.get("unknown_size")]
        for p in providers:
            ed = it["effort_days"].get(p["id"], {})
            row += [ed.get("low"), ed.get("likely"), ed.get("high")]
        s.add(row + [it["resources"]])
    s.close()


def _best_mix_sheet(wb: Workbook, b: dict) -> None:
    s = _Sheet(wb, "Best mix", [("Service class", None, 26), ("Provider", None, 20), ("Resources", INT, 10),
                                ("TCO EUR", EUR0, 16)])
    for a in b["assignment"]:
        s.add([a["service_class"], a["provider"], a.get("resources"), a.get("tco_eur")])
    s.add(["TOTAL (mix, with shared costs and penalties)", ", ".join(b.get("providers", [])), None, b.get("tco_eur")])
    s.close()
