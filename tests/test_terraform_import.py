"""Terraform / OpenTofu states and `terraform show -json` as inventory inputs (fixtures: fixtures/terraform/README.md)."""

import json
import math
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import FIXTURES, load_json

from migrate.bundled import data_path
from migrate.catalog.load import load_catalog
from migrate.sources.inventory import terraform
from migrate.sources.inventory.importer import import_files

TF = FIXTURES / "terraform"
REAL = TF / "real-terraform"
TERRAFORM = shutil.which("terraform") or shutil.which("tofu")
needs_terraform = pytest.mark.skipif(TERRAFORM is None, reason="no terraform or tofu binary on PATH")

# Hand counts from fixtures/terraform/README.md: (state list lines, data sources, Azure resources).
COUNTS = {"modules.tfstate": (17, 1, 11), "aks.tfstate": (7, 0, 6), "sql.tfstate": (7, 0, 7),
          "storage.tfstate": (10, 0, 7), "real-terraform/terraform.tfstate": (10, 1, 0)}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _import(catalog, *names):
    return import_files([TF / n for n in names], vm_sizes=catalog.vm_sizes)


def _state_list(path):
    """An independent count: real Terraform lists the instances of the state file."""
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}
    out = subprocess.run([TERRAFORM, "state", "list", f"-state={path}"], capture_output=True, text=True, env=env,
                         cwd=path.parent, check=True, timeout=120).stdout
    return [line for line in out.splitlines() if line.strip()]


def test_every_table_entry_names_a_type_the_taxonomy_knows(catalog):
    doc = yaml.safe_load(data_path("terraform_azurerm.yaml").read_text())
    known = set(catalog.types.index)
    unknown = {k: v["arm_type"] for k, v in doc["resources"].items() if v["arm_type"].lower() not in known}
    assert not unknown
    assert len(doc["resources"]) > 300
    assert not set(doc["resources"]) & set(doc["settings"])          # a type creates a resource or configures one
    assert set(doc["azapi"].values()) <= {"resource", "settings", "data-plane"}
    for name, entry in doc["resources"].items():
        assert name.startswith("azurerm_") and set(entry) <= {"arm_type", "set"}


@pytest.mark.parametrize("name", list(COUNTS))
def test_resource_counts_match_the_hand_count(catalog, name):
    lines, data, azure = COUNTS[name]
    r = _import(catalog, name)
    summary = r.sources[0]["terraform"]
    assert summary["managed_instances"] == lines - data
    assert summary["data_sources_skipped"] == data
    assert summary["azure_resources"] == len(r.inventory) == azure
    skipped = sum(summary[k] for k in ("settings_of_other_resources", "containers", "without_arm_id",
                                       "planned_without_id", "deposed_skipped")) + sum(summary["other_providers"].values())
    assert azure + skipped == lines - data                             # every managed instance is accounted for


@needs_terraform
@pytest.mark.parametrize("name", list(COUNTS))
def test_resource_counts_match_terraform_state_list(catalog, name):
    listed = _state_list(TF / name)
    lines, data, _ = COUNTS[name]
    assert len(listed) == lines
    managed = [a for a in listed if not (a.startswith("data.") or ".data." in a)]
    assert _import(catalog, name).sources[0]["terraform"]["managed_instances"] == len(managed)


def test_modules_count_and_for_each(catalog):
    r = _import(catalog, "modules.tfstate")
    inv = r.inventory.set_index("name")
    assert r.sources[0]["format"] == "terraform-state"
    assert {"vm-app-0", "vm-app-1", "nic-app-0", "nic-app-1", "snet-app", "snet-data", "disk-app-logs"} <= set(inv.index)
    vm = inv.loc["vm-app-1"]
    assert (vm["type"], vm["vm_size"], vm["vcpu"], vm["memory_gb"], vm["os_type"]) == \
        ("microsoft.compute/virtualmachines", "Standard_D4s_v5", 4, 16, "linux")
    assert vm["resource_group"] == "rg-tf-app" and vm["location"] == "francecentral"
    assert (inv.loc["disk-app-data", "sku"], inv.loc["disk-app-data", "storage_gb"]) == ("Premium_LRS", 512)
    assert inv.loc["snet-app", "parent_id"].endswith("/virtualNetworks/vnet-app")
    text = "\n".join(r.warnings)
    for address in ("data.azurerm_client_config.current", "random_password.vm_admin", "azuread_group.operators",
                    "module.network.azurerm_subnet_network_security_group_association.app", "azurerm_resource_group.app",
                    "azurerm_key_vault_secret.vm_admin"):
        assert address in text                                          # listed, never dropped silently
    assert "provider 'random'" in text and "provider 'azuread'" in text
    assert set(r.inventory["iac"]) == {True}


