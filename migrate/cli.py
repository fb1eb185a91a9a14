"""Command line: parse options, call the pipeline, pick a renderer. No computation here."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import click

from . import __version__
from .cli_options import catalog_option, emit, import_inputs, import_options, listing_format, load_catalog_options
from .cli_pipeline import costs_options, estate_options, run_pipeline, tco_options
from .errors import MigrateError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A MigrateError as click shows it: one line on stderr, exit code 2."""

    exit_code = 2


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MigrateError as exc:
            raise UserError(str(exc)) from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="migrate")
def cli():
    """Plan an exit from Microsoft Azure to qualified European cloud providers.

    Start with `migrate plan --demo`: it maps the bundled health-data platform onto every
    catalogued provider and prints cost, effort and gaps.
    """


# ---------------------------------------------------------------- inventory
@cli.group()
def inventory():
    """Import Azure exports into one canonical inventory, and summarise it."""


@inventory.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Inventory file to write (JSON).")
@import_options
@catalog_option
def inventory_import(files, output, input_format, location, resource_group, catalog_dir, only_own):
    """Read FILES (az resource list, Resource Graph JSON/CSV, ARM templates) into one inventory.

    Unknown resource types are kept (the plan lists them as unmapped); template values that
    cannot be resolved statically are kept as raw expressions and listed in `unresolved`.
    """
    from .report.files import write_atomic
    from .report.render_json import render
    from .sources.canonical import to_document

    result = import_inputs(files, input_format, location, resource_group, load_catalog_options(catalog_dir, only_own))
    write_atomic(output, render(to_document(result.inventory, result.scope)))
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    click.echo(f"{len(result.inventory)} resources from {len(files)} file(s) written to {output}", err=True)


@inventory.command("show")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@import_options
@catalog_option
def inventory_show(files, fmt, input_format, location, resource_group, catalog_dir, only_own):
    """Summarise an inventory or export: counts by type, location and resource group."""
    from .inventory_summary import summarise_inventory, render_summary

    catalog = load_catalog_options(catalog_dir, only_own)
    result = import_inputs(files, input_format, location, resource_group, catalog)
    summary = summarise_inventory(result.inventory, catalog)
    click.echo(json.dumps(summary, indent=2, sort_keys=True) if fmt == "json" else render_summary(summary), nl=fmt == "json")
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


@inventory.command("azure")
@click.option("--subscription", "subscriptions", multiple=True, metavar="ID", help="Subscription to read (repeatable).")
@click.option("--all-subscriptions", is_flag=True, help="Read every subscription the identity can list.")
@click.option("--resource-group", "resource_groups", multiple=True, metavar="RG",
              help="Only these resource groups (repeatable).")
@click.option("--method", type=click.Choice(["arm", "graph"]), default="arm", show_default=True,
              help="arm: Resource Manager listing (+ properties of sizing types); graph: Azure Resource Graph.")
@click.option("--endpoint", default="https://management.azure.com", show_default=True,
              help="Resource Manager endpoint (sovereign clouds, or a test server).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Inventory file to write (JSON).")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@catalog_option
def inventory_azure(subscriptions, all_subscriptions, resource_groups, method, endpoint, output, quiet, catalog_dir,
                    only_own):
    """Read a live Azure estate through the Azure SDK into a canonical inventory.

    Credentials: the bearer token in AZURE_ACCESS_TOKEN if set (e.g. from `az account
    get-access-token`), else DefaultAzureCredential (az login, service principal variables,
    managed or workload identity). Tokens are never printed or written; secrets in resource
    properties are redacted as they are read. A subscription that refuses access is skipped,
    named on stderr and recorded in the file's scope, which is then marked incomplete.
    """
    from .inventory import dedupe_and_sort, from_records
    from .report.files import write_atomic
    from .report.render_json import render
    from .sources import azure_live, canonical

    if not subscriptions and not all_subscriptions:
        raise click.UsageError("give --subscription ID (repeatable) or --all-subscriptions")
    catalog = load_catalog_options(catalog_dir, only_own)
    show = not quiet and sys.stderr.isatty()

    def progress(sub: str, n: int) -> None:
        click.echo(f"\r{sub}: {n} resources", err=True, nl=False)

    records, scope = azure_live.collect(
        azure_live.credential_from_environment(), endpoint=endpoint, subscriptions=list(subscriptions),
        all_subscriptions=all_subscriptions, resource_groups=list(resource_groups) or None, method=method,
        progress=progress if show else None)
    if show:
        click.echo("", err=True)
    inventory, _ = dedupe_and_sort(from_records(records, catalog.vm_sizes))
    write_atomic(output, render(canonical.to_document(inventory, scope)))
    for w in scope.get("warnings", []):
        click.echo(f"warning: {w}", err=True)
    for failed in scope.get("failed_scopes", []):
        click.echo(f"error: {failed['scope']}: HTTP {failed['status']}: {failed['error']} (skipped; the inventory is "
                   "marked incomplete)", err=True)
    state = "complete" if scope.get("complete") else "INCOMPLETE"
    click.echo(f"{len(inventory)} resources from {len(scope.get('subscriptions', []))} subscription(s) written to "
               f"{output} ({state}; {scope.get('redacted_values', 0)} secret value(s) redacted)", err=True)


