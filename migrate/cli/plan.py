"""`migrate plan`: the exit plan of an estate, printed and written as plan.json and its renderings."""

from __future__ import annotations

from pathlib import Path

import click

from .options import catalog_option, import_options
from .pipeline import costs_options, estate_options, run_pipeline, tco_options

@click.command()
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
    from ..plan import plan_document, summarise
    from ..plan_schema import validate_plan
    from ..report import render_csv, render_json, render_markdown, render_table
    from ..report.files import write_all

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
        from ..report import render_focus, render_html, render_xlsx

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


COMMANDS = [plan]
