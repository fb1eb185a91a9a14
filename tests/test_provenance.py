"""Provenance of catalogue figures: what counts as a source, the rules `catalog validate` applies, the shares by basis."""

import datetime as dt
import json
import shutil

import pytest
import yaml

from conftest import FIXTURES, TEST_CATALOG

from migrate.catalog import provenance
from migrate.catalog.figures import document_figures
from migrate.catalog.load import load_catalog, read_yaml
from migrate.catalog.provenance import check_catalog, check_figures, source_problem

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("source,problem", [
    ("https://www.ovhcloud.com/en/public-cloud/prices/", None),
    ("OVHcloud Public Cloud contract, Annex 2 (2026)", None),
    ("https://github.com/ovh/docs/blob/develop/pages/storage_and_backup/object_storage/guide.en-gb.md", None),
    ("test", None),                                             # a word, not a path
    ("/work/shared/research/eu-providers.md [S20]", "local path"),
    ("./notes/prices.md", "local path"),
    ("provider_catalogs review of the provider's service list", "local path"),
    ("shared/research/eu-providers.md", "local path"),
    ("C:\\Users\\me\\quote.pdf", "local path"),
    ("file:///tmp/prices.csv", "local path"),
    ("https://github.com/ligoj/plugin-prov-outscale/blob/15cb4bf/src/test/resources/mock-server/outscale/v2/outscale-prices.csv",
     "test data"),
    ("https://example.org/project/tests/fixtures/prices.json", "test data"),
    ("https://example.org/testdata/retail.json?x=1", "test data"),
    ("", "no source"),
    (None, "no source"),
])
def test_what_counts_as_a_public_source(source, problem):
    found = source_problem(source)
    assert (found is None) if problem is None else (problem in found)


def _fig(**kw):
    base = {"file": "f.yaml", "owner": "p", "kind": "price", "place": "offers[0] (x).price[0]",
            "source": "https://example.org/prices", "as_of": "2026-11-01", "basis": "price-page", "rule": None,
            "offer_id": "x", "unit": "hour"}
    return {**base, **kw}


@pytest.mark.parametrize("figure,error", [
    (_fig(), None),
    (_fig(basis="estimate-rule"), "estimate-rule without its rule"),
    (_fig(basis="estimate-rule", rule="b3-32 price (price-page, 2026-10-28) / 2"), None),
    (_fig(basis="guess"), "unknown basis 'guess'"),
    (_fig(as_of="2027-01-01"), "after today"),
    (_fig(as_of=None), "has no as_of"),
    (_fig(source="/tmp/x.csv"), "local path"),
    (_fig(kind="region", source=None, as_of=None, basis=None), None),   # lenient until STRICT_BASIS
])
def test_rules_on_one_figure(figure, error):
    errors, _ = check_figures("f.yaml", [figure], TODAY, strict_basis=False)
    assert [e for e in errors if error is None or error not in e.problem] == ([] if error is None else [])
    if error:
        assert len(errors) == 1 and errors[0].place == figure["place"] and errors[0].fix


def test_warnings_unknown_date_staleness_and_missing_basis():
    figures = [_fig(as_of="unknown"), _fig(as_of="2024-05-01", place="p2"), _fig(basis=None, place="p3")]
    errors, warnings = check_figures("f.yaml", figures, TODAY, strict_basis=False)
    assert errors == []
    assert any("1 figure(s) observed on an unknown date, first offers[0] (x).price[0]" in w for w in warnings)
    assert any("observed before 2025-12-01 (oldest 2024-05-01 at p2)" in w for w in warnings)
    assert any("1 figure(s) without a basis" in w and "first p3" in w for w in warnings)


def _catalog_dir(tmp_path, edit=None):
    d = tmp_path / "cat"
    shutil.copytree(TEST_CATALOG, d)
    if edit:
        for name, fn in edit.items():
            doc = yaml.safe_load((d / name).read_text())
            fn(doc)
            (d / name).write_text(yaml.safe_dump(doc, sort_keys=False))
    return d


def _without_bases(doc):
    """The document with every basis removed (a catalogue written before bases existed)."""
    if isinstance(doc, dict):
        for k in [k for k in doc if k in ("basis", "price_basis")]:
            del doc[k]
        for v in doc.values():
            _without_bases(v)
    elif isinstance(doc, list):
        for v in doc:
            _without_bases(v)


def test_strict_basis_turns_a_missing_basis_into_an_error(tmp_path):
    d = _catalog_dir(tmp_path / "bare", {"alpha.yaml": _without_bases, "beta.yaml": _without_bases,
                                         "azure.yaml": _without_bases})
    cat = load_catalog(d, bundled=False)
    errors, warnings = check_catalog(cat.figures, TODAY, strict_basis=False)
    assert errors == [] and any("without a basis" in w for w in warnings)
    errors, _ = check_catalog(cat.figures, TODAY, strict_basis=True)
    # strict: a figure without a basis is an error
    assert errors and all("has no basis" in e.problem for e in errors)
    assert {e.file.split("/")[-1] for e in errors} == {"alpha.yaml", "beta.yaml", "azure.yaml"}
    # every figure given a basis: strict passes
    def give(doc):
        doc["provider"]["jurisdiction"]["basis"] = "provider-document"
        for q in doc["provider"]["qualifications"]:
            q["basis"] = "provider-document"
        for r in doc["provider"]["regions"]:
            r.update(basis="provider-document", source="https://example.org/regions", as_of="2026-01-01")
        for o in doc["offers"]:
            o["basis"] = "price-page"
        for g in doc.get("gaps") or []:
            g.update(basis="provider-document", source="https://example.org/products", as_of="2026-01-01")

    def give_azure(doc):
        doc["vm_sizes"]["price_basis"] = "price-page"
        for p in doc["prices"]:
            p["basis"] = "price-page"
        doc["regional_prices"]["westeurope"]["basis"] = "price-page"
        for p in doc["regional_prices"]["westeurope"]["prices"]:
            p["basis"] = "price-page"
        doc["egress"]["basis"] = "price-page"
    d = _catalog_dir(tmp_path, {"alpha.yaml": give, "beta.yaml": give, "azure.yaml": give_azure})
    errors, warnings = check_catalog(load_catalog(d, bundled=False).figures, TODAY, strict_basis=True)
    assert errors == [] and not any("without a basis" in w for w in warnings)


