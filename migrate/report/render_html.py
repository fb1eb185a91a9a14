"""report.html: the plan for a steering committee, one self-contained page with charts and sortable tables.

Nothing is fetched when the page is opened: styles, script and charts (inline SVG) are in the file.
Links to sources are ordinary ``<a href>`` links a reader may follow; the page never loads them.
Figures come from plan.json (and the audit file); where a table groups lines (effort by service class),
it only adds figures the plan already holds, and says so.
"""

from __future__ import annotations

import json
from html import escape

from ..mapping.map import DISPOSITIONS as DISPOSITION_COLS
from . import charts
from .render_table import range_text, total_text, verified_text, vs_azure

STATUS_COLS = ("equivalent", "partial", "self-managed", "gap", "retire", "unmapped")

STATUS_ABBR = {"equivalent": "eq", "partial": "part", "self-managed": "self", "gap": "GAP", "retire": "ret",
               "unmapped": "unm"}
# A page of a million resources would not open; beyond this the table keeps the largest Azure costs.
MAX_RESOURCE_ROWS = 2000
TOP_CLASSES = 8

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1a1a1a;background:#fff}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 1.2rem}
header{border-bottom:3px solid #0b3d91;padding-bottom:.6rem}
h1{font-size:1.7rem;margin:1rem 0 .3rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid #ccc}
h3{font-size:1.05rem}
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.5rem 0}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dl.kv dt{font-weight:600}
dl.kv dd{margin:0}
.warn{background:#fff3cd;border-left:4px solid #f9a825;padding:.4rem .8rem}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption,.note{font-size:.85rem;color:#444}
.scroll{overflow-x:auto;max-height:80vh;overflow-y:auto;border:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0;caption-side:top}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .45rem;vertical-align:top;text-align:left}
thead th{background:#f2f4f8;position:sticky;top:0;z-index:1}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus{outline:2px solid #0b3d91}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
table.nowrap td,table.nowrap th{white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.unv{color:#b35900;font-weight:700;text-decoration:none;cursor:help}
.est{color:#0b3d91;font-weight:700;cursor:help}
.st{font-size:.72rem;padding:0 .25rem;border-radius:3px;color:#fff;margin-left:.3rem}
.st-equivalent{background:#1b7837}.st-partial{background:#4d7f3d}.st-self-managed{background:#5aae61;color:#000}
.st-gap{background:#c2185b}.st-retire{background:#757575}.st-unmapped{background:#5c3c92}
.r-PASS{color:#1b7837;font-weight:700}.r-FAIL{color:#c2185b;font-weight:700}.r-UNKNOWN{color:#a66f00;font-weight:700}
.r-SKIPPED{color:#616161}
footer{margin-top:2rem;border-top:1px solid #ccc;font-size:.8rem;color:#555;padding-bottom:2rem}
"""

# Sorts a table by the clicked column: numbers (data-sort) numerically, text alphabetically, blanks last.
SCRIPT = """
(function(){
function key(td){var v=td.getAttribute('data-sort');if(v===null){v=td.textContent.trim();}
if(v===''){return [2,''];}var n=Number(v);return isNaN(n)?[1,v.toLowerCase()]:[0,n];}
document.querySelectorAll('table.sortable').forEach(function(table){
var ths=table.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,col){var b=th.querySelector('button');if(!b){return;}
b.addEventListener('click',function(){var asc=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
if(x[0]!==y[0]){return x[0]-y[0];}var c=x[1]<y[1]?-1:(x[1]>y[1]?1:0);return asc?c:-c;});
rows.forEach(function(r){body.appendChild(r);});});});});
})();
"""


def e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def _money(x: float | None) -> str:
    return "unknown" if x is None else f"{x:,.2f}"


def _n(value, title: str = "", fmt=_money, extra: str = "") -> str:
    """A numeric cell: shown formatted, sorted by its raw value, with its derivation as a tooltip."""
    sort = "" if value is None else repr(float(value))
    tip = f' title="{e(title)}"' if title else ""
    return f'<td class="n" data-sort="{sort}"{tip}>{e(fmt(value))}{extra}</td>'


def _t(text, title: str = "") -> str:
    tip = f' title="{e(title)}"' if title else ""
    return f"<td{tip}>{e(text)}</td>"


NUM_CLASS = ' class="n"'


def _table(table_id: str, caption: str, headers: list[tuple[str, bool]], rows: list[str], note: str = "",
           nowrap: bool = False) -> str:
    """A sortable table; headers are (label, numeric) pairs; nowrap for wide tables of short cells (they scroll)."""
    ths = "".join(f'<th scope="col"{NUM_CLASS if num else ""}><button type="button">{e(h)}</button></th>'
                  for h, num in headers)
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    foot = f'<p class="note">{note}</p>' if note else ""
    classes = "sortable nowrap" if nowrap else "sortable"
    return (f'<div class="scroll"><table class="{classes}" id="{table_id}"><caption>{e(caption)}</caption>'
            f"<thead><tr>{ths}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>{foot}")


def _figure(svg: str, caption: str, source: str) -> str:
    return (f'<figure title="{e(source)}">{svg}<figcaption>{e(caption)} <em>Source: {e(source)}</em>'
            f"</figcaption></figure>")


UNV = '<abbr class="unv" title="unverified: a figure used here could not be checked against its source">&#8224;</abbr>'
EST = '<abbr class="est" title="estimate: the offer is sold on quote and priced by its documented estimate rule">&#8776;</abbr>'


def _marks(line: dict) -> str:
    return (EST if line.get("estimate") else "") + ("" if line.get("verified", True) else UNV)


def render(doc: dict, audit: dict | None = None, audit_note: str | None = None) -> str:
    """The whole page as one string (deterministic: same plan and audit, same bytes)."""
    providers = doc["providers"]
    sections: list[tuple[str, str, str]] = []  # (anchor, heading, body)
    sections.append(("providers", "Providers side by side", _providers(doc)))
    if any(p.get("tco", {}).get("cumulative") for p in providers):
        sections.append(("tco", "Total cost of ownership", _tco(doc)))
    sections.append(("effort", "Effort", _effort(doc)))
    if doc.get("waves"):
        sections.append(("waves", "Migration waves", _waves(doc)))
    sections.append(("status", "Mapping status", _status(doc)))
    if doc.get("transfer"):
        sections.append(("transfer", "Data transfer", _transfer(doc["transfer"])))
    if doc.get("best_mix"):
        sections.append(("best-mix", "Best mix of providers", _best_mix(doc["best_mix"])))
    if doc.get("azure_costs"):
        sections.append(("azure-costs", "Azure actual costs", _azure_costs(doc["azure_costs"])))
    sections.append(("gaps", "Gaps", _gaps(doc)))
    sections.append(("audit", "Exit-readiness audit", _audit(audit, audit_note)))
    sections.append(("resources", "Resources", _resources(doc)))
    sections.append(("sources", "Sources and assumptions", _sources(doc)))

    nav = "".join(f'<li><a href="#{a}">{e(h)}</a></li>' for a, h, _ in sections)
    body = "\n".join(f'<section id="{a}" aria-labelledby="h-{a}"><h2 id="h-{a}">{e(h)}</h2>\n{b}\n</section>'
                     for a, h, b in sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            # The page may run only its own inline script and styles, and load nothing at all.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            f"<title>Azure exit plan — {e(doc['inputs']['inventory']['resources'])} resources</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n<header>\n{_header(doc, audit)}\n"
            f'<nav aria-label="Sections"><ul>{nav}</ul></nav>\n</header>\n<main>\n{body}\n</main>\n'
            f"<footer><p>Generated by migrate {e(doc['generator']['version'])} from plan.json "
            f"(format {e(doc['format'])} v{e(doc['schema_version'])}). Renderers only format figures held in the "
            "plan; every line's formula and sources are in plan.json.</p></footer>\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _header(doc: dict, audit: dict | None) -> str:
    inv, az = doc["inputs"]["inventory"], doc["azure"]
    reqs = ", ".join(doc["inputs"]["requirements"]) or "none"
    sources = ", ".join(f"{s['file']} ({s['format']}, {s['resources']})" for s in inv.get("sources", [])) or "inventory"
    basis = az.get("basis", "list-prices")
    az_how = ("actual costs from the cost export (resources + shared charges)" if basis == "actual"
              else "reference list prices at each resource's region")
    az_unv = sum(1 for r in doc["resources"] if not r["azure"].get("verified", True))
    az_mark = (f" {UNV} {az_unv} of {len(doc['resources'])} resources priced with figures not read at a primary source"
               if az_unv else "")
    out = ["<h1>Azure exit plan</h1>", '<dl class="kv">',
           f"<dt>Resources</dt><dd>{e(inv['resources'])} from {e(sources)}</dd>",
           f"<dt>Providers</dt><dd>{e(', '.join(p['name'] for p in doc['providers']))}</dd>",
           f"<dt>Requirements</dt><dd>{e(reqs)}</dd>",
           f'<dt>Azure today</dt><dd title="{e("azure.monthly_eur: sum of resources[].azure.monthly_eur; " + az_how)}">'
           f"<strong>{e(total_text(az))} EUR/month</strong>, range {e(range_text(az))}, verified "
           f"{e(verified_text(az))} ({e(az_how)}; {e(az['unpriced_resources'])} resources without a figure; cost status: "
           f"{e(', '.join(f'{k} {v}' for k, v in az['cost_status'].items()))}){az_mark}</dd>",
           f"<dt>Currency</dt><dd>{e(doc['currency'])} excluding VAT, {e(doc['inputs']['hours_per_month'])} hours a month</dd>"]
    if audit:
        s = audit["summary"]
        out.append(f"<dt>Audit</dt><dd>profile {e(audit.get('profile'))}, as of {e(audit.get('as_of'))}: "
                   f"{e(s.get('pass', 0))} pass, {e(s.get('fail', 0))} fail, {e(s.get('unknown', 0))} unknown, "
                   f"{e(s.get('skipped', 0))} skipped</dd>")
    out.append("</dl>")
    if not inv.get("complete", True):
        failed = ", ".join(str(f.get("scope", f)) if isinstance(f, dict) else str(f) for f in inv.get("failed_scopes", []))
        out.append(f'<p class="warn" role="alert"><strong>Partial inventory:</strong> these scopes could not be read: '
                   f"{e(failed)}. Totals cover only what was read.</p>")
    out.append(f"<p class=\"note\">Markers: {EST} estimate (offer sold on quote, priced by a stated rule); {UNV} unverified "
               "(a price or qualification the catalogue could not check against its source). Hover a figure for its "
               "formula or source.</p>")
    return "\n".join(out)


def _providers(doc: dict) -> str:
    providers, az = doc["providers"], doc["azure"]
    has_dist = any(p.get("effort_distribution") for p in providers)
    fig = _figure(charts.monthly_cost(providers, az["monthly_eur"]),
                  "Monthly run cost of each provider's scenario (bars) against Azure today (dashed line).",
                  "plan.json providers[].scenario.monthly_eur (every resource: hosted, self-managed, kept on Azure at its "
                  "Azure cost, or retired) and azure.monthly_eur. A lower bound (≥) leaves out lines without a figure.")
    headers = [("Provider", False), ("EUR/month", True), ("Range low", True), ("Range high", True), ("Verified", True),
               ("vs Azure", True), ("Effort likely (person-days)", True), ("Effort low", True), ("Effort high", True)]
    if has_dist:
        headers += [("Effort P50", True), ("Effort P90", True), ("Duration P50 (months)", True)]
    headers += [(d, True) for d in DISPOSITION_COLS] + [(s, True) for s in STATUS_COLS] + [
        ("Unpriced lines", True), ("Cost status", False), ("Non-EU law exposure", False), ("Qualifications", False)]
    rows = []
    for p in providers:
        sc = p["scenario"]
        delta = vs_azure(p, az)
        sort = "" if delta == "n/a" else delta.rstrip("%†")
        cells = [_t(p["name"], f"{p['legal_entity']} ({p['headquarters']})"),
                 _total_cell(sc, f"sum of the {p['id']} lines: every resource of the scenario"),
                 _n(sc["range_eur"]["low"], "sum of the lines' low figures (config uncertainty)"),
                 _n(sc["range_eur"]["high"], "sum of the lines' high figures (config uncertainty)"),
                 _t(verified_text(sc), f"{_money(sc['verified_eur'])} EUR/month read at a primary source"),
                 f'<td class="n" data-sort="{sort}" title="{e("scenario against Azure today over the same estate; † a side is a lower bound")}">{e(delta)}</td>',
                 _n(p["effort_days"]["likely"], "sum of resources[].targets.*.effort_days.likely (model: inputs.config.effort)", _days),
                 _n(p["effort_days"]["low"], fmt=_days), _n(p["effort_days"]["high"], fmt=_days)]
        if has_dist:
            d = p.get("effort_distribution") or {}
            how = f"{d.get('method', '')} over {d.get('samples', '')} samples, seed {d.get('seed', '')}"
            dur = d.get("duration_months") or {}
            cells += [_n(d.get("p50_days"), how, _days), _n(d.get("p90_days"), how, _days),
                      _n(dur.get("p50"), f"team of {d.get('team_size', '?')}, {d.get('days_per_month', '?')} days/month", _days)]
        cells += [_n(sc["by_disposition"][d]["resources"], f"{_money(sc['by_disposition'][d]['monthly_eur'])} EUR/month", _int)
                  for d in DISPOSITION_COLS]
        cells += [_n(p["status"][s], fmt=_int) for s in STATUS_COLS]
        cells += [_n(sc["unpriced_resources"], "lines without a figure: the total is a lower bound", _int),
                  _t(", ".join(f"{k} {v}" for k, v in p["cost_status"].items())),
                  _t("yes" if p["jurisdiction"]["non_eu_law_exposure"] else "no",
                     f"{p['jurisdiction']['details']} (source: {p['jurisdiction']['source']}, {p['jurisdiction']['as_of']})"),
                  f"<td>{_quals(p)}</td>"]
        rows.append("".join(cells))
    table = _table("providers-table", "Providers: each scenario's monthly run cost, effort and dispositions", headers, rows,
                   "Each scenario covers every resource: what the provider cannot host stays on Azure at its Azure cost. "
                   "≥: a lower bound; † a side of vs Azure is a lower bound. Effort in person-days; low-high is the "
                   "model's range.", nowrap=True)
    return fig + table


def _total_cell(t: dict, tip: str) -> str:
    """A total that sorts by its value and reads '≥ ...' when it is a lower bound."""
    return f'<td class="n" data-sort="{float(t["monthly_eur"])!r}" title="{e(tip)}">{e(total_text(t))}</td>'


def _days(v) -> str:
    return "unknown" if v is None else f"{v:,.1f}"


def _int(v) -> str:
    return "unknown" if v is None else f"{v:,.0f}"


def _quals(p: dict) -> str:
    out = []
    for q in p["qualifications"]:
        if q["status"] == "none":
            continue
        label = q["id"] + ("" if q["status"] in ("qualified", "certified") else f" ({q['status']})")
        tip = f"{q.get('scope') or ''} — source: {q['source']}, as of {q['as_of']}"
        out.append(f'<span title="{e(tip)}">{e(label)}</span>{UNV if q["unverified"] else ""}')
    return ", ".join(out) or "none listed"


def _tco(doc: dict) -> str:
    with_tco = [p for p in doc["providers"] if p.get("tco", {}).get("cumulative")]
    years = with_tco[0]["tco"].get("years")
    fig = _figure(charts.cumulative_tco(with_tco),
                  f"Cumulative cost over {years} years: migration one-off costs and run cost at each provider, "
                  "against staying on Azure.",
                  "plan.json providers[].tco.cumulative (provider_eur, azure_eur per month); formula in providers[].tco.formula.")
    one_off_keys = ["labour_eur", "egress_eur", "dual_running_eur", "training_eur", "forfeited_commitments_eur", "licences_eur"]
    headers = [("Provider", False), ("Run EUR/month", True), ("Run total", True)] + \
              [(k.removesuffix("_eur").replace("_", " "), True) for k in one_off_keys] + \
              [("One-off total", True), ("TCO total", True), ("Azure total", True), ("Break-even month", True)]
    rows = []
    for p in with_tco:
        t = p["tco"]
        oo = t.get("one_off", {})
        rows.append("".join([_t(p["name"], t.get("formula", "")), _n(t.get("run_monthly_eur")), _n(t.get("run_total_eur")),
                             *[_n(oo.get(k)) for k in one_off_keys], _n(t.get("one_off_total_eur")),
                             _n(t.get("total_eur"), t.get("formula", "")), _n(t.get("azure_total_eur")),
                             _n(t.get("break_even_month"), "first month where the cumulative provider cost is below Azure's",
                                lambda v: "never" if v is None else f"{v:,.0f}")]))
    return fig + _table("tco-table", f"Total cost of ownership over {years} years (EUR)", headers, rows,
                        "Hover a provider for the TCO formula; inputs are in plan.json providers[].tco.inputs.", nowrap=True)


def _effort(doc: dict) -> str:
    providers = doc["providers"]
    names = [p["name"] for p in providers]
    waves = (doc.get("waves") or {}).get("items") or []
    if waves:
        segments = [(f"wave {w['number']}", [w["effort_days"].get(p["id"], {}).get("likely", 0.0) for p in providers],
                     charts.SERIES[i % len(charts.SERIES)]) for i, w in enumerate(waves)]
        svg = charts.stacked("chart-effort", "Likely effort per provider, by migration wave", names, segments,
                             "person-days, likely")
        return _figure(svg, "Likely effort per provider, split by migration wave.",
                       "plan.json waves.items[].effort_days[provider].likely")
    # Group the resource lines by service class (a sum of figures the plan holds, nothing re-estimated).
    by_class: dict[str, dict[str, float]] = {}
    for r in doc["resources"]:
        cls = r["service_class"] or "(unmapped)"
        for pid, t in r["targets"].items():
            by_class.setdefault(cls, {}).setdefault(pid, 0.0)
            by_class[cls][pid] += t["effort_days"]["likely"]
    ranked = sorted(by_class, key=lambda c: (-sum(by_class[c].values()), c))
    top, rest = ranked[:TOP_CLASSES], ranked[TOP_CLASSES:]
    segments = [(c, [by_class[c].get(p["id"], 0.0) for p in providers], charts.SERIES[i]) for i, c in enumerate(top)]
    if rest:
        segments.append((f"{len(rest)} other classes", [sum(by_class[c].get(p["id"], 0.0) for c in rest) for p in providers],
                         "#cfcfcf"))
    svg = charts.stacked("chart-effort", "Likely effort per provider, by service class", names, segments,
                         "person-days, likely")
    fig = _figure(svg, f"Likely effort per provider, split by service class (the {TOP_CLASSES} largest, then the rest).",
                  "sum of plan.json resources[].targets[provider].effort_days.likely grouped by resources[].service_class; "
                  "model in inputs.config.effort")
    headers = [("Service class", False)] + [(p["id"], True) for p in providers]
    rows = ["".join([_t(c)] + [_n(by_class[c].get(p["id"]), fmt=_days) for p in providers]) for c in ranked]
    return fig + _table("effort-table", "Likely effort by service class and provider (person-days)", headers, rows)


def _waves(doc: dict) -> str:
    w = doc["waves"]
    providers = doc["providers"]
    headers = [("Wave", True), ("Resources", True), ("Groups", True), ("Data GB", True), ("Unknown size", True)] + \
              [(f"{p['id']} effort likely", True) for p in providers]
    rows = []
    for it in w["items"]:
        rows.append("".join([_n(it["number"], fmt=_int), _n(len(it["resources"]), fmt=_int), _n(it.get("groups"), fmt=_int),
                             _n(it.get("data_gb"), fmt=_days), _n(it.get("unknown_size"), fmt=_int)] +
                            [_n(it["effort_days"].get(p["id"], {}).get("likely"),
                                f"low {_days(it['effort_days'].get(p['id'], {}).get('low'))}, high "
                                f"{_days(it['effort_days'].get(p['id'], {}).get('high'))}", _days) for p in providers]))
    params = ", ".join(f"{k}: {v}" for k, v in sorted((w.get("parameters") or {}).items()))
    return _table("waves-table", "Migration waves (from the dependency graph)", headers, rows,
                  f"Parameters: {e(params) or 'none'}. Source: plan.json waves.items.")


def _status(doc: dict) -> str:
    providers = doc["providers"]
    segments = [(s, [p["status"][s] for p in providers], charts.STATUS_COLOURS[s]) for s in STATUS_COLS]
    svg = charts.stacked("chart-status", "Resources by mapping status per provider", [p["name"] for p in providers],
                         segments, "resources")
    return _figure(svg, "Resources by mapping status at each provider (equivalent, partial, self-managed, gap, retire, "
                        "unmapped).", "plan.json providers[].status")


def _kv(pairs: list[tuple[str, object, str]]) -> str:
    return '<dl class="kv">' + "".join(f'<dt>{e(k)}</dt><dd title="{e(tip)}">{e(v)}</dd>' for k, v, tip in pairs) + "</dl>"


def _transfer(t: dict) -> str:
    eg = t.get("egress") or {}
    box = t.get("data_box") or {}
    pairs = [("Data to move", f"{_days(t.get('data_gb'))} GB over {t.get('data_bearing_resources')} data-bearing resources "
                              f"({t.get('unknown_size_resources')} of unknown size)", "plan.json transfer.data_gb"),
             ("Transfer time", f"{_days(t.get('days'))} days at {t.get('bandwidth_mbps')} Mbit/s, efficiency "
                               f"{t.get('efficiency')} (throughput from {t.get('throughput_source')})",
              t.get("formula") or "plan.json transfer.days"),
             ("Offline transfer recommended", "yes" if t.get("offline_recommended") else "no",
              f"above {t.get('threshold_days')} days"),
             ("Egress cost", f"{_money(eg.get('eur'))} EUR; with the exit waiver {_money(eg.get('eur_with_waiver'))} EUR"
                             + (f"; counted: {eg['applied']}" if eg.get("applied") else ""),
              f"source: {eg.get('source')}, as of {eg.get('as_of')}")]
    if box:
        pairs.append(("Offline devices", f"{box.get('devices')} x {box.get('usable_tb_per_device')} TB",
                      f"source: {box.get('source')}, as of {box.get('as_of')}"))
    return _kv(pairs)


def _best_mix(b: dict) -> str:
    with_counts = any("resources" in a for a in b.get("assignment", []))
    headers = [("Service class", False), ("Provider", False)] + ([("Resources", True)] if with_counts else []) + \
              [("TCO EUR", True)]
    rows = ["".join([_t(a["service_class"]), _t(a["provider"])] + ([_n(a.get("resources"), fmt=_int)] if with_counts else [])
                    + [_n(a.get("tco_eur"))]) for a in b.get("assignment", [])]
    single = b.get("single_best") or {}
    single_text = (f"single best provider: {single.get('provider')} at {_money(single.get('tco_eur'))} EUR"
                   if single.get("provider") else "no single provider can host every class")
    unplaced = ", ".join(f"{u['service_class']} ({u.get('resources')})" for u in b.get("unplaced", []))
    note = (f"Mix TCO {e(_money(b.get('tco_eur')))} EUR over {e(', '.join(b.get('providers', [])))}; {e(single_text)}; "
            f"penalty per extra provider {e(_money(b.get('penalty_per_extra_provider_eur')))} EUR."
            + (f" Gaps at every provider (not placed): {e(unplaced)}." if unplaced else "")
            + f' <span title="{e(b.get("method", ""))}">Source: plan.json best_mix (hover for the method).</span>')
    return _table("best-mix-table", "Best mix: cheapest provider per service class", headers, rows, note)


def _azure_costs(c: dict) -> str:
    files = ", ".join(f"{f['file']} ({f['format']} {f.get('version') or ''}, {f['rows']} rows)" for f in c.get("files", []))
    um = c.get("unmatched_costs") or {}
    pairs = [("Basis", c.get("basis"), "effective = after discounts and commitments; billed = as invoiced"),
             ("Files", files, "plan.json azure_costs.files"),
             ("Months", ", ".join(c.get("months", [])), ""),
             ("Resources, per month", f"{_money(c.get('resources_monthly_eur'))} EUR", "plan.json azure_costs.resources_monthly_eur"),
             ("Shared charges, per month", f"{_money(c.get('shared_monthly_eur'))} EUR", "plan.json azure_costs.shared_charges"),
             ("Costs not matched to a resource", f"{um.get('resources', 0)} resources, {_money(um.get('monthly_eur'))} EUR/month", ""),
             ("Resources without a cost", (c.get("resources_without_cost") or {}).get("count"), ""),
             ("Exchange rates", ", ".join(f"{k} {v}" for k, v in sorted((c.get("exchange_rates") or {}).items())
                                          if not isinstance(v, (dict, list))), "")]
    return _kv(pairs)


def _gaps(doc: dict) -> str:
    headers = [("Provider", False), ("Severity", False), ("Service class", False), ("Resources", True),
               ("Data-bearing", False), ("Why it stays on Azure", False), ("Usual replacement", False),
               ("Azure EUR/month kept", True)]
    rows = []
    for p in doc["providers"]:
        for g in p["gaps"]:
            rows.append("".join([_t(p["name"]), f'<td data-sort="{ {"high": 0, "medium": 1}.get(g["severity"], 2)}">'
                                 f"{e(g['severity'])}</td>", _t(g["service_class"], g.get("title", "")),
                                 _n(g["resources"], fmt=_int), _t("yes" if g["data_bearing"] else "no"), _t(g["reason"]),
                                 _t(g.get("replacement") or ""),
                                 _n(g.get("residual_monthly_eur"), "the Azure cost these resources keep in the scenario"
                                    + (" (a lower bound)" if g.get("residual_lower_bound") else ""))]))
    if not rows:
        return "<p>No gaps at any provider.</p>"
    return _table("gaps-table", "What stays on Azure, per provider (nothing buildable there)", headers, rows,
                  "Source: plan.json providers[].gaps (reason and replacement from the provider catalogues).")


def _audit(audit: dict | None, note: str | None) -> str:
    if not audit:
        return ("<p>No audit in this report. Run <code>migrate audit PLAN.json --format json -o audit.json</code> and "
                "render again: <code>migrate report</code> reads <code>audit.json</code> beside the plan.</p>")
    out = []
    if note:
        out.append(f'<p class="warn" role="alert">{e(note)}</p>')
    out.append(_figure(charts.audit_summary(audit["summary"]),
                       f"Checks by result (profile {audit.get('profile')}, as of {audit.get('as_of')}).",
                       f"audit file: summary; checks run on {audit.get('plan', {}).get('file')}"))
    headers = [("Check", False), ("Result", False), ("Title", False), ("Reason", False), ("Legal basis", False),
               ("Resources", True)]
    order = {"FAIL": 0, "UNKNOWN": 1, "PASS": 2, "SKIPPED": 3}
    rows = []
    for c in audit["checks"]:
        basis = "; ".join(f"{b.get('regulation', '')} {b.get('article', '')}".strip() for b in c.get("legal_basis", []))
        links = " ".join(f'<a href="{e(b["source"])}">[source]</a>' for b in c.get("legal_basis", [])
                         if str(b.get("source", "")).startswith(("http://", "https://")))
        res = c.get("resources") or []
        rows.append("".join([_t(c["id"]), f'<td data-sort="{order.get(c["status"], 4)}" class="r-{e(c["status"])}">'
                             f"{e(c['status'])}</td>", _t(c.get("title")), _t(c.get("reason")),
                             f"<td>{e(basis)} {links}</td>",
                             _n(len(res), "\n".join(res[:20]) + (f"\n... {len(res) - 20} more" if len(res) > 20 else ""), _int)]))
    out.append(_table("audit-table", "Exit-readiness checks", headers, rows,
                      "Hover the resource count for the resources concerned. UNKNOWN means an input was missing."))
    return "\n".join(out)


def _resources(doc: dict) -> str:
    pids = [p["id"] for p in doc["providers"]]
    resources = doc["resources"]
    shown = resources
    note = ""
    if len(resources) > MAX_RESOURCE_ROWS:
        shown = sorted(resources, key=lambda r: (-(r["azure"]["monthly_eur"] or 0.0), r["id"]))[:MAX_RESOURCE_ROWS]
        note = (f"Showing the {MAX_RESOURCE_ROWS:,} resources with the largest Azure cost of {len(resources):,}; "
                "every resource is in plan.xlsx, resources.csv and plan.json. ")
    headers = [("Resource", False), ("Type", False), ("Service class", False), ("Resource group", False),
               ("Location", False), ("Azure EUR/month", True)] + [(f"{pid} EUR/month", True) for pid in pids]
    rows = []
    for r in shown:
        az = r["azure"]
        az_unv = not az.get("verified", True)
        cells = [_t(r["name"], r["id"]), _t(r["type"]), _t(r["service_class"] or "(unmapped)"), _t(r["resource_group"]),
                 _t(r["location"]),
                 _n(az["monthly_eur"], f"{az['formula'] or az['cost_status']}", extra=UNV if az_unv else "")]
        for pid in pids:
            t = r["targets"][pid]
            tip = (f"{t['disposition']} ({t['status']}): {t['offer_name'] or 'no offer'} ({t['cost_status']}). "
                   f"{t['formula'] or t['reason'] or ''}")
            cells.append(_n(t["monthly_eur"], tip, extra=_marks(t) +
                            f'<span class="st st-{t["status"]}">{STATUS_ABBR[t["status"]]}</span>'))
        rows.append("".join(cells))
    return _table("resources-table", "Resources: Azure cost and the line at each provider", headers, rows,
                  note + "Each provider cell: monthly EUR and status (eq equivalent, part partial, self self-managed, "
                  "GAP gap, ret retire, unm unmapped); hover for the offer and formula; \"unknown\" means usage-based "
                  "or no target.")


def _sources(doc: dict) -> str:
    inputs = doc["inputs"]
    out = ["<h3>Catalogues</h3><ul>"]
    out += [f"<li>{e(c['file'])} <small>(sha256 {e(c['sha256'])})</small></li>" for c in inputs["catalogs"]]
    out.append("</ul><h3>Providers: jurisdiction and qualifications</h3>")
    headers = [("Provider", False), ("What", False), ("Status", False), ("Source", False), ("As of", False)]
    rows = []
    for p in doc["providers"]:
        j = p["jurisdiction"]
        rows.append("".join([_t(p["name"]), _t("jurisdiction", j["details"]),
                             _t("exposed to non-EU law" if j["non_eu_law_exposure"] else "EU only"),
                             f"<td>{_link(j['source'])}{UNV if j['unverified'] else ''}</td>", _t(j["as_of"])]))
        for q in p["qualifications"]:
            rows.append("".join([_t(p["name"]), _t(q["id"], q.get("scope") or ""),
                                 _t(f"{q['status']}{' ' + q['version'] if q.get('version') else ''}"),
                                 f"<td>{_link(q['source'])}{UNV if q['unverified'] else ''}</td>", _t(q["as_of"])]))
        for obj, lv in ((p.get("sovereignty") or {}).get("objectives") or {}).items():
            level = "not assessed" if lv["level"] is None else f"SEAL-{lv['level']}"
            rows.append("".join([_t(p["name"]), _t(f"{obj} (EU Cloud Sovereignty Framework)", lv.get("rule") or ""),
                                 _t(f"{level}, {lv['basis']}"),
                                 f"<td>{_link(lv['source'])}{'' if lv.get('verified') else UNV}</td>",
                                 _t(lv["as_of"])]))
    out.append(_table("sources-table", "Sources of jurisdiction, qualification and sovereignty facts", headers, rows,
                      "Links open the source in your browser; the report itself never loads them. Every price's source "
                      "and date is in plan.json (providers[].offers, resources[].azure.sources) and plan.xlsx."))
    out.append("<h3>Effort model</h3>")
    params = [f"<tr><th scope=\"row\">{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _parameters(inputs["config"])]
    out.append('<table id="model-table"><caption>Effort model used (inputs.config in plan.json; override with --config)'
               '</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th></tr></thead><tbody>'
               + "".join(params) + "</tbody></table>")
    if doc["unmapped_types"]:
        out.append("<h3>Unmapped ARM types</h3><ul>")
        out += [f"<li><code>{e(u['type'])}</code>: {e(u['resources'])}</li>" for u in doc["unmapped_types"]]
        out.append("</ul>")
    if inputs["warnings"]:
        out.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{e(w)}</li>" for w in inputs["warnings"]) + "</ul>")
    return "\n".join(out)


def _parameters(d: dict, prefix: str = ""):
    """Flatten the model for reading: key paths, and low/likely/high triples spelled out."""
    for k in sorted(d):
        v, path = d[k], f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict):
            yield from _parameters(v, path)
        elif isinstance(v, list) and len(v) == 3 and all(isinstance(x, (int, float)) for x in v):
            yield path, f"low {v[0]}, likely {v[1]}, high {v[2]}"
        else:
            yield path, json.dumps(v) if isinstance(v, (list, bool)) or v is None else v


def _link(src: str | None) -> str:
    if src and str(src).startswith(("http://", "https://")):
        return f'<a href="{e(src)}">{e(src)}</a>'
    return e(src)
