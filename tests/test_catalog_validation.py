"""Catalogue validation: errors name the file, the key and the fix."""

import shutil

import pytest
import yaml

from conftest import TEST_CATALOG


def _copy(tmp_path):
    d = tmp_path / "cat"
    shutil.copytree(TEST_CATALOG, d)
    return d


def _edit(path, fn):
    doc = yaml.safe_load(path.read_text())
    fn(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


def test_frozen_catalog_is_valid(run):
    result = run("catalog", "validate", TEST_CATALOG, "--no-bundled-catalogs")
    assert "2 providers" in result.output


def test_bundled_catalogs_are_valid(run):
    result = run("catalog", "validate", ok=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok:")


@pytest.mark.parametrize("mutate,file,place,fix", [
    (lambda d: d["offers"][0].pop("source"), "alpha.yaml", "offers[0] (a-s).price[0]", "add `source:"),
    (lambda d: d["offers"][0].update(mapping="same"), "alpha.yaml", "offers[0].mapping", "use one of: equivalent"),
    (lambda d: d["offers"][0].update(service_class="compute.mainframe"), "alpha.yaml", "service_class", "azure.yaml"),
    (lambda d: d["offers"][0].update(qualifications=["c5"]), "alpha.yaml", "qualifications", "declare it"),
    (lambda d: d["provider"]["qualifications"][0].update(as_of="01/02/2026"), "alpha.yaml", "provider.qualifications[0].as_of", "YYYY-MM-DD"),
    (lambda d: d["offers"][0].update(quote_only=True), "beta.yaml", "offers[0]", "add the missing key"),
    (lambda d: d["offers"][0].update(colour="blue"), "beta.yaml", "offers[0]", "remove or rename the key"),
])
def test_invalid_catalog_error(run, tmp_path, mutate, file, place, fix):
    d = _copy(tmp_path)
    _edit(d / file, mutate)
    result = run("catalog", "validate", d, "--no-bundled-catalogs", ok=False)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert str(d / file) in first and place in first and fix in first, first
    # the planner refuses the same catalogue with exit code 2
    from conftest import GOLDEN
    plan = run("plan", GOLDEN / "inventory.json", "--catalog-dir", d, "--no-bundled-catalogs", ok=False)
    assert plan.exit_code == 2 and str(d / file) in plan.stderr


def test_malformed_yaml(run, tmp_path):
    d = _copy(tmp_path)
    (d / "beta.yaml").write_text("schema_version: 1\nkind: provider\nprovider: [unclosed\n")
    result = run("catalog", "validate", d, "--no-bundled-catalogs", ok=False)
    assert "malformed YAML" in result.stderr and "line" in result.stderr
