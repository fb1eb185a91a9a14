"""Data transfer: volume, online time, Data Box threshold, egress tiers and waiver, and exit-drill evidence."""

import json

import pytest
import yaml
from conftest import load_json
from test_tco import SUB, disk, write_inventory

from migrate.estimate.transfer import tiered_cost

TIERS = [{"up_to_gb": 100, "amount": 0}, {"up_to_gb": 1100, "amount": 0.1}, {"up_to_gb": None, "amount": 0.05}]


def storage(name, gb=None):
    r = {"id": f"{SUB}/Microsoft.Storage/storageAccounts/{name}", "name": name, "location": "francecentral",
         "type": "microsoft.storage/storageaccounts"}
    if gb is not None:
        r["storage_gb"] = gb
    return r


@pytest.mark.parametrize("gb, expected", [
    (0, 0.0), (100, 0.0),                       # within the free tier
    (101, 0.1),                                 # 1 GB into the second tier
    (1100, 100.0),                              # exactly at the second boundary: 1000 x 0.10
    (1500, 100.0 + 400 * 0.05),                 # crosses into the last, unbounded tier
])
def test_egress_tiers_cross_boundaries(gb, expected):
    eur, parts = tiered_cost(gb, TIERS)
    assert eur == pytest.approx(expected)
    assert sum(p["gb"] for p in parts) == pytest.approx(gb)


def plan_transfer(run, frozen, tmp_path, resources, *args, tco=None):
    tmp_path.mkdir(parents=True, exist_ok=True)
    inv = write_inventory(tmp_path / "inv.json", resources)
    extra = []
    # No default size for storage accounts: st-unknown stays of unknown size unless a test says otherwise.
    config = {"usage": {"defaults": {"storage.object": None}}}
    if tco is not None:
        config["tco"] = tco
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(config))
    extra = ["--config", tmp_path / "c.yaml"]
    run("plan", inv, *frozen, "--provider", "alpha", "--out", tmp_path / "out", *extra, *args)
    doc = load_json(tmp_path / "out" / "plan.json")
    return doc["transfer"], doc["providers"][0]["tco"]


ESTATE = [disk("d1", 600), storage("st1", 300), storage("st-unknown")]


def test_volume_time_and_egress(run, frozen, tmp_path):
    tr, tco = plan_transfer(run, frozen, tmp_path, ESTATE, "--bandwidth-mbps", "100",
                            tco={"transfer": {"efficiency": 0.5}})
    assert tr["data_gb"] == 900 and tr["data_bearing_resources"] == 3 and tr["unknown_size_resources"] == 1
    # 900 GB x 10^9 x 8 bits / (100 Mbit/s x 10^6 x 0.5) = 144,000 s = 1.67 days
    assert tr["days"] == 1.67 and tr["bandwidth_mbps"] == 100 and tr["efficiency"] == 0.5
    assert tr["throughput_source"] == "config" and not tr["offline_recommended"]
    # 900 GB: 100 free + 800 x 0.10; the waiver would credit the storage account's 300 GB (600 left: 50)
    assert tr["egress"]["eur"] == 80.0 and tr["egress"]["eur_with_waiver"] == 50.0
    assert tr["egress"]["applied"] == "charged" and tco["one_off"]["egress_eur"] == 80.0
    assert tr["egress"]["source"] and tr["egress"]["as_of"]


def test_unknown_sizes_take_the_stated_default_and_are_flagged(run, frozen, tmp_path):
    inv = write_inventory(tmp_path / "inv.json", ESTATE)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml.safe_dump({"usage": {"defaults": {"storage.object": {"gb_month": 100}}}}))
    run("plan", inv, *frozen, "--provider", "alpha", "--config", cfg, "--out", tmp_path / "out")
    tr = load_json(tmp_path / "out" / "plan.json")["transfer"]
    assert tr["data_gb"] == 1000 and tr["unknown_size_resources"] == 0
    assert tr["assumed_size_resources"] == 1 and tr["assumed_gb"] == 100 and not tr["lower_bound"]


def test_a_size_no_source_gives_leaves_the_volume_a_lower_bound(run, frozen, tmp_path):
    tr, _ = plan_transfer(run, frozen, tmp_path, ESTATE)
    assert tr["data_gb"] == 900 and tr["unknown_size_resources"] == 1 and tr["lower_bound"]


def test_offline_transfer_recommended_above_the_threshold(run, frozen, tmp_path):
    # 1.67 days online: above a 1-day threshold, below a 2-day one
    args = ("--bandwidth-mbps", "100")
    tr, _ = plan_transfer(run, frozen, tmp_path / "a", ESTATE, *args,
                          tco={"transfer": {"efficiency": 0.5, "offline_threshold_days": 1}})
    assert tr["offline_recommended"] is True and tr["data_box"]["devices"] == 1
    tr, _ = plan_transfer(run, frozen, tmp_path / "b", ESTATE, *args,
                          tco={"transfer": {"efficiency": 0.5, "offline_threshold_days": 2}})
    assert tr["offline_recommended"] is False
    assert tr["data_act"]["window_days"] == 30 and tr["data_act"]["online_within_window"] is True


