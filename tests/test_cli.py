"""The CLI as a user meets it: help, version, the demo plan, the bundled estates, the README."""

import csv
import io
import json
import re
from pathlib import Path

import click
import pytest

from conftest import load_json

from migrate import __version__
from migrate.cli import cli
from migrate.plan_schema import plan_errors

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_version(run):
    assert run("--version").output.strip() == f"migrate, version {__version__}"


@pytest.mark.parametrize("path,cmd", list(_commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help(run, path, cmd):
    for flag in ("--help", "-h"):
        out = run(*path, flag).output
        assert "Usage: " in out
    assert cmd.help and len(cmd.help.strip()) > 20


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path, cmd in _commands(cli):
        if not isinstance(cmd, click.Group):
            assert f"migrate {' '.join(path)}" in readme, f"`migrate {' '.join(path)}` is not documented in README.md"


def test_demo_plan(run, tmp_path):
    result = run("plan", "--demo", "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    assert plan_errors(doc) == []
    providers = doc["inputs"]["providers"]
    assert len(providers) >= 3 and {"ovhcloud", "outscale", "scaleway"} <= set(providers)
    assert doc["inputs"]["inventory"]["resources"] == len(doc["resources"]) >= 150
    assert len({r["type"] for r in doc["resources"]}) >= 25
    for r in doc["resources"]:
        assert set(r["targets"]) == set(providers)                   # a status for every resource and provider
    for p in doc["providers"]:
        assert p["monthly_eur"] == round(sum(r["targets"][p["id"]]["monthly_eur"] or 0 for r in doc["resources"]), 2)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "resources.csv").read_text())))
    assert len(rows) == len(doc["resources"]) * len(providers)
    assert (tmp_path / "plan.md").read_text().startswith("# Azure exit plan")
    for p in providers:
        assert re.search(rf"^{re.escape(p)}\s", result.output, re.M)  # the terminal table lists every provider


def test_every_price_in_a_plan_is_sourced(run, tmp_path):
    run("plan", "--demo", "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    for p in doc["providers"]:
        for oid, offer in p["offers"].items():
            for c in offer["price"]:
                assert c["source"] and c["as_of"], (p["id"], oid)
    for r in doc["resources"]:
        for s in r["azure"]["sources"]:
            assert s["source"] and s["as_of"], r["id"]


@pytest.mark.parametrize("estate", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "inventories").glob("*/*.json")))
def test_bundled_estates_plan(run, tmp_path, estate):
    run("plan", ROOT / estate, "--provider", "ovhcloud", "--provider", "scaleway", "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    assert plan_errors(doc) == [] and doc["resources"]


def test_formats_on_stdout(run):
    src = ROOT / "tests/fixtures/import/graph_data.json"
    as_json = json.loads(run("plan", src, "--provider", "scaleway", "--format", "json").stdout)
    assert as_json["format"] == "migrate-plan"
    assert run("plan", src, "--provider", "scaleway", "--format", "csv").output.startswith("id,name,type")
    assert run("plan", src, "--provider", "scaleway", "--format", "md").output.startswith("# Azure exit plan")


def test_plan_needs_an_input(run):
    result = run("plan", ok=False)
    assert result.exit_code == 2 and "--demo" in result.output
