"""`migrate catalog`: inspect, validate and refresh the provider catalogues."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..errors import MigrateError
from .options import catalog_option, emit, listing_format, load_catalog_options

@click.group()
def catalog():
    """Inspect and validate provider catalogues."""


@catalog.command("validate")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--no-bundled-catalogs", "only_own", is_flag=True, help="Validate only DIRECTORY.")
def catalog_validate(directory, only_own):
    """Check catalogues against the schema and sourcing rules (bundled ones, plus DIRECTORY).

    Every figure needs a public source (a URL or a public document's title: never a local path or
    test data), an observation date (`unknown` is warned) and a basis; an estimate-rule needs its
    rule. Prints, per file, the share of prices by basis and the oldest observation.
    """
    from ..catalog.load import validate_dir
    from ..catalog.provenance import check_catalog
    from ..catalog.views import price_provenance

    cat, problems = validate_dir(directory, bundled=not only_own)
    warnings: list[str] = []
    if cat is not None:
        errors, warnings = check_catalog(cat.figures, datetime.date.today())
        problems = problems + errors
    for p in problems:
        click.echo(f"error: {p}", err=True)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    # The shares are printed even when a rule fails: they say how far the sourcing has come.
    for file, figs in (cat.figures.groupby("file", sort=True) if cat is not None else []):
        prov = price_provenance(figs)
        if prov["prices"]:
            click.echo(f"{Path(file).name}: {prov['prices']} prices: {prov['shares']}; oldest observed "
                       f"{prov['oldest_observed'] or 'unknown'}"
                       + (f", {prov['unknown_dates']} on an unknown date" if prov["unknown_dates"] else ""))
    if problems:
        raise SystemExit(1)
    unverified = sum(1 for cs in cat.offers["components"] for c in cs if c["unverified"])
    total = sum(len(cs) for cs in cat.offers["components"])
    click.echo(f"ok: {len(cat.providers)} providers, {len(cat.offers)} offers, {len(cat.types)} Azure types, "
               f"{len(cat.service_classes)} service classes; every figure sourced and dated; "
               f"{unverified} of {total} provider prices unverified")


@catalog.command("list")
@listing_format
@catalog_option
def catalog_list(fmt, catalog_dir, only_own):
    """Providers with jurisdiction, qualifications held, offers (SecNumCloud ones counted), the share of prices
    by basis (how each was obtained) and the oldest observation date."""
    from ..catalog.views import provider_rows

    emit(provider_rows(load_catalog_options(catalog_dir, only_own)), fmt)


@catalog.command("show")
@click.argument("provider")
@listing_format
@catalog_option
def catalog_show(provider, fmt, catalog_dir, only_own):
    """One provider: legal entity, jurisdiction, qualifications with sources, regions and every offer."""
    from ..catalog.views import offer_rows, price_provenance

    cat = load_catalog_options(catalog_dir, only_own)
    if provider not in cat.providers:
        raise MigrateError(None, f"unknown provider {provider!r}", fix=f"use one of {', '.join(sorted(cat.providers))}")
    p = cat.providers[provider]
    if fmt == "table":
        click.echo(f"{p.name} — {p.legal_entity} ({p.headquarters})")
        click.echo(f"jurisdiction: {'EXPOSED to non-EU law' if p.non_eu_law_exposure else 'EU only'}: "
                   f"{p.jurisdiction_details} [{p.jurisdiction_source}, {p.jurisdiction_as_of}"
                   f"{', unverified' if p.jurisdiction_unverified else ''}]")
        for q in p.qualifications:
            click.echo(f"qualification: {q.id} {q.status}{' ' + q.version if q.version else ''}"
                       f"{' — ' + q.scope if q.scope else ''} [{q.source}, {q.as_of}{', unverified' if q.unverified else ''}]")
        click.echo("regions: " + ", ".join(f"{r.id} ({r.city}, {r.country})" for r in p.regions))
        prov = price_provenance(cat.figures[cat.figures["owner"] == provider])
        click.echo(f"prices: {prov['prices']} ({prov['shares'] or 'none'}); oldest observation "
                   f"{prov['oldest_observed'] or 'unknown'}"
                   + (f"; {prov['unknown_dates']} observed on an unknown date" if prov["unknown_dates"] else ""))
        click.echo("")
    emit(offer_rows(cat, provider), fmt)


@catalog.command("price-sheet")
@click.argument("provider")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True, metavar="FILE.csv",
              help="Where to write the price sheet (CSV, UTF-8).")
@catalog_option
def catalog_price_sheet(provider, output, catalog_dir, only_own):
    """Write a price sheet of every offer of PROVIDER for its sales team to complete.

    One line per offer and price unit, with the catalogue's current price (catalogue_eur, per
    instance a month or per unit), how it was obtained and when. Fill monthly_eur, source (the
    quote's reference) and as_of (its date) on the lines you have quotes for; lines left empty
    keep the catalogue price. Then plan with `--prices FILE.csv`.
    """
    import csv
    import io

    from ..catalog.overrides import SHEET_COLUMNS, price_sheet_rows
    from ..report.files import write_atomic

    rows = price_sheet_rows(load_catalog_options(catalog_dir, only_own), provider)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SHEET_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(output, buf.getvalue())
    click.echo(f"wrote {output}: {len(rows)} line(s) for {provider}; fill monthly_eur, source and as_of, "
               f"then plan with --prices {output}", err=True)


@catalog.command("coverage")
@click.option("--require", "requirements", multiple=True, help="Keep only offers holding this qualification.")
@click.option("--provider", "providers", multiple=True,
              help="Show this provider's cells one per line, with the source and date of each (repeatable).")
@listing_format
@catalog_option
def catalog_coverage(requirements, providers, fmt, catalog_dir, only_own):
    """Service class x provider cells as the mapping decides them: equivalent, partial, self-managed (the class's
    pattern built on the provider's own offers) or gap (stays on Azure), each with its evidence's source and date.

    The table is the matrix; --provider, --format json and --format csv give one line per cell with its source.
    """
    from ..catalog.views import coverage

    cat = load_catalog_options(catalog_dir, only_own)
    unknown = [p for p in providers if p not in cat.providers]
    if unknown:
        raise MigrateError(None, f"unknown provider(s): {', '.join(unknown)}", place="--provider",
                           fix=f"use one of {', '.join(sorted(cat.providers))}")
    cells = coverage(cat, list(requirements))
    if providers:
        cells = cells[cells["provider"].isin(providers)]
    if fmt != "table" or providers:
        keep = ["service_class", "provider", "status", "offer_id", "source", "as_of", "withdrawn", "reason"]
        emit([{k: (None if v != v else v) for k, v in row.items()} for row in cells[keep].to_dict("records")], fmt)
        return
    short = {"equivalent": "eq", "partial": "part", "self-managed": "self", "gap": "GAP"}
    matrix = cells.assign(cell=[short.get(s, s) + ("" if isinstance(src, str) else "?")
                                for s, src in zip(cells["status"], cells["source"])]).pivot(
        index="service_class", columns="provider", values="cell")
    emit([{"service_class": sc, **row} for sc, row in matrix.to_dict("index").items()], "table")
    click.echo("eq equivalent, part partial, self self-managed (the class's pattern on the provider's own offers), "
               "GAP stays on Azure; ? no source recorded for the cell. `--provider P` lists sources and dates.")


@catalog.command("sovereignty")
@click.option("--detail", is_flag=True, help="Every level with its source, date, basis and rule (table format).")
@listing_format
@catalog_option
def catalog_sovereignty(detail, fmt, catalog_dir, only_own):
    """SEAL level (0-4) per sovereignty objective SOV-1 ... SOV-8 of each provider (EU Cloud Sovereignty
    Framework), the overall SEAL, the weighted reading and where each level comes from."""
    from ..catalog.sovereignty import OBJECTIVES, rows

    cat = load_catalog_options(catalog_dir, only_own)
    sov = cat.sovereignty
    if sov is None:
        raise MigrateError(str(catalog_dir or "provider_catalogs"), "no sovereignty catalogue (kind: sovereignty)",
                           fix="add sovereignty.yaml (see docs/catalogue-format.md)")
    if fmt == "json":
        import json

        click.echo(json.dumps({"framework": sov["framework"], "weights_pct": sov["weights"],
                               "assessments": sov["assessments"], "providers": sov["providers"]},
                              indent=2, ensure_ascii=False, sort_keys=True))
        return
    table = rows(sov, cat.providers)
    if fmt == "csv":
        emit(table, fmt)
        return
    fw = sov["framework"]
    click.echo(f"{fw['title']} {fw['version']} ({fw['publisher']}): {fw['url']}")
    click.echo("weights: " + ", ".join(f"{o} {sov['weights'][o]:g} %" for o in OBJECTIVES))
    click.echo("levels: " + "; ".join(f"{k} {v.split(' (')[0]}" for k, v in sorted(fw["levels"].items())) + "\n")
    shown = [{"provider": r["provider"], **{o: "?" if r[o] is None else r[o] for o in OBJECTIVES},
              "overall": "?" if r["overall_seal"] is None else f"SEAL-{r['overall_seal']}",
              "score %": "?" if r["weighted_score_pct"] is None else r["weighted_score_pct"],
              "basis": r["basis"] or "-"} for r in table]
    emit(shown, "table")
    click.echo("")
    for pid in sorted(sov["providers"]):
        levels = sov["providers"][pid]
        click.echo(f"{pid}: " + "; ".join(sorted({f"{v['source']} ({v['basis']}, {v['as_of']})"
                                                  for v in levels.values()})))
        if detail and sov["assessments"][pid].get("note"):
            click.echo(f"  {sov['assessments'][pid]['note']}")
        if detail:
            for o, v in levels.items():
                if v.get("rule") or v.get("note"):
                    click.echo(f"  {o} SEAL-{v['level']}: {v.get('rule') or v.get('note')}")
    click.echo(f"\n{fw['score_rule']}\nframework facts: {fw['source']} ({fw['basis']}, {fw['as_of']})")


@catalog.command("refresh")
@click.argument("feed", type=click.Choice(["azure", "ovhcloud", "scaleway", "outscale", "otc", "stackit"]))
@click.option("--endpoint", default=None, help="Base URL of the price API (default: the provider's public API).")
@click.option("--region", default=None,
              help="Region to price (Azure: default the catalogue's, francecentral; another region fills its "
                   "regional_prices block; Scaleway zone fr-par-1, Outscale eu-west-2, OTC eu-de, STACKIT eu01).")
@click.option("--catalog-dir", type=click.Path(path_type=Path), default=None,
              help="Refresh your own copy in this directory (created from the bundled file if absent).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def catalog_refresh(feed, endpoint, region, catalog_dir, dry_run):
    """Pull current list prices from a public, credential-free price API into a catalogue file.

    Refreshed prices get the API URL as source, basis public-api and the day the API answered (its
    HTTP Date header, else today) as as_of; prices the API does not list keep their old figures and
    provenance and are reported. Offers are matched by their `price_key`.
    """
    from ..refresh.run import refresh

    result = refresh(feed, endpoint=endpoint, region=region, own_dir=catalog_dir,
                     today=datetime.date.today().isoformat(), dry_run=dry_run)
    rows = [{"item": c.key, "field": c.field, "old": c.old, "new": c.new} for c in result.changes]
    if rows:
        emit(rows, "table")
    verb = "would change" if dry_run else ("changed" if result.changes else "unchanged:")
    click.echo(f"{result.file}: {verb} {len(result.changes)} price(s) from {result.source} "
               f"(observed {result.observed}){'; re-stamped' if result.written and not result.changes else ''}", err=True)
    if result.missing:
        click.echo(f"not listed by the API (kept as they were): {', '.join(result.missing[:20])}"
                   f"{' ...' if len(result.missing) > 20 else ''} ({len(result.missing)})", err=True)


COMMANDS = [catalog]