def test_aks_sql_and_storage_sizing(catalog):
    inv = _import(catalog, "aks.tfstate", "sql.tfstate", "storage.tfstate").inventory.set_index("name")
    aks = inv.loc["aks-tf"]
    assert (aks["vm_size"], aks["node_count"], aks["sku_tier"]) == ("Standard_D4s_v5", 3, "Standard")
    pool = inv.loc["user"]
    assert (pool["type"], pool["vm_size"], pool["node_count"], pool["vcpu"]) == \
        ("microsoft.containerservice/managedclusters/agentpools", "Standard_E8s_v5", 5, 8)
    db = inv.loc["orders"]
    assert (db["sku"], db["sku_tier"], db["sku_capacity"], db["storage_gb"], db["vcpu"]) == \
        ("GP_Gen5", "GeneralPurpose", 2, pytest.approx(32 * 2**30 / 10**9), 2)   # max_size_gb is GiB; GB = 10^9 B
    dtu = inv.loc["reporting"]
    assert (dtu["sku"], dtu["sku_tier"], dtu["storage_gb"]) == ("S0", "Standard", pytest.approx(250 * 2**30 / 10**9)) and math.isnan(dtu["vcpu"])
    assert (inv.loc["pool-tf", "sku_capacity"], inv.loc["pool-tf", "storage_gb"]) == (4, pytest.approx(100 * 2**30 / 10**9))
    pg = inv.loc["psql-tf"]
    assert (pg["sku"], pg["sku_tier"], pg["storage_gb"]) == ("Standard_D4ds_v5", "GeneralPurpose", 128)
    assert (inv.loc["mysql-tf", "sku"], inv.loc["mysql-tf", "storage_gb"]) == ("Standard_D2ds_v4", 64)
    assert inv.loc["sttflake01", "sku"] == "Standard_ZRS" and inv.loc["sttflake01", "properties"]["isHnsEnabled"] is True
    assert (inv.loc["sttffiles01", "sku"], inv.loc["sttffiles01", "kind"]) == ("Premium_LRS", "FileStorage")
    assert (inv.loc["projects", "type"], inv.loc["projects", "storage_gb"]) == \
        ("microsoft.storage/storageaccounts/fileservices/shares", 5120)
    assert inv.loc["redis-tf", "type"] == "microsoft.cache/redis"          # azapi: type before "@"
    assert inv.loc["cae-tf", "type"] == "microsoft.app/managedenvironments"


@pytest.mark.parametrize("state,show", [("sql.tfstate", "sql-show.json"), ("modules.tfstate", "modules-show.json")])
def test_show_json_reads_like_the_state(catalog, state, show):
    a, b = _import(catalog, state), _import(catalog, show)
    assert b.sources[0]["format"] == "terraform-show-json"
    cols = ["id", "type", "sku", "sku_tier", "sku_capacity", "vm_size", "node_count", "storage_gb", "location", "iac"]
    assert a.inventory[cols].astype(str).equals(b.inventory[cols].astype(str))


def test_plan_json(catalog):
    r = _import(catalog, "sql-plan.json")
    inv = r.inventory.set_index("name")
    assert r.sources[0]["format"] == "terraform-plan-json"
    assert inv.loc["orders", "sku_capacity"] == 4                        # the planned size, not the prior one
    search = inv.loc["srch-tf"]
    assert search["id"] == ("/subscriptions/0b5d2c6e-3f41-4a8b-9c7d-5e6f7a8b9c01/resourceGroups/rg-tf-data/providers/"
                            "Microsoft.Search/searchServices/srch-tf")   # from parent_id, type and name
    assert search["sku"] == "standard"
    assert r.sources[0]["terraform"]["planned_actions"] == {"create": 2, "no-op": 6, "update": 1}
    assert any('azurerm_mssql_database.this["audit"]' in w and "no ARM id until applied" in w for w in r.warnings)


