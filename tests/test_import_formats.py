"""Each supported export format imports into the canonical inventory (facts from fixtures/import/README.md)."""

import json
import math
import shutil

import pytest

from conftest import FIXTURES, load_json

from migrate.catalog.load import load_catalog
from migrate.sources.inventory.importer import import_files

IMPORT = FIXTURES / "import"


@pytest.fixture(scope="module")
def vm_sizes():
    return load_catalog().vm_sizes


def _inv(vm_sizes, *names, **kw):
    return import_files([IMPORT / n for n in names], vm_sizes=vm_sizes, **kw)


def test_az_resource_list(vm_sizes):
    r = _inv(vm_sizes, "az_resource_list.json")
    inv = r.inventory
    assert r.sources[0]["format"] == "az-resource-list"
    assert len(inv) == 7
    assert set(inv["resource_group"]) == {"rg-fixture"}
    assert "contoso.widgets/gizmos" in set(inv["type"])               # unknown type kept
    vm = inv[inv["name"] == "vm-app-01"].iloc[0]
    assert vm["type"] == "microsoft.compute/virtualmachines"
    assert vm["vm_size"] is None and math.isnan(vm["vcpu"])          # az resource list has no properties
    db = inv[inv["name"] == "sql-fixture-01/appdb"].iloc[0]
    assert (db["sku"], db["sku_tier"], db["sku_capacity"]) == ("GP_Gen5_2", "GeneralPurpose", 2)
    assert db["parent_id"].lower().endswith("/microsoft.sql/servers/sql-fixture-01")


def test_utf16_powershell_export_reads_the_same(vm_sizes):
    a = _inv(vm_sizes, "az_resource_list.json").inventory
    b = _inv(vm_sizes, "az_resource_list_utf16.json").inventory
    assert (IMPORT / "az_resource_list_utf16.json").read_bytes()[:2] == b"\xff\xfe"
    assert list(a["id"]) == list(b["id"])
    assert list(a["sku"]) == list(b["sku"])


@pytest.mark.parametrize("name,fmt", [("graph_data.json", "resource-graph-json"), ("graph_list.json", "resource-graph-json"),
                                      ("graph_explorer.csv", "resource-graph-csv")])
def test_resource_graph(vm_sizes, name, fmt):
    r = _inv(vm_sizes, name)
    inv = r.inventory.set_index("name")
    assert r.sources[0]["format"] == fmt
    assert len(inv) == 5
    vm = inv.loc["vm-graph-01"]
    assert (vm["vm_size"], vm["vcpu"], vm["memory_gb"]) == ("Standard_D4s_v5", 4, 16)
    assert vm["os_type"] == "linux"
    assert inv.loc["psql-graph-01", "storage_gb"] == 512
    assert inv.loc["psql-graph-01", "sku"] == "Standard_D4ds_v5"
    disk = inv.loc["vm-graph-01_OsDisk_1_fedcba9876543210fedcba9876543210"]
    assert (disk["sku"], disk["storage_gb"]) == ("Premium_LRS", 128)
    assert inv.loc["stgraphlake01", "properties"]["isHnsEnabled"] is True
    assert math.isnan(inv.loc["stgraphlake01", "storage_gb"])          # used capacity unknown, not zero


def test_graph_formats_agree(vm_sizes):
    frames = [_inv(vm_sizes, n).inventory for n in ("graph_data.json", "graph_list.json", "graph_explorer.csv")]
    cols = ["id", "type", "sku", "vm_size", "storage_gb", "location"]
    def rows(f):
        return [{k: (None if v != v else v) for k, v in r.items()} for r in f[cols].astype(object).to_dict("records")]
    for f in frames[1:]:
        assert rows(f) == rows(frames[0])


def test_arm_export(vm_sizes):
    inv = _inv(vm_sizes, "arm_export.json").inventory.set_index("name")
    assert len(inv) == 8
    assert inv.loc["vm-exp-01", "vm_size"] == "Standard_D2s_v5"
    assert inv.loc["vm-exp-01", "vcpu"] == 2
    assert inv.loc["stexport01/default/data", "type"] == "microsoft.storage/storageaccounts/blobservices/containers"
    assert inv.loc["sql-export-01/appdb", "type"] == "microsoft.sql/servers/databases"
    top = inv[inv["type"].str.count("/") == 1]
    assert set(top["location"]) == {"francecentral"}                   # child resources carry no location in ARM
    assert all(not u for u in inv["unresolved"])


