"""`migrate inventory`: import exports into one canonical inventory, summarise it, read a live estate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .options import catalog_option, import_inputs, import_options, load_catalog_options

@click.group()
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
    from ..report.files import write_atomic
    from ..report.render_json import render
    from ..sources.inventory.canonical import to_document

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
    from ..inventory_summary import summarise_inventory, render_summary

    catalog = load_catalog_options(catalog_dir, only_own)
    result = import_inputs(files, input_format, location, resource_group, catalog)
    summary = summarise_inventory(result.inventory, catalog, result.scope.get("iac"))
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
    from ..inventory import dedupe_and_sort, from_records
    from ..report.files import write_atomic
    from ..report.render_json import render
    from ..sources.inventory import azure_live, canonical

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


COMMANDS = [inventory]