def test_real_terraform_wrapper_shapes(catalog):
    """Files written by Terraform 1.11.4 itself: modules nested twice, count and for_each, a plan."""
    for name in ("terraform.tfstate", "show.json", "plan.json"):
        r = import_files([REAL / name], vm_sizes=catalog.vm_sizes)
        s = r.sources[0]["terraform"]
        assert (s["managed_instances"], s["other_providers"], len(r.inventory)) == (9, {"terraform": 9}, 0)
    r = import_files([REAL / "terraform.tfstate"], vm_sizes=catalog.vm_sizes)
    text = "\n".join(r.warnings)
    assert "data.terraform_remote_state.none" in text
    assert 'terraform_data.each["blue"]' in text and "terraform_data.counted[0]" in text
    addresses = []
    terraform._walk_module(load_json(REAL / "show.json")["values"]["root_module"], "show.json", "root", False, addresses)
    assert sorted(i.address for i in addresses if i.mode == "managed") == sorted(
        a for a in terraform_state_list_of_real_run() if not a.startswith("data."))
    secret = [i for i in addresses if i.address == "terraform_data.secret"][0]
    assert secret.sensitive == {("input", "password")}


def terraform_state_list_of_real_run():
    """What `terraform state list` printed after the apply (kept with the fixture run)."""
    return ["data.terraform_remote_state.none", "terraform_data.counted[0]", "terraform_data.counted[1]",
            'terraform_data.each["blue"]', 'terraform_data.each["green"]', "terraform_data.secret",
            "terraform_data.single", 'module.net.terraform_data.vnet["hub"]', 'module.net.terraform_data.vnet["spoke"]',
            "module.net.module.inner.terraform_data.leaf[0]"]


@needs_terraform
def test_a_fresh_terraform_run_reads_the_same(catalog, tmp_path):
    """Run Terraform again on the fixture's configuration (built-in provider only, no network)."""
    work = tmp_path / "tf"
    shutil.copytree(REAL, work, ignore=shutil.ignore_patterns("*.tfstate", "*.json"))
    shutil.copy(REAL / "empty.tfstate", work / "empty.tfstate")
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}

    def tf(*args):
        return subprocess.run([TERRAFORM, *args], cwd=work, env=env, capture_output=True, text=True, check=True,
                              timeout=300).stdout
    tf("init", "-input=false", "-no-color")
    tf("apply", "-auto-approve", "-input=false", "-no-color")
    (work / "show.json").write_text(tf("show", "-json"))
    listed = [a for a in tf("state", "list").splitlines() if a.strip()]
    assert sorted(listed) == sorted(terraform_state_list_of_real_run())
    for name in ("terraform.tfstate", "show.json"):
        r = import_files([work / name], vm_sizes=catalog.vm_sizes)
        assert r.sources[0]["terraform"]["managed_instances"] == len([a for a in listed if not a.startswith("data.")])
        assert r.sources[0]["terraform"]["data_sources_skipped"] == 1


