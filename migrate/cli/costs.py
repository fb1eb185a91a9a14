"""`migrate costs`: totals of an Azure cost export (FOCUS or classic), and the per-resource monthly baseline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from ..errors import MigrateError


def read_baseline(paths, config: dict, currency: str = "EUR", quantities: bool = False):
    """Scan the export(s) with the engine limits from config and build the baseline.

    ``quantities``: the same scan also groups consumed quantities per resource and meter
    (``baseline.quantities``; ``cost_baseline.monthly_quantities`` averages them).
    """
    from ..cost_baseline import build
    from ..sources.costs.export import aggregate

    section = config["costs"]
    agg = aggregate(list(paths), memory_limit=str(section.get("memory_limit") or "1GB"),
                    threads=section.get("threads"), quantities=quantities)
    return build(agg.rows, agg.files, rates=section.get("exchange_rates") or {}, currency=currency,
                 warnings=agg.warnings, quantities=agg.quantities)


def _table(t: dict, basis: str, top: int) -> str:
    from tabulate import tabulate

    cur = t["currency"]
    head = [f"{len(t['files'])} file(s): " + ", ".join(
                f"{Path(f['file']).name} ({f['format']}{' ' + f['version'] if f['version'] else ''}, {f['rows']:,} rows)"
                for f in t["files"][:5]) + (" ..." if len(t["files"]) > 5 else ""),
            f"billing currency: {', '.join(t['billing_currencies'])}; amounts in {cur}"
            + "".join(f"; {c} at {r['rate']} EUR ({r['source']}, {r['as_of']}{', unverified' if r.get('unverified') else ''})"
                      for c, r in t["exchange_rates"].items()),
            f"months: {', '.join(t['months'])}; complete: {', '.join(t['complete_months']) or 'none'}",
            f"total: billed {t['total']['billed_cost']:,.2f} {cur}, effective {t['total']['effective_cost']:,.2f} {cur}"]

    def block(title, rows, keys, limit=None):
        shown = rows if limit is None else rows[:limit]
        body = [[*(r.get(k) if r.get(k) is not None else "(none)" for k in keys), f"{r['billed_cost']:,.2f}",
                 f"{r['effective_cost']:,.2f}", f"{r['rows']:,}"] for r in shown]
        more = f"\n... {len(rows) - len(shown)} more (use --format json or csv)" if len(shown) < len(rows) else ""
        return f"\n{title}\n" + tabulate(body, headers=[*keys, f"billed {cur}", f"effective {cur}", "rows"],
                                          tablefmt="simple", disable_numparse=True) + more

    parts = ["\n".join(head),
             block("By month", t["by_month"], ["month"]),
             block("By service", t["by_service"], ["service"]),
             block("By resource group", t["by_resource_group"], ["resource_group"]),
             block(f"Top resources (by {basis} cost)", t["by_resource"], ["resource_id"], top),
             block("Shared charges (not attributed to a resource)", t["shared"], ["kind"])]
    return "\n".join(parts) + "\n" + "".join(f"warning: {w}\n" for w in t["warnings"])


def _csv(t: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["dimension", "key", "month", "billed_cost", "effective_cost", "rows", "currency"])
    dims = [("month", "by_month", "month", None), ("service", "by_service", "service", None),
            ("service_month", "by_service_month", "service", "month"),
            ("resource_group", "by_resource_group", "resource_group", None),
            ("resource", "by_resource", "resource_id", None), ("shared", "shared", "kind", None)]
    for dim, name, key, month in dims:
        rows = sorted(t[name], key=lambda r: (str(r.get(key) or ""), str(r.get(month) or "")))
        for r in rows:
            w.writerow([dim, r.get(key) or "", r.get(month) or (r["month"] if dim == "month" else ""),
                        f"{r['billed_cost']:.2f}", f"{r['effective_cost']:.2f}", r["rows"], t["currency"]])
    return buf.getvalue()


@click.command("costs")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Totals by month, service, resource group, resource and shared charge.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the per-resource monthly baseline (CSV: one row per resource or shared charge kind, one "
                   "column per complete month, and the monthly average).")
@click.option("--cost-basis", type=click.Choice(["effective", "billed"]), default=None,
              help="Cost column of the baseline written by -o (default: costs.basis in config, effective).")
@click.option("--currency", type=click.Choice(["EUR", "billing"]), default="EUR", show_default=True,
              help="EUR converts with costs.exchange_rates; billing keeps the export's single billing currency.")
@click.option("--top", type=int, default=20, show_default=True, help="Resources shown in the table.")
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="YAML overriding defaults (exchange rates, engine memory limit; see examples/config.yaml).")
def costs(paths, fmt, output, cost_basis, currency, top, config):
    """Totals of an Azure cost export: PATHS are files, folders of a partitioned export, or globs.

    Reads FOCUS 1.0, 1.1 and 1.2 (with Azure's x_ columns) and Cost Management's classic
    actual/amortised cost CSV (EA and MCA), as CSV, CSV.gz or Parquet, detected from the header.
    The files are scanned out of core by DuckDB; only grouped rows come back into memory.
    """
    from ..config import load_config
    from ..cost_baseline import resource_monthly, totals
    from ..report.files import write_atomic

    model = load_config(config)
    basis = cost_basis or model["costs"]["basis"]
    baseline = read_baseline(paths, model, currency)
    if not len(baseline.rows):
        raise MigrateError(str(paths[0]), "the export holds no charge rows", fix="check the export's date range")
    t = totals(baseline)
    if output is not None:
        write_atomic(output, resource_monthly(baseline, basis).to_csv(index=False, lineterminator="\n"))
    if fmt == "json":
        click.echo(json.dumps(t, indent=2, ensure_ascii=False, sort_keys=True))
    elif fmt == "csv":
        click.echo(_csv(t), nl=False)
    if fmt != "table":
        for w in t["warnings"]:
            click.echo(f"warning: {w}", err=True)
    else:
        click.echo(_table(t, basis, top), nl=False)
    if output is not None:
        click.echo(f"wrote the {basis} monthly baseline over {', '.join(baseline.complete_months) or 'no month'} "
                   f"to {output}", err=True)


COMMANDS = [costs]
