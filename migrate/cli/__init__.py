"""Command line: parse options, call the pipeline, pick a renderer. No computation here.

One module per command group (inventory, plan, compare, catalog, costs, graph, report, audit,
drill, diff); each lists its commands in ``COMMANDS`` and is registered on the ``migrate`` group here.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from ..errors import MigrateError

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


COMMAND_MODULES = ["inventory", "plan", "compare", "catalog", "costs", "graph", "report", "audit", "drill", "diff"]


def _register() -> None:
    for name in COMMAND_MODULES:
        for command in importlib.import_module(f".{name}", __package__).COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console entry point."""
    cli(prog_name="migrate")
