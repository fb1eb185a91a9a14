"""`migrate compare`: providers side by side by TCO, and the cheapest mix of providers."""

from __future__ import annotations

import click

from .options import catalog_option, import_options
from .pipeline import costs_options, estate_options, run_pipeline, tco_options


@click.command()
@estate_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@costs_options
@click.option("--team", "team", type=click.IntRange(min=1), default=None,
              help="People on the migration, for the duration of the effort (default: programme.team_size).")
@tco_options
@import_options
@catalog_option
def compare(fmt, **options):
    """Providers side by side, ranked by TCO over N years, and the cheapest mix of providers.

    Per provider: run cost, one-off cost, TCO, break-even month against staying on Azure (its list
    prices, or the actual bill with --costs), effort, gaps by severity and qualifications. The best
    mix puts each service class at the provider where its TCO is lowest (never where it is a gap
    under --require), with a penalty per extra provider.
    """
    from ..plan import plan_document, summarise
    from ..report import render_compare

    the_plan, _, warnings = run_pipeline(**options)
    doc = plan_document(the_plan, summarise(the_plan), include_resources=False)
    renderers = {"table": render_compare.render_table, "json": render_compare.render_json, "csv": render_compare.render_csv}
    click.echo(renderers[fmt](doc), nl=False)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)


COMMANDS = [compare]
