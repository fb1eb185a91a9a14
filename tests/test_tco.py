"""TCO over N years on tiny estates priced by the frozen test catalogue; every expected figure worked out by hand."""

import json

import pytest
import yaml
from conftest import GOLDEN, load_json

from migrate.estimate.tco import provider_tco
from migrate.config import default_config

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"


def vm(name, size, os_type="linux"):
    return {"id": f"{SUB}/Microsoft.Compute/virtualMachines/{name}", "name": name, "type": "microsoft.compute/virtualmachines",
            "location": "francecentral", "resource_group": "rg", "vm_size": size, "os_type": os_type}


def disk(name, gb):
    return {"id": f"{SUB}/Microsoft.Compute/disks/{name}", "name": name, "type": "microsoft.compute/disks",
            "location": "francecentral", "resource_group": "rg", "sku": "Premium_LRS", "storage_gb": gb}


def write_inventory(path, resources):
    path.write_text(json.dumps({"format": "migrate-inventory", "schema_version": 1, "scope": {}, "resources": resources}))
    return path


def write_config(path, tco):
    # Effort without its data term, so labour is base effort only: equivalent = 0.5 person-days likely.
    path.write_text(yaml.safe_dump({"effort": {"per_data_tb": [0, 0, 0]}, "tco": tco}))
    return path


TCO = {"labour": {"day_rate_eur": 1000}, "dual_running": {"months": 2}, "training": {"per_provider_eur": 1000},
       "commitments": [{"name": "reserved VM", "monthly_eur": 40, "remaining_months": 5}]}


@pytest.fixture
def small(tmp_path):
    """A Linux D4s_v5 VM (Azure 0.2 EUR/h x 730 = 146) and a 600 GB premium disk (0.1 x 600 = 60): Azure 206/month.

    At alpha: a-m 0.1 x 730 = 73 + a-block 0.05 x 600 = 30 -> 103/month; effort 0.5 + 0.5 = 1 person-day.
    """
    inv = write_inventory(tmp_path / "inv.json", [vm("vm1", "Standard_D4s_v5"), disk("d1", 600)])
    return inv, write_config(tmp_path / "c.yaml", TCO)


def tco_of(run, frozen, tmp_path, inv, cfg, *args, provider="alpha"):
    out = tmp_path / "out"
    run("plan", inv, *frozen, "--provider", provider, "--config", cfg, "--out", out, *args)
    doc = load_json(out / "plan.json")
    return doc, doc["providers"][0]["tco"]


def test_three_years_by_hand(run, frozen, tmp_path, small):
    doc, t = tco_of(run, frozen, tmp_path, *small)
    assert doc["azure"]["monthly_eur"] == 206.0 and t["run_monthly_eur"] == 103.0
    assert t["years"] == 3 and t["run_total_eur"] == 103 * 36
    assert t["one_off"] == {
        "labour_eur": 1.0 * 1000,
        "egress_eur": 500 * 0.1,                    # 600 GB: first 100 free, 500 at 0.10
        "dual_running_eur": 2 * 206.0,
        "training_eur": 1000.0,
        "forfeited_commitments_eur": 3 * 40.0,      # owed in months 3, 4, 5 (Azure off after month 2)
        "licences_eur": 0.0,                        # Linux only
    }
    assert t["one_off_total_eur"] == 2582.0
    assert t["total_eur"] == 103 * 36 + 2582.0 == 6290.0
    assert t["azure_total_eur"] == 206 * 36
    # Month 0: labour + egress + training = 2050. Months 1-2: +103 +206 (dual); 3-5: +103 +40; then +103.
    cum = {c["month"]: (c["provider_eur"], c["azure_eur"]) for c in t["cumulative"]}
    assert cum[0] == (2050.0, 0.0) and cum[2] == (2668.0, 412.0) and cum[5] == (3097.0, 1030.0)
    # 3097 + 103 (m - 5) <= 206 m first holds at m = 26 (m = 25: 5157 > 5150).
    assert cum[25] == (5157.0, 5150.0) and cum[26] == (5260.0, 5356.0)
    assert t["break_even_month"] == 26
    assert len(t["cumulative"]) == 37 and cum[36][0] == t["total_eur"]
    assert "= 6,290.00 EUR" in t["formula"]


def test_never_breaks_even_within_a_shorter_horizon(run, frozen, tmp_path, small):
    _, t = tco_of(run, frozen, tmp_path, *small, "--years", "2")
    assert t["years"] == 2 and len(t["cumulative"]) == 25
    assert t["break_even_month"] is None
    assert t["total_eur"] == 103 * 24 + 2582.0 and t["azure_total_eur"] == 206 * 24


def test_dearer_provider_never_breaks_even():
    cfg = default_config()["tco"]
    t = provider_tco(run_monthly=120.0, run_lower_bound=False, effort_days=0.0, azure_monthly=100.0,
                     azure_lower_bound=False, moving_azure_monthly=100.0, moves=True, programme_months=None,
                     licence_monthly=0.0, egress_eur=0.0,
                     cfg={**cfg, "dual_running": {"months": 0, "overlap": 0.5, "tail_months": 0},
                          "training": {"per_provider_eur": 0}})
    assert t["break_even_month"] is None and t["total_eur"] == 120 * 36


def test_cheaper_provider_without_one_off_costs_breaks_even_in_month_one():
    cfg = default_config()["tco"]
    t = provider_tco(run_monthly=80.0, run_lower_bound=False, effort_days=0.0, azure_monthly=100.0,
                     azure_lower_bound=False, moving_azure_monthly=100.0, moves=True, programme_months=None,
                     licence_monthly=0.0, egress_eur=0.0,
                     cfg={**cfg, "dual_running": {"months": 0, "overlap": 0.5, "tail_months": 0},
                          "training": {"per_provider_eur": 0}})
    assert t["break_even_month"] == 1


