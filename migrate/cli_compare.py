"""`migrate compare` and the TCO options shared with `migrate plan` (--years, --egress-waiver, --bandwidth-mbps, --drill-evidence)."""

from __future__ import annotations

from pathlib import Path

import click

from .bundled import demo_inventory
from .cli_options import catalog_option, import_inputs, import_options, load_catalog_options


def tco_options(f):
    """Options that set config section ``tco`` from the command line (they win over --config)."""
    f = click.option("--drill-evidence", type=click.Path(path_type=Path), default=None,
                     help="Evidence JSON of `migrate drill`: its measured throughput replaces the configured bandwidth.")(f)
    f = click.option("--bandwidth-mbps", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Sustained bandwidth out of Azure, Mbit/s (default tco.transfer.bandwidth_mbps, 1000).")(f)
    f = click.option("--egress-waiver", is_flag=True,
                     help="Count Microsoft's egress waiver for leaving customers (Azure Storage data only).")(f)
    f = click.option("--years", type=click.IntRange(1, 30), default=None,
                     help="TCO horizon in years (default tco.years, 3).")(f)
    return f


def apply_tco_options(config: dict, years, egress_waiver, bandwidth_mbps) -> dict:
    """The config with the command-line TCO options applied (plan.json records the result)."""
    tco = config["tco"]
    if years is not None:
        tco["years"] = years
    if egress_waiver:
        tco["egress"]["waiver"] = True
    if bandwidth_mbps is not None:
        tco["transfer"]["bandwidth_mbps"] = bandwidth_mbps
    return config


def load_drill(path):
    if path is None:
        return None, None
    from .estimate.transfer import check_drill_evidence
    from .sources.saved import load_drill_evidence

    return check_drill_evidence(str(path), load_drill_evidence(path)), Path(path).name


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--demo", is_flag=True, help="Compare for the bundled health-data research platform.")
@click.option("--provider", "providers", multiple=True, help="Provider id to compare (repeatable; default: all catalogued).")
@click.option("--require", "requirements", multiple=True,
              help="Keep only offers holding this qualification (repeatable); the best mix respects it.")
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="YAML overriding planning parameters (see examples/config.yaml, section tco).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@tco_options
@import_options
@catalog_option
def compare(inputs, demo, providers, requirements, config, fmt, years, egress_waiver, bandwidth_mbps, drill_evidence,
            input_format, location, resource_group, catalog_dir, only_own):
    """Providers side by side, ranked by TCO over N years, and the cheapest mix of providers.

    Per provider: run cost, one-off cost, TCO, break-even month against staying on Azure, effort,
    gaps by severity and qualifications. The best mix puts each service class at the provider where
    its TCO is lowest (never where it is a gap under --require), with a penalty per extra provider.
    """
    from .config import load_config
    from .plan import build_plan, plan_document, summarise
    from .report import render_compare

    if demo and inputs:
        raise click.UsageError("give INPUTS or --demo, not both")
    if not demo and not inputs:
        raise click.UsageError("give an inventory or export file, or --demo")
    model = apply_tco_options(load_config(config), years, egress_waiver, bandwidth_mbps)
    drill, drill_file = load_drill(drill_evidence)
    catalog = load_catalog_options(catalog_dir, only_own)
    result = import_inputs([demo_inventory()] if demo else list(inputs), input_format, location, resource_group, catalog)
    inventory = result.inventory.drop(columns=["properties", "tags"])
    the_plan = build_plan(inventory, catalog, providers=list(providers), requirements=list(requirements), config=model,
                          inventory_scope=result.scope, warnings=result.warnings)
    the_plan.drill, the_plan.drill_file = drill, drill_file
    doc = plan_document(the_plan, summarise(the_plan), include_resources=False)
    renderers = {"table": render_compare.render_table, "json": render_compare.render_json, "csv": render_compare.render_csv}
    click.echo(renderers[fmt](doc), nl=False)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


COMMANDS = [compare]
