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
    """Check catalogues against the schema and sourcing rules (bundled ones, plus DIRECTORY)."""
    from ..catalog.load import validate_dir

    from ..catalog.views import stale_warnings

    cat, problems = validate_dir(directory, bundled=not only_own)
    for p in problems:
        click.echo(f"error: {p}", err=True)
    if problems:
        raise SystemExit(1)
    for w in stale_warnings(cat, datetime.date.today()):
        click.echo(f"warning: {w}", err=True)
    unverified = sum(1 for cs in cat.offers["components"] for c in cs if c["unverified"])
    total = sum(len(cs) for cs in cat.offers["components"])
    click.echo(f"ok: {len(cat.providers)} providers, {len(cat.offers)} offers, {len(cat.types)} Azure types, "
               f"{len(cat.service_classes)} service classes; every price and qualification sourced and dated; "
               f"{unverified} of {total} provider prices marked unverified")


@catalog.command("list")
@listing_format
@catalog_option
def catalog_list(fmt, catalog_dir, only_own):
    """Providers with jurisdiction, qualifications held, offers (SecNumCloud ones counted) and oldest as_of."""
    from ..catalog.views import provider_rows

    emit(provider_rows(load_catalog_options(catalog_dir, only_own)), fmt)


@catalog.command("show")
@click.argument("provider")
@listing_format
@catalog_option
def catalog_show(provider, fmt, catalog_dir, only_own):
    """One provider: legal entity, jurisdiction, qualifications with sources, regions and every offer."""
    from ..catalog.views import offer_rows

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
        click.echo("")
    emit(offer_rows(cat, provider), fmt)


@catalog.command("coverage")
@click.option("--require", "requirements", multiple=True, help="Count only offers holding this qualification.")
@listing_format
@catalog_option
def catalog_coverage(requirements, fmt, catalog_dir, only_own):
    """Service class x provider matrix: offer, self-managed, gap (explicit, with a reason) or gap? (no entry)."""
    from ..catalog.views import coverage

    cells = coverage(load_catalog_options(catalog_dir, only_own), list(requirements))
    rows = [{"service_class": sc, **row} for sc, row in cells.to_dict("index").items()]
    emit(rows, fmt)


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
@click.argument("feed", type=click.Choice(["azure", "ovhcloud", "scaleway", "outscale"]))
@click.option("--endpoint", default=None, help="Base URL of the price API (default: the provider's public API).")
@click.option("--region", default=None, help="Region to price (Azure: default the catalogue's, francecentral).")
@click.option("--catalog-dir", type=click.Path(path_type=Path), default=None,
              help="Refresh your own copy in this directory (created from the bundled file if absent).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def catalog_refresh(feed, endpoint, region, catalog_dir, dry_run):
    """Pull current list prices from a public, credential-free price API into a catalogue file.

    Refreshed prices are stamped with the API URL as source and today's date, and lose their
    `unverified` flag; prices the API does not list keep their old figures and are reported.
    """
    from ..refresh.run import refresh

    result = refresh(feed, endpoint=endpoint, region=region, own_dir=catalog_dir,
                     today=datetime.date.today().isoformat(), dry_run=dry_run)
    rows = [{"item": c.key, "field": c.field, "old": c.old, "new": c.new} for c in result.changes]
    if rows:
        emit(rows, "table")
    verb = "would change" if dry_run else ("changed" if result.written else "unchanged:")
    click.echo(f"{result.file}: {verb} {len(result.changes)} price(s) from {result.source}", err=True)
    if result.missing:
        click.echo(f"not listed by the API (kept as they were): {', '.join(result.missing[:20])}"
                   f"{' ...' if len(result.missing) > 20 else ''} ({len(result.missing)})", err=True)


COMMANDS = [catalog]