def test_a_scenario_in_which_nothing_moves_costs_what_staying_costs():
    cfg = default_config()["tco"]
    t = provider_tco(run_monthly=100.0, run_lower_bound=False, effort_days=3.0, azure_monthly=100.0,
                     azure_lower_bound=False, moving_azure_monthly=0.0, moves=False, programme_months=4.0,
                     licence_monthly=0.0, egress_eur=50.0, cfg=cfg)
    assert t["total_eur"] == t["azure_total_eur"] == 100 * 36 and t["one_off_total_eur"] == 0.0
    assert t["break_even_month"] is None and "nothing moves" in t["break_even_note"]


def test_no_break_even_on_a_lower_bound():
    cfg = default_config()["tco"]
    t = provider_tco(run_monthly=10.0, run_lower_bound=True, effort_days=0.0, azure_monthly=100.0,
                     azure_lower_bound=False, moving_azure_monthly=100.0, moves=True, programme_months=None,
                     licence_monthly=0.0, egress_eur=0.0, cfg=cfg)
    assert t["break_even_month"] is None and "lower bound" in t["break_even_note"] and t["lower_bound"]


def test_dual_running_follows_the_programme_duration():
    cfg = default_config()["tco"]          # months null: P50 months x overlap 0.5 + tail 1, rounded up
    t = provider_tco(run_monthly=50.0, run_lower_bound=False, effort_days=10.0, azure_monthly=100.0,
                     azure_lower_bound=False, moving_azure_monthly=80.0, moves=True, programme_months=7.0,
                     licence_monthly=0.0, egress_eur=0.0, cfg=cfg)
    assert t["inputs"]["dual_running_months"] == 5             # 7 x 0.5 + 1 = 4.5 -> 5
    assert t["one_off"]["dual_running_eur"] == 5 * 80.0


def test_windows_and_sql_licences_bought_at_the_target(run, frozen, tmp_path):
    """Windows: max(vCPU, 8) cores; unknown size: 8 cores, flagged. SQL rule pointed at self-managed PostgreSQL by config."""
    pg = {"id": f"{SUB}/Microsoft.DBforPostgreSQL/flexibleServers/pg", "name": "pg", "location": "francecentral",
          "type": "microsoft.dbforpostgresql/flexibleservers", "vm_size": "Standard_D4ds_v5", "sku": "Standard_D4ds_v5"}
    inv = write_inventory(tmp_path / "inv.json", [vm("win-small", "Standard_D2s_v5", "windows"),
                                                  vm("win-big", "Standard_E64s_v5", "windows"),
                                                  vm("win-unknown", None, "windows"), vm("lin", "Standard_D2s_v5"), pg])
    cfg = write_config(tmp_path / "c.yaml", {"years": 1, "licences": {
        "windows_server": {"eur_per_core_month": 10, "min_cores": 8},
        "sql_server": {"classes": ["db.postgresql"], "statuses": ["self-managed"], "eur_per_core_month": 5, "min_cores": 4}}})
    _, beta = tco_of(run, frozen, tmp_path / "b", inv, cfg, provider="beta")
    lic = beta["inputs"]["licences"]
    assert lic["windows_server"]["resources"] == 3
    assert lic["windows_server"]["cores"] == 8 + 64 + 8
    assert lic["windows_server"]["cores_assumed_resources"] == 1
    assert lic["windows_server"]["monthly_eur"] == 80 * 10
    assert lic["sql_server"]["resources"] == 1 and lic["sql_server"]["cores"] == 4   # beta runs PostgreSQL on its VMs
    assert beta["one_off"]["licences_eur"] == (800 + 20) * 12
    # alpha's managed PostgreSQL is not self-managed: no SQL licence there
    _, alpha = tco_of(run, frozen, tmp_path / "a", inv, cfg, provider="alpha")
    assert alpha["inputs"]["licences"]["sql_server"]["resources"] == 0
    assert alpha["one_off"]["licences_eur"] == 800 * 12


def test_parts_add_up_to_the_total_for_every_provider(run, frozen, tmp_path):
    cfg = write_config(tmp_path / "c.yaml", TCO)
    run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, "--years", "4", "--out", tmp_path / "o")
    doc = load_json(tmp_path / "o" / "plan.json")
    for p in doc["providers"]:
        t = p["tco"]
        assert t["years"] == 4 and len(t["cumulative"]) == 49
        assert t["one_off_total_eur"] == round(sum(t["one_off"].values()), 2)
        assert t["total_eur"] == round(t["run_total_eur"] + t["one_off_total_eur"], 2)
        assert t["cumulative"][-1]["provider_eur"] == t["total_eur"]
        assert t["cumulative"][-1]["azure_eur"] == t["azure_total_eur"] == round(doc["azure"]["monthly_eur"] * 48, 2)
        assert t["run_monthly_eur"] == p["monthly_eur"]
        assert t["one_off"]["labour_eur"] == round(p["effort_days"]["likely"] * 1000, 2)


def test_bad_tco_config_is_refused_naming_the_key(run, frozen, tmp_path):
    cfg = write_config(tmp_path / "c.yaml", {"labour": {"day_rate_eur": "a lot"}})
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, "--out", tmp_path / "o", ok=False)
    assert result.exit_code == 2
    assert "tco.labour.day_rate_eur" in result.stderr and str(cfg) in result.stderr
    assert not (tmp_path / "o").exists()
    cfg = write_config(tmp_path / "c.yaml", {"commitments": [{"name": "ri", "monthly_eur": 10}]})
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, ok=False)
    assert result.exit_code == 2 and "tco.commitments[0].remaining_months" in result.stderr
