"""A plan diff (migrate/diff.py) as a terminal table or as Markdown fit for a pull-request comment."""

from __future__ import annotations

from tabulate import tabulate

from ..diff import describe

_SHOWN = 20  # rows of a list before "and N more" (the JSON has them all)


def _money(x) -> str:
    return "n/a" if x is None else f"{x:,.2f}"


def _days(x) -> str:
    return "n/a" if x is None else f"{x:,.1f}"


def _change(d: dict, fmt=_money) -> str:
    """old -> new (+abs, +pct%)."""
    if d.get("abs") is None:
        return f"{fmt(d.get('old'))} -> {fmt(d.get('new'))}"
    if d["abs"] == 0:
        return f"{fmt(d['new'])} (=)"
    pct = f", {d['pct']:+.1f}%" if d.get("pct") is not None else ""
    return f"{fmt(d['old'])} -> {fmt(d['new'])} ({d['abs']:+,.2f}{pct})"


def _rules_lines(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        state = "FAILED" if r["triggered"] else "ok"
        out.append(f"{state}: {r['rule']}" + (f": {'; '.join(r['detail'])}" if r["detail"] else ""))
    return out


def _provider_rows(diff: dict) -> list[list]:
    rows = []
    for p in diff["providers"]:
        if p["in"] != "both":
            rows.append([p["id"], f"only in the {p['in']} plan", "", "", "", ""])
            continue
        rows.append([p["id"], _change(p["monthly_eur"]), _change(p["tco_total_eur"]),
                     _change(p["effort_days_likely"], _days), len(p["changes"]),
                     f"+{len(p['gaps']['new'])} / -{len(p['gaps']['closed'])}"])
    return rows


_HEADERS = ["provider", "EUR/month", "TCO EUR", "effort days (likely)", "disposition/offer changes", "gaps new/closed"]


def _names(items: list[dict]) -> str:
    shown = ", ".join(str(i.get("name") or i.get("id")) for i in items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def render_table(diff: dict, results: list[dict] | None = None) -> str:
    o, n, res = diff["old"], diff["new"], diff["resources"]
    out = [f"Plan diff: {o['file']} ({o['resources']} resources) -> {n['file']} ({n['resources']} resources)",
           f"Resources: +{len(res['added'])} added, -{len(res['removed'])} removed, {res['in_both']} in both",
           f"Azure today EUR/month: {_change(diff['azure']['monthly_eur'])}"]
    if diff.get("iac"):
        out.append(f"Not under IaC (resources): {_change(diff['iac']['not_under_iac'], lambda x: 'n/a' if x is None else f'{x:g}')}")
    if res["added"]:
        out.append(f"  added: {_names(res['added'])}")
    if res["removed"]:
        out.append(f"  removed: {_names(res['removed'])}")
    out += ["", tabulate(_provider_rows(diff), headers=_HEADERS, tablefmt="simple", disable_numparse=True)]
    for p in diff["providers"]:
        if p["in"] != "both":
            continue
        for c in p["changes"][:_SHOWN]:
            out.append(f"  {p['id']}: {c['name']} ({c['type']}): {describe(c['from'])} -> {describe(c['to'])}, EUR/month {_change(c['monthly_eur'])}")
        for g in p["gaps"]["new"]:
            out.append(f"  {p['id']}: new gap [{g['severity']}] {g['service_class']} ({g['resources']} resource(s))")
        for g in p["gaps"]["closed"]:
            out.append(f"  {p['id']}: closed gap [{g['severity']}] {g['service_class']}")
    if diff["audit"] is not None:
        out += ["", f"Audit: {len(diff['audit']['changes'])} check(s) changed, {diff['audit']['regressions']} regression(s)"]
        out += [f"  {c['id']}: {c['from']} -> {c['to']}" + (" (regression)" if c["regression"] else "")
                for c in diff["audit"]["changes"]]
    out += [f"note: {x}" for x in diff.get("audit_notes", [])]
    if results:
        out += [""] + _rules_lines(results)
    return "\n".join(out) + "\n"


def _md_table(rows: list[list], headers: list[str]) -> str:
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


def render_markdown(diff: dict, results: list[dict] | None = None) -> str:
    """Markdown for a pull-request comment: the summary first, lists folded in <details>."""
    o, n, res = diff["old"], diff["new"], diff["resources"]
    failed = [r for r in results or [] if r["triggered"]]
    md = ["### Exit plan diff", "",
          f"`{o['file']}` ({o['resources']} resources) → `{n['file']}` ({n['resources']} resources)" +
          (f"  \n**{len(failed)} --fail-on rule(s) triggered**" if failed else ""), "",
          f"- Resources: **+{len(res['added'])}** added, **-{len(res['removed'])}** removed, {res['in_both']} in both",
          f"- Azure today (EUR/month): {_change(diff['azure']['monthly_eur'])}"]
    if diff.get("iac"):
        i = diff["iac"]
        md.append(f"- Not under IaC: {_change(i['not_under_iac'], lambda x: 'n/a' if x is None else f'{x:g}')} resources; "
                  f"cost share {_change(i['cost_share_not_under_iac'], lambda x: 'n/a' if x is None else f'{x:.2%}')}")
    md += ["", _md_table(_provider_rows(diff), _HEADERS), ""]
    if res["added"] or res["removed"]:
        md += ["<details><summary>Resources added and removed</summary>", ""]
        md += [f"- added `{r['type']}` {r['name']}" for r in res["added"]]
        md += [f"- removed `{r['type']}` {r['name']}" for r in res["removed"]]
        md += ["", "</details>", ""]
    for p in diff["providers"]:
        if p["in"] != "both" or not (p["changes"] or p["gaps"]["new"] or p["gaps"]["closed"] or p["gaps"]["changed"]
                                     or p["dispositions"]):
            continue
        md += [f"<details><summary>{p['name']}: {len(p['changes'])} disposition/offer change(s), "
               f"{len(p['gaps']['new'])} new gap(s), {len(p['gaps']['closed'])} closed</summary>", ""]
        if p["dispositions"]:
            md += ["Resources by disposition: " + ", ".join(f"{k} {v['old']:g} → {v['new']:g}"
                                                            for k, v in p["dispositions"].items()), ""]
        if p["changes"]:
            md += [_md_table([[c["name"], f"`{c['type']}`", describe(c["from"]), describe(c["to"]),
                               _change(c["monthly_eur"])]
                              for c in p["changes"]], ["resource", "type", "from", "to", "EUR/month"]), ""]
        gaps = ([["new", g["severity"], g["service_class"], g["resources"], g.get("replacement") or ""] for g in p["gaps"]["new"]] +
                [["closed", g["severity"], g["service_class"], g["resources"], ""] for g in p["gaps"]["closed"]] +
                [["changed", f"{g['was']['severity']} → {g['severity']}", g["service_class"],
                  f"{g['was']['resources']} → {g['resources']}", ""] for g in p["gaps"]["changed"]])
        if gaps:
            md += [_md_table(gaps, ["gap", "severity", "service class", "resources", "replacement"]), ""]
        if p["repriced"]["resources"]:
            md += [f"{p['repriced']['resources']} resource(s) repriced with the same offer: "
                   f"{p['repriced']['monthly_eur']:+,.2f} EUR/month.", ""]
        md += ["</details>", ""]
    if diff["audit"] is not None and diff["audit"]["changes"]:
        md += ["#### Audit", "", _md_table([[c["id"], c["title"] or "", c["from"] or "-", c["to"] or "-",
                                              "regression" if c["regression"] else ""] for c in diff["audit"]["changes"]],
                                            ["check", "title", "from", "to", ""]), ""]
    md += [f"> {x}" for x in diff.get("audit_notes", [])]
    if results:
        md += ["#### --fail-on", ""] + [f"- {line}" for line in _rules_lines(results)] + [""]
    return "\n".join(md).rstrip() + "\n"

