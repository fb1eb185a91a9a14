"""Options and helpers shared by the command modules (kept apart so each area's commands live in their own module)."""

from __future__ import annotations

import json
from pathlib import Path

import click

INPUT_FORMATS = ["auto", "az-resource-list", "resource-graph-json", "resource-graph-csv", "arm-template", "inventory",
                 "terraform-state", "terraform-show-json", "terraform-plan-json"]


def catalog_option(f):
    f = click.option("--no-bundled-catalogs", "only_own", is_flag=True,
                     help="Use only the catalogues of --catalog-dir, not the bundled ones.")(f)
    return click.option("--catalog-dir", type=click.Path(path_type=Path), default=None,
                        help="Directory of your own catalogues (e.g. contract prices); a file with the same name "
                             "as a bundled one replaces it, others are added.")(f)


def import_options(f):
    f = click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
                     help="Format of the input files (detected from their content by default).")(f)
    f = click.option("--location", default="francecentral", show_default=True,
                     help="Value of resourceGroup().location when reading ARM templates.")(f)
    f = click.option("--resource-group", default=None,
                     help="Resource group name for ARM templates (default: the file name).")(f)
    return f


def load_catalog_options(catalog_dir, only_own):
    from ..catalog.load import load_catalog

    if only_own and catalog_dir is None:
        raise click.UsageError("--no-bundled-catalogs needs --catalog-dir")
    return load_catalog(catalog_dir, bundled=not only_own)


def import_inputs(files, input_format, location, resource_group, catalog):
    from ..sources.inventory.importer import import_files

    return import_files([Path(f) for f in files], input_format=input_format, vm_sizes=catalog.vm_sizes,
                        location=location, resource_group=resource_group)


def emit(rows: list[dict], fmt: str) -> None:
    """Print rows as a table, JSON or CSV (one place for every listing command)."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        w.writeheader()
        w.writerows({k: (", ".join(v) if isinstance(v, list) else v) for k, v in r.items()} for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from tabulate import tabulate

        def cell(v):
            if not isinstance(v, list):
                return v
            return ", ".join(map(str, v[:4])) + (f" +{len(v) - 4}" if len(v) > 4 else "")

        shown = [{k: cell(v) for k, v in r.items()} for r in rows]
        click.echo(tabulate(shown, headers="keys", tablefmt="simple", disable_numparse=True))


def listing_format(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="Output format.")(f)