def test_every_figure_must_carry_a_basis():
    # Every bundled catalogue gives each figure a basis (docs/catalogue-format.md): a missing one is an error.
    assert provenance.STRICT_BASIS is True


def test_validate_refuses_local_paths_and_test_data(run, tmp_path):
    def bad(doc):
        doc["offers"][0]["price"][0]["source"] = "/work/shared/research/eu-providers.md"
        doc["offers"][1]["source"] = "https://github.com/x/y/blob/main/src/test/resources/mock-server/prices.csv"
    d = _catalog_dir(tmp_path, {"alpha.yaml": bad})
    result = run("catalog", "validate", d, "--no-bundled-catalogs", ok=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(str(d / "alpha.yaml") in ln and "offers[0] (a-s).price[0]" in ln and "is a local path" in ln
               and "fix: cite the public URL" in ln for ln in lines)
    assert any("offers[1] (a-m).price[0]" in ln and "names test data" in ln for ln in lines)


def test_validate_needs_a_rule_for_an_estimate(run, tmp_path):
    d = _catalog_dir(tmp_path, {"beta.yaml": lambda doc: doc["offers"][0].update(basis="estimate-rule")})
    result = run("catalog", "validate", d, "--no-bundled-catalogs", ok=False)
    assert "estimate-rule without its rule" in result.stderr and "add `rule:`" in result.stderr


def test_validate_prints_the_shares_by_basis(run, tmp_path):
    def mix(doc):
        for o in doc["offers"][:4]:
            o["basis"] = "public-api"
        doc["offers"][4]["basis"] = "estimate-rule"
        doc["offers"][4]["rule"] = "a-block price (public-api) x 2: the test provider doubles it"
        doc["offers"][5]["as_of"] = "unknown"
    d = _catalog_dir(tmp_path, {"alpha.yaml": mix})
    result = run("catalog", "validate", d, "--no-bundled-catalogs")
    # alpha: 9 prices (a-pg-4 has two): 4 public-api, 1 estimate-rule, the 4 others as the file gives them (price-page)
    assert "alpha.yaml: 9 prices: public-api 44%, price-page 44%, estimate-rule 11%; oldest observed 2026-01-01, " \
           "1 on an unknown date" in result.stdout
    assert "observed on an unknown date" in result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok:")


def test_list_and_show_say_how_prices_were_obtained(run, tmp_path):
    d = _catalog_dir(tmp_path, {"alpha.yaml": lambda doc: [o.update(basis="public-api") for o in doc["offers"][:3]]})
    rows = {r["provider"]: r for r in json.loads(run("catalog", "list", "--catalog-dir", d, "--no-bundled-catalogs",
                                                     "--format", "json").stdout)}
    assert rows["alpha"]["price_basis"] == "public-api 33%, price-page 67%" and rows["alpha"]["oldest_as_of"] == "2026-01-01"
    out = run("catalog", "show", "alpha", "--catalog-dir", d, "--no-bundled-catalogs").stdout
    assert "prices: 9 (public-api 33%, price-page 67%); oldest observation 2026-01-01" in out
    offers = {r["offer"]: r for r in json.loads(run("catalog", "show", "alpha", "--catalog-dir", d,
                                                    "--no-bundled-catalogs", "--format", "json").stdout)}
    assert offers["a-s"]["basis"] == "public-api" and offers["a-kms"]["basis"] == "price-page"


def test_figures_inherit_provenance_and_a_rule_stays_with_its_basis():
    doc = read_yaml(FIXTURES / "refresh" / "azure.yaml")
    doc["vm_sizes"]["sizes"]["Standard_D4s_v5"].update(basis="public-api", source="https://prices.azure.com/x",
                                                       as_of="2026-08-20")
    doc["regional_prices"]["westeurope"].update(basis="estimate-rule", rule="francecentral figure x 0.975 (test)")
    figs = {f["place"]: f for f in document_figures("azure.yaml", doc)}
    d4 = figs["vm_sizes.sizes.Standard_D4s_v5.linux_hour"]
    assert (d4["basis"], d4["rule"], d4["as_of"]) == ("public-api", None, "2026-08-20")
    d2 = figs["vm_sizes.sizes.Standard_D2s_v5.windows_hour"]
    assert d2["basis"] == "estimate-rule" and d2["rule"].startswith("hand-checkable") and d2["as_of"] == "2026-01-01"
    we = figs["regional_prices.westeurope.prices[0].price[0]"]
    assert we["basis"] == "estimate-rule" and we["rule"] == "francecentral figure x 0.975 (test)"
    assert figs["egress"]["basis"] == "price-page" and figs["egress"]["unit"] == "gb"
