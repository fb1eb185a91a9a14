"""The planning pipeline as the commands run it: options in, a Plan out (shared by `plan` and `compare`).

This is the one place that reads the inputs a plan needs (config, catalogues, inventory, cost export,
drill evidence) and hands them to the pure core, so both commands plan an estate the same way.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..bundled import demo_inventory
from .options import import_inputs, load_catalog_options
from ..errors import MigrateError


def estate_options(f):
    """INPUTS or --demo, the providers and requirements, and --config."""
    f = click.option("--config", type=click.Path(path_type=Path), default=None,
                     help="YAML overriding planning parameters: effort, programme, TCO, costs, audit labels "
                          "(see examples/config.yaml).")(f)
    f = click.option("--require", "requirements", multiple=True,
                     help="Keep only offers holding this qualification (secnumcloud, hds, c5, iso27001...; "
                          "repeatable); a resource with no qualified offer becomes a gap.")(f)
    f = click.option("--provider", "providers", multiple=True,
                     help="Provider id to plan for (repeatable; default: all catalogued).")(f)
    f = click.option("--prices", type=click.Path(path_type=Path), default=None, metavar="FILE",
                     help="CSV of your own quotes (provider,offer_id,monthly_eur,source,as_of[,unit]; see "
                          "`migrate catalog price-sheet`): they replace the catalogue's prices, with basis quote.")(f)
    f = click.option("--demo", is_flag=True, help="Use the bundled health-data research platform (inventories/).")(f)
    return click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))(f)


def costs_options(f):
    """--costs, --cost-basis and --usage: the Azure cost export as the Azure baseline, and usage quantities."""
    f = click.option("--usage", "usage_path", type=click.Path(path_type=Path), default=None, metavar="FILE",
                     help="YAML of usage quantities keyed by resource id or ARM type (stored GB, ingested GB, "
                          "requests, tokens...): they replace the defaults of config section `usage` on both sides.")(f)
    f = click.option("--cost-basis", type=click.Choice(["effective", "billed"]), default=None,
                     help="Cost column used with --costs (default: costs.basis in config, effective = amortised).")(f)
    return click.option("--costs", "cost_paths", multiple=True, metavar="PATH",
                        help="Azure cost export (FOCUS or classic; file, folder or glob; repeatable): its actual "
                             "monthly cost per resource replaces list prices as the Azure baseline "
                             "(see `migrate costs`).")(f)


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


def _config(path, years, egress_waiver, bandwidth_mbps, team) -> dict:
    """The config with the command-line options applied (plan.json records the result)."""
    from ..config import load_config

    config = load_config(path)
    tco = config["tco"]
    if years is not None:
        tco["years"] = years
    if egress_waiver:
        tco["egress"]["waiver"] = True
    if bandwidth_mbps is not None:
        tco["transfer"]["bandwidth_mbps"] = bandwidth_mbps
    if team is not None:
        config["programme"]["team_size"] = team
    return config


def _drill(path):
    if path is None:
        return None, None
    from ..estimate.transfer import check_drill_evidence
    from ..sources.saved.outputs import load_drill_evidence

    return check_drill_evidence(str(path), load_drill_evidence(path)), Path(path).name


def _usage(path, catalog) -> dict | None:
    if path is None:
        return None
    from ..estimate.quantities import check_usage_file
    from ..sources.usage import read_usage

    return check_usage_file(str(path), read_usage(Path(path)), {"gb_month", "gb", *catalog.meters})


def _quoted(catalog, path):
    """The catalogue with the user's own prices of ``path`` in place of its own (basis quote)."""
    from ..catalog.overrides import apply_prices
    from ..sources.prices import read_price_sheet

    sheet = read_price_sheet(path)
    return apply_prices(catalog, sheet.quotes, sheet.file, sheet.sha256)


def run_pipeline(*, inputs, demo, providers, requirements, config, cost_paths=(), cost_basis=None, usage_path=None,
                 years=None,
                 egress_waiver=False, bandwidth_mbps=None, drill_evidence=None, team=None, with_edges=False,
                 n_waves=None, max_wave_days=None, input_format="auto", location="francecentral",
                 resource_group=None, catalog_dir=None, only_own=False, prices=None):
    """Read every input, plan, and apply the cost export; returns (plan, config, import warnings)."""
    from ..labels import derive_labels
    from ..plan import build_plan

    if demo and inputs:
        raise click.UsageError("give INPUTS or --demo, not both")
    if not demo and not inputs:
        raise click.UsageError("give an inventory or export file, or --demo")
    model = _config(config, years, egress_waiver, bandwidth_mbps, team)
    drill, drill_file = _drill(drill_evidence)
    catalog = load_catalog_options(catalog_dir, only_own)
    if prices is not None:
        catalog = _quoted(catalog, prices)
    files = [demo_inventory()] if demo else list(inputs)
    result = import_inputs(files, input_format, location, resource_group, catalog)
    if result.inventory.empty:
        raise MigrateError(", ".join(str(f) for f in files), "no Azure resource in the input, so nothing to plan",
                           fix="check that the export covers the subscriptions or resource groups you mean to leave")
    # The graph reads properties, so it is built first, and only when asked: walking a million
    # resources' properties costs seconds.
    edges = None
    if with_edges or n_waves is not None or max_wave_days is not None:
        from ..estimate.graph import dependency_edges

        edges = dependency_edges(result.inventory)
    # The audit's labels are the only thing the rest of the plan needs from the tags: derive those small
    # columns, then let properties and tags go (it halves peak memory at scale).
    labels = derive_labels(result.inventory["tags"], model["audit"]["labels"])
    inventory, result.inventory = result.inventory.drop(columns=["properties", "tags"]).join(labels), None
    baseline = None
    if cost_paths:
        from .costs import read_baseline

        baseline = read_baseline(cost_paths, model)
    the_plan = build_plan(inventory, catalog, providers=list(providers), requirements=list(requirements),
                          config=model, inventory_scope=result.scope, warnings=result.warnings, edges=edges,
                          n_waves=n_waves, max_wave_days=max_wave_days, usage=_usage(usage_path, catalog),
                          usage_file=str(usage_path) if usage_path else None, cost_baseline=baseline,
                          cost_basis=cost_basis or model["costs"]["basis"])
    the_plan.drill, the_plan.drill_file = drill, drill_file
    return the_plan, model, result.warnings