# ---------------------------------------------------------------- plan
@cli.command()
@estate_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Directory to write plan.json, plan.md, resources.csv, focus-projection.csv, report.html and plan.xlsx.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md", "csv"]), default="table", show_default=True,
              help="What to print on stdout.")
@costs_options
@click.option("--waves", "n_waves", type=click.IntRange(min=1), default=None,
              help="Group the move into N ordered waves of about equal effort (dependencies first).")
@click.option("--max-wave-days", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Instead of --waves: close a wave before it exceeds D working days of the team.")
@click.option("--team", "team", type=click.IntRange(min=1), default=None,
              help="People on the migration, for durations and --max-wave-days (default: programme.team_size).")
@tco_options
@import_options
@catalog_option
def plan(out_dir, fmt, n_waves, max_wave_days, **options):
    """Plan the exit of INPUTS (an inventory or any supported export) to European providers.

    For every resource and provider: status (equivalent, partial, self-managed, gap, retire,
    unmapped), the target offer and sizing rule, monthly cost against Azure list prices (or the
    actual bill with --costs), and effort in person-days (low/likely/high). Totals per provider are
    sums of those lines, with the effort as a distribution (P50/P90), a duration for the team, and
    a TCO over N years. --waves N or --max-wave-days D orders the move into waves that respect the
    dependency graph.
    """
    from .plan import plan_document, summarise
    from .plan_schema import validate_plan
    from .report import render_csv, render_json, render_markdown, render_table
    from .report.files import write_all

    if n_waves is not None and max_wave_days is not None:
        raise click.UsageError("give --waves or --max-wave-days, not both")
    # The dependency graph is shown in every written plan, but the terminal table alone does not need it.
    the_plan, model, _ = run_pipeline(**options, n_waves=n_waves, max_wave_days=max_wave_days,
                                      with_edges=out_dir is not None or fmt != "table")
    summary = summarise(the_plan)
    # The terminal table needs only the totals; skip the per-resource document unless it is written.
    doc = plan_document(the_plan, summary, include_resources=out_dir is not None or fmt != "table")
    if out_dir is not None:
        validate_plan(doc)
        from .report import render_focus, render_html, render_xlsx

        # Everything is rendered before anything is written: a failing renderer leaves no partial set.
        write_all({Path(out_dir) / "plan.json": render_json.render(doc),
                   Path(out_dir) / "plan.md": render_markdown.render(doc),
                   Path(out_dir) / "resources.csv": render_csv.render(doc),
                   Path(out_dir) / "focus-projection.csv": render_focus.render(doc, model["costs"].get("projection_month")),
                   Path(out_dir) / "report.html": render_html.render(doc),
                   Path(out_dir) / "plan.xlsx": render_xlsx.render(doc)})
    renderers = {"table": render_table.render, "json": render_json.render, "md": render_markdown.render,
                 "csv": render_csv.render}
    click.echo(renderers[fmt](doc), nl=False)
    if out_dir is not None:
        click.echo(f"wrote {out_dir}/plan.json, plan.md, resources.csv, focus-projection.csv, report.html, plan.xlsx", err=True)


# ---------------------------------------------------------------- catalog
@cli.group()
def catalog():
    """Inspect and validate provider catalogues."""


@catalog.command("validate")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--no-bundled-catalogs", "only_own", is_flag=True, help="Validate only DIRECTORY.")
def catalog_validate(directory, only_own):
    """Check catalogues against the schema and sourcing rules (bundled ones, plus DIRECTORY)."""
    from .catalog.load import validate_dir

    from .catalog.views import stale_warnings

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
    from .catalog.views import provider_rows

    emit(provider_rows(load_catalog_options(catalog_dir, only_own)), fmt)


@catalog.command("show")
@click.argument("provider")
@listing_format
@catalog_option
def catalog_show(provider, fmt, catalog_dir, only_own):
    """One provider: legal entity, jurisdiction, qualifications with sources, regions and every offer."""
    from .catalog.views import offer_rows

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
    from .catalog.views import coverage

    cells = coverage(load_catalog_options(catalog_dir, only_own), list(requirements))
    rows = [{"service_class": sc, **row} for sc, row in cells.to_dict("index").items()]
    emit(rows, fmt)


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
    from .refresh.run import refresh

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


# ---------------------------------------------------------------- other areas
# Each area keeps its commands in its own module (migrate/cli_<area>.py, built on cli_options) and
# registers them here, so that the commands of one area never sit in the middle of another's.
COMMAND_MODULES: list[str] = ["cli_audit", "cli_compare", "cli_costs", "cli_drill", "cli_graph", "cli_report"]


def _register_area_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f".{name}", __package__)
        for command in module.COMMANDS:
            cli.add_command(command)


_register_area_commands()


def main() -> None:
    """Console entry point."""
    cli(prog_name="migrate")