def test_iac_coverage_of_an_export(run, tmp_path):
    states = [TF / n for n in ("modules.tfstate", "aks.tfstate", "sql.tfstate", "storage.tfstate")]
    out = tmp_path / "inv.json"
    run("inventory", "import", TF / "live-export.json", *states, "-o", out)
    doc = load_json(out)
    iac = doc["scope"]["iac"]
    assert (iac["resources"], iac["under_iac"], iac["not_under_iac"], iac["only_in_iac"]) == (33, 31, 2, 6)
    assert iac["sources"] == ["aks.tfstate", "modules.tfstate", "sql.tfstate", "storage.tfstate"]
    flags = {r["name"]: r["iac"] for r in doc["resources"]}
    assert flags["vm-jumpbox"] is False and flags["sthandmade01"] is False and flags["vm-app-0"] is True
    # the export row is kept, with what only the state knew filled in (the export has no SKU for the database)
    orders = [r for r in doc["resources"] if r["name"] == "orders"][0]
    assert orders["source_format"] == "resource-graph-json" and orders["sku"] == "GP_Gen5"
    # the saved inventory plans with the same coverage
    plan = json.loads(run("plan", out, "--provider", "ovhcloud", "--format", "json").stdout)
    inv = plan["inputs"]["inventory"]["iac"]
    assert (inv["under_iac"], inv["not_under_iac"]) == (31, 2)
    by_name = {r["name"]: r for r in plan["resources"]}
    priced = [r for r in plan["resources"] if r["azure"]["monthly_eur"] is not None]
    outside = sum(r["azure"]["monthly_eur"] for r in priced if r["iac"] is False)
    assert inv["cost"]["monthly_eur_not_under_iac"] == pytest.approx(outside)
    assert inv["cost"]["monthly_eur"] == pytest.approx(sum(r["azure"]["monthly_eur"] for r in priced))
    jump, hand = by_name["vm-jumpbox"]["azure"], by_name["sthandmade01"]["azure"]
    assert outside == pytest.approx(jump["monthly_eur"] + hand["monthly_eur"]) and outside > 0
    # the storage account has no used capacity in the export: its figure rests on the stated default quantity
    assert hand["quantity_assumed"] is True and not jump["quantity_assumed"]
    assert inv["cost"]["resources_without_cost_not_under_iac"] == 0
    assert inv["share_not_under_iac"] == round(2 / 33, 4)


def test_no_iac_evidence_means_null(run):
    plan = json.loads(run("plan", FIXTURES / "import" / "graph_data.json", "--provider", "ovhcloud",
                          "--format", "json").stdout)
    assert "iac" not in plan["inputs"]["inventory"]
    assert {r["iac"] for r in plan["resources"]} == {None}


def test_a_state_alone_plans(run, frozen):
    plan = json.loads(run("plan", TF / "aks.tfstate", TF / "sql.tfstate", *frozen, "--format", "json").stdout)
    assert len(plan["resources"]) == 13 and {r["iac"] for r in plan["resources"]} == {True}
    assert plan["inputs"]["inventory"]["iac"]["not_under_iac"] == 0
    assert [s["format"] for s in plan["inputs"]["inventory"]["sources"]] == ["terraform-state", "terraform-state"]


@pytest.mark.parametrize("doc,expected", [
    ({"version": 3, "terraform_version": "0.11.14", "serial": 1, "lineage": "x", "modules": []}, "version 3"),
    ({"version": 4, "terraform_version": "1.5.0", "serial": 1, "lineage": "x", "resources": {"a": 1}}, "no `resources` list"),
    ({"version": 4, "terraform_version": "1.5.0", "serial": 1, "lineage": "x",
      "resources": [{"mode": "managed", "type": "azurerm_key_vault", "name": "a",
                     "instances": ["PLANTED-in-a-broken-state"]}]}, "instance is not an object"),
])
def test_bad_states_are_refused_in_one_line(run, tmp_path, doc, expected):
    bad = tmp_path / "bad.tfstate"
    bad.write_text(json.dumps(doc))
    result = run("inventory", "import", bad, "-o", tmp_path / "inv.json", ok=False)
    assert result.exit_code == 2 and expected in result.stderr and "bad.tfstate" in result.stderr
    assert "PLANTED" not in result.output + result.stderr
    assert not (tmp_path / "inv.json").exists()


def test_forced_format_checks_the_shape(run, tmp_path):
    result = run("inventory", "import", TF / "sql-show.json", "--input-format", "terraform-state", "-o",
                 tmp_path / "i.json", ok=False)
    assert result.exit_code == 2 and "does not look like terraform-state" in result.stderr


def test_inventory_show_says_what_is_not_under_iac(run):
    result = run("inventory", "show", TF / "live-export.json", TF / "sql.tfstate", "--format", "json")
    iac = json.loads(result.stdout)["iac"]
    assert (iac["resources"], iac["under_iac"], iac["not_under_iac"], iac["only_in_iac"]) == (28, 7, 21, 1)
    text = run("inventory", "show", TF / "live-export.json", TF / "sql.tfstate").stdout
    assert "Not under IaC (sql.tfstate): 21 of 28 resources (1 listed only in a state)" in text
