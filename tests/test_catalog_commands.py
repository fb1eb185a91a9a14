"""`migrate catalog list|show|coverage` and coverage rules over the bundled catalogues."""

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import TEST_CATALOG

from migrate.catalog.load import load_catalog
from migrate.catalog.views import coverage, stale_warnings
from migrate.sources.inventory.importer import import_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled():
    return load_catalog()


def test_list_shows_ten_providers_with_secnumcloud_offers(run):
    rows = json.loads(run("catalog", "list", "--format", "json").stdout)
    assert len(rows) >= 10
    by_id = {r["provider"]: r for r in rows}
    for pid in ("ovhcloud", "outscale", "scaleway", "cloudtemple", "s3ns", "numspot", "orange-cloudavenue",
                "ionos", "stackit", "otc"):
        assert pid in by_id
    for r in rows:
        # a provider said to hold SecNumCloud has offers carrying it, and the other way round
        assert ("secnumcloud" in r["qualifications"]) == (r["secnumcloud_offers"] > 0), r["provider"]
        assert r["oldest_as_of"]


def test_show_provider(run, frozen):
    out = run("catalog", "show", "alpha", *frozen).output
    assert "Alpha SAS" in out and "secnumcloud qualified 3.2" in out and "a-m" in out
    rows = json.loads(run("catalog", "show", "alpha", *frozen, "--format", "json").stdout)
    a_m = next(r for r in rows if r["offer"] == "a-m")
    assert a_m["eur_month"] == 73.0 and a_m["qualifications"] == ["hds", "secnumcloud"]
    bad = run("catalog", "show", "nimbus", *frozen, ok=False)
    assert bad.exit_code == 2 and "alpha" in bad.stderr


def test_coverage_on_frozen_catalog(run, frozen):
    cells = {(r["service_class"], r["provider"]): r
             for r in json.loads(run("catalog", "coverage", *frozen, "--format", "json").stdout)}
    assert cells[("compute.vm", "alpha")]["status"] == "equivalent" and cells[("compute.vm", "beta")]["status"] == "equivalent"
    assert cells[("db.postgresql", "beta")]["status"] == "self-managed"        # its own self-managed offer
    assert cells[("db.document", "alpha")]["status"] == "gap"                  # explicit gap, no pattern in the frozen taxonomy
    assert "no document database" in cells[("db.document", "alpha")]["reason"]
    req = {(r["service_class"], r["provider"]): r for r in json.loads(
        run("catalog", "coverage", *frozen, "--require", "secnumcloud", "--format", "json").stdout)}
    assert req[("compute.vm", "beta")]["status"] == "gap" and req[("compute.vm", "alpha")]["status"] == "equivalent"
    table = run("catalog", "coverage", *frozen).stdout
    assert "compute.vm" in table and "GAP" in table
    one = run("catalog", "coverage", *frozen, "--provider", "alpha").stdout
    assert "compute.vm" in one and "beta" not in one.split("\n", 2)[2]


def test_every_bundled_cell_is_decided(bundled):
    cells = coverage(bundled)
    assert len(cells) == len(bundled.service_classes) * len(bundled.providers)
    assert set(cells["status"]) <= {"equivalent", "partial", "self-managed", "gap"}


def test_every_sample_type_is_in_the_taxonomy(bundled):
    files = sorted((ROOT / "inventories").glob("*/*.json"))
    inv = import_files(files, vm_sizes=bundled.vm_sizes).inventory
    assert inv["type"].nunique() >= 25
    unknown = sorted(set(inv["type"]) - set(bundled.types.index))
    assert unknown == []
    assert len(bundled.types) >= 60


def test_stale_figures_are_warned(bundled):
    later = dt.date(2030, 1, 1)
    warnings = stale_warnings(bundled, later)
    assert len(warnings) == len(bundled.providers)
    assert stale_warnings(load_catalog(TEST_CATALOG, bundled=False), dt.date(2026, 6, 1)) == []
