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


def _sovereignty_for_alpha(assessment: dict, rule: str | None = None) -> dict:
    """The bundled framework block with SEAL levels for the frozen catalogue's provider alpha."""
    from migrate.catalog.load import catalog_dir
    bundled = yaml.safe_load((catalog_dir() / "sovereignty.yaml").read_text())
    level = {"level": 3, **({"rule": rule} if rule else {})}
    return {"schema_version": 1, "kind": "sovereignty", "framework": bundled["framework"],
            "providers": {"alpha": {"assessment": assessment,
                                    "objectives": {f"SOV-{i}": dict(level) for i in range(1, 9)}}}}


def test_sovereignty_levels_are_figures_with_provenance(run, tmp_path):
    d = _copy(tmp_path)
    sourced = {"source": "https://example.org/alpha-card", "as_of": "2026-11-02", "basis": "secondary"}
    (d / "sovereignty.yaml").write_text(yaml.safe_dump(_sovereignty_for_alpha(sourced), sort_keys=False))
    run("catalog", "validate", d, "--no-bundled-catalogs")
    # the provenance rules of every other figure apply: a private source is refused, level by level
    private = {**sourced, "source": "/home/analyst/alpha-card.html"}
    (d / "sovereignty.yaml").write_text(yaml.safe_dump(_sovereignty_for_alpha(private), sort_keys=False))
    result = run("catalog", "validate", d, "--no-bundled-catalogs", ok=False)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert "providers.alpha.objectives.SOV-1: sovereignty level" in first and "public" in first, first
    # a judged level states its rule on the level itself, under the assessment's basis
    judged = {"source": "https://example.org/alpha-facts", "as_of": "2026-11-02", "basis": "estimate-rule"}
    (d / "sovereignty.yaml").write_text(yaml.safe_dump(_sovereignty_for_alpha(judged, rule="Same facts as the card of a comparable operator: SEAL-3."), sort_keys=False))
    run("catalog", "validate", d, "--no-bundled-catalogs")
    (d / "sovereignty.yaml").write_text(yaml.safe_dump(_sovereignty_for_alpha(judged), sort_keys=False))
    assert run("catalog", "validate", d, "--no-bundled-catalogs", ok=False).exit_code == 1
