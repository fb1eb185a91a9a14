"""The plan of a small crafted estate on the frozen test catalogue, compared with a golden file.

Regenerate after an intended change with `pytest tests/test_golden_plan.py --update-golden`
and review the diff; never edit plan.json by hand.
"""

import json

from conftest import GOLDEN, load_json

from migrate.plan_schema import plan_errors


def test_golden_plan(run, frozen, tmp_path, update_golden):
    run("plan", GOLDEN / "inventory.json", *frozen, "--out", tmp_path)
    got = load_json(tmp_path / "plan.json")
    assert plan_errors(got) == []
    expected_path = GOLDEN / "plan.json"
    if update_golden:
        expected_path.write_text((tmp_path / "plan.json").read_text())
    assert got == load_json(expected_path)


def _lines(doc):
    return {(r["name"], p): t for r in doc["resources"] for p, t in r["targets"].items()}


def test_hand_checked_figures(run, frozen, tmp_path):
    run("plan", GOLDEN / "inventory.json", *frozen, "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    lines = _lines(doc)
    az = {r["name"]: r["azure"] for r in doc["resources"]}
    # AKS: control plane 0.1 EUR/h x 730 + 4 nodes (largest pool D4s_v5 at 0.2 EUR/h) x 730
    assert az["aks-1"]["monthly_eur"] == 657.0
    # alpha: 10 EUR/month control plane + 4 x a-m (0.1 EUR/h x 730)
    assert lines[("aks-1", "alpha")]["monthly_eur"] == 302.0
    assert lines[("aks-1", "beta")]["status"] == "gap"
    # Windows VM priced at the Windows rate on Azure
    assert az["vm-win"]["monthly_eur"] == 146.0
    # Smallest flavor that fits 4 vCPU / 16 GB; beta's only fit is a quote-only flavor -> an estimate
    assert lines[("vm-fits", "alpha")]["offer_id"] == "a-m"
    assert lines[("vm-fits", "beta")]["offer_id"] == "b-8"
    assert lines[("vm-fits", "beta")]["estimate"] and lines[("vm-fits", "beta")]["cost_status"] == "priced"
    # Too big for every flavor: largest flavor, status partial
    assert lines[("vm-huge", "alpha")]["status"] == "partial"
    assert lines[("vm-huge", "alpha")]["offer_id"] == "a-l"
    # Unknown size: the default flavor, said so in the rule
    assert lines[("vm-unknown", "alpha")]["offer_id"] == "a-m"
    assert "size unknown" in lines[("vm-unknown", "alpha")]["rule"]
    assert az["vm-unknown"]["monthly_eur"] is None
    # Self-managed PostgreSQL: 2 VMs sized up to the 4 vCPU / 16 GB server + block storage 256 GB
    assert lines[("pg-1", "beta")]["status"] == "self-managed"
    assert lines[("pg-1", "beta")]["monthly_eur"] == round(2 * 0.3 * 730 + 0.04 * 256, 2)
    assert lines[("pg-1", "alpha")]["monthly_eur"] == round(0.3 * 730 + 0.2 * 256, 2)
    # Object storage of unknown size: the stated default size (config usage, 1,000 GB), flagged as assumed
    assert lines[("stlake", "alpha")]["monthly_eur"] == round(0.01 * 1000, 2)
    assert lines[("stlake", "alpha")]["quantity_assumed"]
    stlake = next(r for r in doc["resources"] if r["name"] == "stlake")
    assert {"meter": "gb_month", "value": 1000.0, "origin": "default"} in stlake["quantities"]
    # Unknown type: unmapped at every provider, and listed
    assert lines[("gizmo-1", "alpha")]["status"] == "unmapped"
    assert doc["unmapped_types"] == [{"type": "contoso.widgets/gizmos", "resources": 1}]
    # Each resource is priced at its own region when the catalogue has it, else at the reference region (said so)
    assert az["vm-weu"]["monthly_eur"] == round(0.25 * 730, 2)
    assert az["disk-weu"]["monthly_eur"] == round(0.12 * 128, 2)
    assert az["vm-neu"]["monthly_eur"] == round(0.2 * 730, 2)
    assert "francecentral reference price: no northeurope figure" in az["vm-neu"]["sources"][0]["what"]
    assert "(linux, westeurope)" in az["vm-weu"]["sources"][0]["what"]
    # Retired and included resources cost nothing at the target
    assert lines[("NetworkWatcher_francecentral", "beta")]["status"] == "retire"
    assert lines[("nic-1", "alpha")]["cost_status"] == "included"


def test_totals_add_up(run, frozen, tmp_path):
    run("plan", GOLDEN / "inventory.json", *frozen, "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    for p in doc["providers"]:
        lines = [r["targets"][p["id"]] for r in doc["resources"]]
        assert p["monthly_eur"] == round(sum(t["monthly_eur"] or 0 for t in lines), 2)
        for level in ("low", "likely", "high"):
            assert abs(p["effort_days"][level] - sum(t["effort_days"][level] for t in lines)) < 0.01
        assert sum(p["status"].values()) == len(doc["resources"])
        assert sum(p["cost_status"].values()) == len(doc["resources"])
    assert doc["azure"]["monthly_eur"] == round(sum(r["azure"]["monthly_eur"] or 0 for r in doc["resources"]), 2)


def test_require_secnumcloud_turns_unqualified_into_gaps(run, frozen, tmp_path):
    run("plan", GOLDEN / "inventory.json", *frozen, "--require", "secnumcloud", "--out", tmp_path)
    lines = _lines(load_json(tmp_path / "plan.json"))
    assert lines[("vm-fits", "alpha")]["status"] == "equivalent"      # a-m is qualified
    assert lines[("pg-1", "alpha")]["status"] == "gap"                # a-pg-4 is not
    assert "secnumcloud" in lines[("pg-1", "alpha")]["reason"]
    assert lines[("vm-fits", "beta")]["status"] == "gap"              # beta holds no secnumcloud
    assert lines[("stlake", "alpha")]["status"] == "gap"


def test_outputs_are_deterministic(run, frozen, tmp_path):
    run("plan", GOLDEN / "inventory.json", *frozen, "--out", tmp_path / "a")
    run("plan", GOLDEN / "inventory.json", *frozen, "--out", tmp_path / "b")
    for name in ("plan.json", "plan.md", "resources.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert json.loads((tmp_path / "a" / "plan.json").read_text())["format"] == "migrate-plan"