def test_arm_nested_children_copy_loops_and_unresolved(vm_sizes):
    r = _inv(vm_sizes, "arm_nested_copy.json", resource_group="rg-shop")
    inv = r.inventory
    names = set(inv["name"])
    assert {"shop-nic-1", "shop-nic-2", "shop-nic-3", "shop-vm-0", "shop-vm-1", "shop-vm-2"} <= names
    assert "shopdata01/default/uploads" in names
    assert inv.set_index("name").loc["shopdata01/default/uploads", "type"] == \
        "microsoft.storage/storageaccounts/blobservices/containers"
    assert inv.set_index("name").loc["shop-sql/orders", "type"] == "microsoft.sql/servers/databases"
    assert "shop-cache" not in names                                    # condition false by default
    assert any("condition is false" in w for w in r.warnings)
    assert len(inv) == 11
    web = inv[inv["type"] == "microsoft.web/sites"].iloc[0]
    assert web["name"].startswith("[reference(")                       # kept raw, never dropped
    assert "name" in web["unresolved"]
    assert inv.set_index("name").loc["shop-vm-0", "vm_size"] == "Standard_B2s"
    assert set(inv["location"]) == {"francecentral"}                    # resourceGroup().location -> --location
    assert any("resourceGroup().location" in w for w in r.warnings)
    assert all("/resourceGroups/rg-shop/" in i for i in inv["id"])


def test_import_writes_inventory_that_plans(run, frozen, tmp_path):
    out = tmp_path / "inv.json"
    run("inventory", "import", IMPORT / "az_resource_list.json", IMPORT / "graph_data.json", "-o", out)
    doc = load_json(out)
    assert doc["format"] == "migrate-inventory" and len(doc["resources"]) == 12
    assert doc["scope"]["complete"] is True
    assert [s["format"] for s in doc["scope"]["sources"]] == ["az-resource-list", "resource-graph-json"]
    plan = run("plan", out, "--format", "json")
    assert len(json.loads(plan.stdout)["resources"]) == 12


def test_same_resource_twice_is_kept_once(run, tmp_path):
    copy = tmp_path / "again.json"
    shutil.copy(IMPORT / "graph_data.json", copy)
    result = run("inventory", "import", IMPORT / "graph_data.json", copy, "-o", tmp_path / "inv.json")
    assert len(load_json(tmp_path / "inv.json")["resources"]) == 5
    assert "appear more than once" in result.stderr


def test_show_summarises(run):
    result = run("inventory", "show", IMPORT / "az_resource_list.json", "--format", "json")
    s = json.loads(result.stdout)
    assert s["resources"] == 7 and s["unmapped_resources"] == 1
    assert ["contoso.widgets/gizmos", 1, "UNMAPPED"] in s["by_type"]
    assert s["by_resource_group"] == [["rg-fixture", 7]]
    text = run("inventory", "show", IMPORT / "graph_data.json").output
    assert "microsoft.compute/virtualmachines" in text and "francecentral" in text


@pytest.mark.parametrize("name,expected", [("malformed.json", "malformed JSON"), ("empty.json", "file is empty"),
                                           ("unknown_format.json", "unknown input format"),
                                           ("graph_no_id.csv", "no `id` column")])
def test_bad_fixture_files(run, tmp_path, name, expected):
    result = run("inventory", "import", IMPORT / name, "-o", tmp_path / "inv.json", ok=False)
    assert result.exit_code == 2
    assert expected in result.stderr and name in result.stderr
    assert not (tmp_path / "inv.json").exists()


def test_arm_edge_cases(vm_sizes):
    """Nested deployments in loops, inner scope, `existing`, extension resources, odd expressions."""
    r = _inv(vm_sizes, "arm_edge_cases.json", resource_group="rg-edge")
    inv = r.inventory
    # an inner copy loop inside a looped outer-scope deployment keeps its own index: 2 x 3 public IPs,
    # of which pip-0..2 are the same three resources deployed twice (kept once, with a warning)
    assert sorted(inv.loc[inv["type"] == "microsoft.network/publicipaddresses", "name"]) == ["pip-0", "pip-1", "pip-2"]
    assert any("appear more than once" in w for w in r.warnings)
    # inner scope: the inner template sees the value passed in, not the outer parameter
    server = inv[(inv["type"] == "microsoft.sql/servers")].iloc[0]
    assert server["name"] == "inner-name"
    # a Key Vault reference is only known at deployment: kept raw and flagged
    assert "properties.administratorLoginPassword" in server["unresolved"]
    # `existing` resources are references, not part of the estate
    assert "hub" not in set(inv["name"])
    assert any("`existing`" in w for w in r.warnings)
    # two extension resources with the same name on two storage accounts stay two resources
    diags = inv[inv["type"] == "microsoft.insights/diagnosticsettings"]
    assert len(diags) == 2
    assert sorted(p.rsplit("/", 1)[-1] for p in diags["parent_id"]) == ["sta", "stb"]
    # an unresolved child name is not split on the '/' inside its string literal
    db = inv[inv["type"] == "microsoft.sql/servers/databases"].iloc[0]
    assert db["name"].startswith("[format(") and "name" in db["unresolved"] and not isinstance(db["parent_id"], str)
    # a malformed call is unresolvable, not a crash
    assert "[if(true(), 'twoargs')]" in set(inv["name"])
    assert inv["id"].str.lower().is_unique
