"""`migrate compare` and the best provider mix: ranking, one provider against two, the penalty, and requirements."""

import csv
import io
import json

import yaml
from conftest import GOLDEN, load_json
from test_tco import vm, write_inventory
from test_transfer import storage


def estate(tmp_path, penalty_per_year, training=0):
    """A Linux D2s_v5 VM and a 100,000 GB storage account, over 1 year at 100 EUR/person-day.

    compute.vm:     alpha a-s 0.05 x 730 = 36.50/month -> 438 + 0.5 d x 100 = 488.00
                    beta  b-2 0.04 x 730 = 29.20/month -> 350.40 + 50 = 400.40
    storage.object: alpha 0.01 x 100,000 = 1,000/month -> 12,000 + 50 = 12,050.00
                    beta  0.02 x 100,000 = 2,000/month -> 24,000 + 50 = 24,050.00
    shared egress:  100 GB free + 1,000 x 0.10 + 98,900 x 0.05 = 5,045.00 (no dual running)
    alpha alone 17,583.00; beta alone 29,495.40; beta VM + alpha storage 17,495.40 + penalty.
    """
    inv = write_inventory(tmp_path / "inv.json", [vm("vm1", "Standard_D2s_v5"), storage("lake", 100_000)])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml.safe_dump({"effort": {"per_data_tb": [0, 0, 0]}, "tco": {
        "years": 1, "labour": {"day_rate_eur": 100}, "dual_running": {"months": 0}, "training": {"per_provider_eur": training},
        "best_mix": {"penalty_per_extra_provider_eur_per_year": penalty_per_year}}}))
    return inv, cfg


def compare_json(run, frozen, inv, cfg, *args):
    return json.loads(run("compare", inv, *frozen, "--config", cfg, "--format", "json", *args).stdout)


def test_two_providers_beat_one_without_a_penalty(run, frozen, tmp_path):
    out = compare_json(run, frozen, *estate(tmp_path, 0))
    mix = out["best_mix"]
    assert mix["providers"] == ["alpha", "beta"]
    assert {a["service_class"]: (a["provider"], a["tco_eur"]) for a in mix["assignment"]} == {
        "compute.vm": ("beta", 400.4), "storage.object": ("alpha", 12050.0)}
    assert mix["tco_eur"] == 17495.4
    assert mix["single_best"] == {"provider": "alpha", "tco_eur": 17583.0, "lower_bound": False, "saving_of_mix_eur": 87.6}
    # The single best of the mix is the same figure as alpha's own TCO
    tco = {p["provider"]: p["tco_eur"] for p in out["providers"]}
    assert tco == {"alpha": 17583.0, "beta": 29495.4}
    assert [p["provider"] for p in out["providers"]] == ["alpha", "beta"]      # ranked by TCO


def test_the_penalty_makes_one_provider_win(run, frozen, tmp_path):
    mix = compare_json(run, frozen, *estate(tmp_path, 100))["best_mix"]      # 17,495.40 + 100 > 17,583
    assert mix["providers"] == ["alpha"] and mix["tco_eur"] == 17583.0
    assert {a["provider"] for a in mix["assignment"]} == {"alpha"}
    assert mix["penalty_per_extra_provider_eur"] == 100.0


def test_training_per_provider_counts_in_the_mix(run, frozen, tmp_path):
    # alpha alone 17,583 + 100 = 17,683 < the mix 17,495.40 + 2 x 100 = 17,695.40
    mix = compare_json(run, frozen, *estate(tmp_path, 0, training=100))["best_mix"]
    assert mix["providers"] == ["alpha"] and mix["tco_eur"] == 17683.0


def test_requirements_are_respected(run, frozen, tmp_path):
    inv, cfg = estate(tmp_path, 0)
    mix = compare_json(run, frozen, inv, cfg, "--require", "secnumcloud")["best_mix"]
    # beta holds no SecNumCloud; alpha's object storage is not qualified: storage is a gap everywhere
    assert mix["requirements"] == ["secnumcloud"]
    assert [(a["service_class"], a["provider"]) for a in mix["assignment"]] == [("compute.vm", "alpha")]
    assert [(u["service_class"], u["resources"]) for u in mix["unplaced"]] == [("storage.object", 1)]


def test_golden_mix_never_places_a_class_where_it_is_a_gap(run, frozen, tmp_path):
    for reqs in ([], ["--require", "secnumcloud"]):
        out = tmp_path / str(len(reqs))
        run("plan", GOLDEN / "inventory.json", *frozen, *reqs, "--out", out)
        doc = load_json(out / "plan.json")
        gaps = {(r["service_class"], p) for r in doc["resources"] for p, t in r["targets"].items() if t["status"] == "gap"}
        mix = doc["best_mix"]
        assert mix["assignment"], reqs
        for a in mix["assignment"]:
            assert (a["service_class"], a["provider"]) not in gaps
        placed = {a["service_class"] for a in mix["assignment"]} | {u["service_class"] for u in mix["unplaced"]}
        assert "compute.vm" in placed and len(placed) == len(mix["assignment"]) + len(mix["unplaced"])


def test_csv_and_table(run, frozen, tmp_path):
    inv, cfg = estate(tmp_path, 0)
    rows = list(csv.DictReader(io.StringIO(run("compare", inv, *frozen, "--config", cfg, "--format", "csv").stdout)))
    assert [r["provider"] for r in rows] == ["alpha", "beta"] and rows[0]["tco_eur"] == "17583.0"
    table = run("compare", inv, *frozen, "--config", cfg).stdout
    assert "Providers ranked by 1-year TCO" in table and "alpha + beta: TCO 17,495.40 EUR" in table
    assert "single best provider: alpha 17,583.00 EUR" in table


def test_demo_ranks_providers_and_the_mix_satisfies_secnumcloud(run, tmp_path):
    run("plan", "--demo", "--require", "secnumcloud", "--out", tmp_path)
    doc = load_json(tmp_path / "plan.json")
    mix = doc["best_mix"]
    assert mix["tco_eur"] is not None and mix["providers"]
    qualified = {p["id"] for p in doc["providers"]
                 if any(q["id"] == "secnumcloud" and q["status"] == "qualified" for q in p["qualifications"])}
    assert set(mix["providers"]) <= qualified
    by_id = {r["id"]: r for r in doc["resources"]}

    def unit(r):
        # The mix places GPU machines (and what they carry) apart from the other resources of their class.
        host = by_id.get(r["parent"]) if r.get("parent") else r
        return r["service_class"] + (" (GPU)" if (host["sizing"].get("gpu") or {}).get("count") else "")

    gaps = {(unit(r), p) for r in doc["resources"] for p, t in r["targets"].items() if t["status"] == "gap"}
    assert all((a["service_class"], a["provider"]) not in gaps for a in mix["assignment"])
    for p in doc["providers"]:
        t = p["tco"]
        assert t["total_eur"] == round(t["run_total_eur"] + t["one_off_total_eur"], 2)
    out = json.loads(run("compare", "--demo", "--require", "secnumcloud", "--format", "json").stdout)
    assert len(out["providers"]) == len(doc["providers"]) and out["best_mix"] == mix
    ranked = [(not p["complete"], p["tco_eur"]) for p in out["providers"]]
    assert ranked == sorted(ranked)