def test_egress_waiver_and_data_act(run, frozen, tmp_path):
    tr, tco = plan_transfer(run, frozen, tmp_path / "w", ESTATE, "--egress-waiver")
    assert tr["egress"]["applied"] == "waiver" and tco["one_off"]["egress_eur"] == 50.0
    tr, tco = plan_transfer(run, frozen, tmp_path / "d", ESTATE, tco={"egress": {"switch_completed_on": "2027-01-12"}})
    assert tr["egress"]["applied"] == "data-act" and tco["one_off"]["egress_eur"] == 0.0
    tr, tco = plan_transfer(run, frozen, tmp_path / "e", ESTATE, tco={"egress": {"switch_completed_on": "2027-01-11"}})
    assert tr["egress"]["applied"] == "charged" and tco["one_off"]["egress_eur"] == 80.0


def drill_doc(**throughput):
    tp = {"bytes_per_second": 6250000, "megabits_per_second": 50, "measured_bytes": 10**9, "measured_seconds": 160}
    tp.update(throughput)
    return {"format": "migrate-drill-evidence", "schema_version": 1, "tool": {"name": "migrate", "version": "0"},
            "started_at": "2026-11-24T10:00:00Z", "finished_at": "2026-11-24T10:02:40Z", "duration_seconds": 160,
            "source": {"kind": "azure-blob", "account": "acct", "container": "c", "prefix": "", "endpoint": "http://x"},
            "target": {"kind": "s3", "bucket": "b", "prefix": "", "endpoint_url": "http://y", "region": "r",
                       "provider": "alpha"},
            "objects": {"listed": 1, "copied": 1, "skipped": 0, "verified": 1, "mismatched": 0, "failed": 0},
            "bytes": {"listed": 10**9, "copied": 10**9, "skipped": 0},
            "integrity": {"method": "md5", "description": "Content-MD5"}, "mismatches": [], "throughput": tp,
            "extrapolation": None, "result": "passed"}


def test_drill_evidence_replaces_the_configured_bandwidth(run, frozen, tmp_path):
    (tmp_path / "drill.json").write_text(json.dumps(drill_doc()))
    tr, _ = plan_transfer(run, frozen, tmp_path, ESTATE, "--drill-evidence", tmp_path / "drill.json")
    assert tr["throughput_source"] == "drill" and tr["bandwidth_mbps"] == 50 and tr["efficiency"] == 1.0
    assert tr["days"] == 1.67      # 900 GB at a measured 50 Mbit/s
    assert tr["drill"]["file"] == "drill.json" and tr["drill"]["result"] == "passed"
    assert tr["drill"]["target_provider"] == "alpha"


@pytest.mark.parametrize("content, place", [
    ("not json", "not JSON"),
    (json.dumps({"format": "migrate-plan"}), "format"),
    (json.dumps({**drill_doc(), "schema_version": 2}), "schema_version"),
    (json.dumps({k: v for k, v in drill_doc().items() if k != "throughput"}), "throughput"),
    (json.dumps(drill_doc(megabits_per_second=0)), "throughput.megabits_per_second"),
    (json.dumps(drill_doc(measured_seconds="fast")), "throughput.measured_seconds"),
    (json.dumps({**drill_doc(), "result": "maybe"}), "result"),
])
def test_bad_drill_evidence_is_refused_and_nothing_written(run, frozen, tmp_path, content, place):
    bad = tmp_path / "drill.json"
    bad.write_text(content)
    inv = write_inventory(tmp_path / "inv.json", ESTATE)
    result = run("plan", inv, *frozen, "--drill-evidence", bad, "--out", tmp_path / "out", ok=False)
    assert result.exit_code == 2
    assert str(bad) in result.stderr and place in result.stderr and "fix:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_drill_file_and_bad_bandwidth(run, frozen, tmp_path):
    inv = write_inventory(tmp_path / "inv.json", ESTATE)
    result = run("plan", inv, *frozen, "--drill-evidence", tmp_path / "nope.json", ok=False)
    assert result.exit_code == 2 and "nope.json" in result.stderr
    result = run("plan", inv, *frozen, "--bandwidth-mbps", "0", ok=False)
    assert result.exit_code == 2


def test_unquoted_yaml_date_for_the_data_act(run, frozen, tmp_path):
    inv = write_inventory(tmp_path / "inv.json", ESTATE)
    (tmp_path / "c.yaml").write_text("tco:\n  egress:\n    switch_completed_on: 2027-02-01\n")
    run("plan", inv, *frozen, "--config", tmp_path / "c.yaml", "--out", tmp_path / "out")
    doc = load_json(tmp_path / "out" / "plan.json")
    assert doc["inputs"]["config"]["tco"]["egress"]["switch_completed_on"] == "2027-02-01"
    assert doc["transfer"]["egress"]["applied"] == "data-act"
    (tmp_path / "c.yaml").write_text("tco:\n  egress:\n    switch_completed_on: next spring\n")
    result = run("plan", inv, *frozen, "--config", tmp_path / "c.yaml", ok=False)
    assert result.exit_code == 2 and "tco.egress.switch_completed_on" in result.stderr


def test_plan_md_says_the_throughput_was_measured(run, frozen, tmp_path):
    (tmp_path / "drill.json").write_text(json.dumps(drill_doc()))
    inv = write_inventory(tmp_path / "inv.json", ESTATE)
    md = run("plan", inv, *frozen, "--drill-evidence", tmp_path / "drill.json", "--format", "md").stdout
    assert "## Data transfer" in md and "measured by an exit drill, drill.json, result passed" in md
    assert "## Total cost of ownership over 3 years" in md and "## Best provider mix" in md
