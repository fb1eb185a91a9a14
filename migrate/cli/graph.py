"""`migrate graph`: the dependency graph of an inventory as DOT, Mermaid or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from ..bundled import demo_inventory
from .options import catalog_option, import_inputs, import_options, load_catalog_options

SUFFIXES = {".dot": "dot", ".gv": "dot", ".mmd": "mmd", ".mermaid": "mmd", ".json": "json"}


@click.command("graph")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--demo", is_flag=True, help="Graph the bundled health-data research platform.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write: .dot/.gv (Graphviz), .mmd (Mermaid) or .json.")
@click.option("--format", "fmt", type=click.Choice(["dot", "mmd", "json"]), default=None,
              help="Output format (default: from the file suffix).")
@import_options
@catalog_option
def graph(inputs, demo, output, fmt, input_format, location, resource_group, catalog_dir, only_own):
    """Write the dependency graph of INPUTS (an inventory or any supported export).

    An edge A -> B means A depends on B: a child on its parent, an extension (diagnostic
    setting) on its scope, a resource on every resource whose id it holds in its properties
    (NICs, disks, subnets, private endpoints, plans, key vaults, identities, ...). References to
    ids outside the inventory are drawn dashed and counted as external; cycles are listed.
    """
    from ..errors import MigrateError
    from ..estimate.graph import dependency_edges, graph_document
    from ..report.files import write_atomic
    from ..report.render_graph import RENDERERS

    if demo and inputs:
        raise click.UsageError("give INPUTS or --demo, not both")
    if not demo and not inputs:
        raise click.UsageError("give an inventory or export file, or --demo")
    fmt = fmt or SUFFIXES.get(Path(output).suffix.lower())
    if fmt is None:
        raise MigrateError(str(output), f"cannot tell the format from the suffix {Path(output).suffix!r}",
                           place="-o/--output", fix="name it .dot, .mmd or .json, or give --format")
    files = [demo_inventory()] if demo else list(inputs)
    result = import_inputs(files, input_format, location, resource_group,
                           load_catalog_options(catalog_dir, only_own))
    doc = graph_document(result.inventory, dependency_edges(result.inventory))
    write_atomic(output, RENDERERS[fmt](doc))
    s = doc["summary"]
    click.echo(f"{len(doc['nodes'])} resources, {s['edges']} dependencies, {len(s['cycles'])} cycle(s), "
               f"{s['external']['references']} reference(s) to {s['external']['ids']} id(s) outside the inventory "
               f"written to {output}", err=True)


COMMANDS = [graph]
