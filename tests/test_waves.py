"""Migration waves: dependencies never move after their dependants, coupled groups move together,
and each wave carries its data and effort. Run on crafted estates and on the demo (issue 6's
"done when": `migrate plan --demo --waves 4 --out D`)."""

import csv
import json

import numpy as np
import pandas as pd
import pytest

from conftest import load_json

from migrate.estimate.graph import strong_components
from migrate.estimate.waves import assign_waves, coupled_groups

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"


def res(name, rtype, **props):
    kind = rtype.rsplit("/", 1)[-1]
    return {"id": f"{SUB}/{rtype}/{name}", "type": rtype, "name": name, "location": "francecentral",
            "properties": props, "_kind": kind}


def estate(tmp_path, items):
    path = tmp_path / "estate.json"
    path.write_text(json.dumps({"data": [{k: v for k, v in i.items() if not k.startswith("_")} for i in items]}))
    return path


def assert_dependencies_respected(doc):
    wave = {r["id"]: r["wave"] for r in doc["resources"]}
    checked = 0
    for r in doc["resources"]:
        for d in r["depends_on"]:
            if r["wave"] is not None and wave[d] is not None:
                assert wave[d] <= r["wave"], (r["id"], d)
                checked += 1
    return checked


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from click.testing import CliRunner

    from migrate.cli import cli

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["plan", "--demo", "--waves", "4", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return load_json(out / "plan.json"), result.output, (out / "plan.md").read_text()


def test_demo_waves_respect_every_dependency(demo):
    doc, stdout, md = demo
    assert doc["waves"]["parameters"]["waves"] == 4
    assert [w["number"] for w in doc["waves"]["items"]] == [1, 2, 3, 4]
    assert assert_dependencies_respected(doc) > 300
    assert doc["dependencies"]["edges"] > 300
    # Every moving resource is in exactly one wave; retired ones in none.
    in_waves = [i for w in doc["waves"]["items"] for i in w["resources"]]
    assert len(in_waves) == len(set(in_waves))
    moving = {r["id"] for r in doc["resources"] if r["disposition"] != "retire"}
    assert set(in_waves) == moving
    assert all(r["wave"] is None for r in doc["resources"] if r["disposition"] == "retire")
    assert "Migration waves" in stdout and "## Migration waves" in md


def test_demo_cycles_and_children_move_together(demo):
    doc = demo[0]
    wave = {r["id"]: r["wave"] for r in doc["resources"]}
    assert doc["dependencies"]["cycles"], "the demo's peered networks form a cycle"
    for cycle in doc["dependencies"]["cycles"]:
        assert len({wave[i] for i in cycle}) == 1
    lower = {i.lower(): i for i in wave}
    children = 0
    for r in doc["resources"]:
        parent = r["id"].rsplit("/", 2)[0]
        if r["type"].count("/") > 1 and parent.lower() in lower and r["wave"] is not None:
            assert wave[lower[parent.lower()]] == r["wave"], r["id"]
            children += 1
    assert children > 20


def test_demo_wave_effort_and_data_add_up(demo):
    doc = demo[0]
    items = doc["waves"]["items"]
    by_id = {r["id"]: r for r in doc["resources"]}
    for p in doc["providers"]:
        moving_likely = sum(r["targets"][p["id"]]["effort_days"]["likely"] for r in doc["resources"] if r["wave"])
        assert sum(w["effort_days"][p["id"]]["likely"] for w in items) == pytest.approx(moving_likely, abs=0.05)
        for w in items:
            e = w["effort_days"][p["id"]]
            assert e["low"] <= e["likely"] <= e["high"]
    for w in items:
        flagged = {d["id"] for d in w["data_bearing"]}
        assert flagged == {i for i in w["resources"] if by_id[i]["data_bearing"]}
        known = [by_id[i]["sizing"]["storage_gb"] for i in flagged if by_id[i]["sizing"]["storage_gb"] is not None]
        assert w["data_gb"] == pytest.approx(sum(known), abs=0.05)
        assert w["unknown_size"] == len(flagged) - len(known)


def test_chain_is_ordered_and_database_moves_with_its_apps(run, frozen, tmp_path):
    # app -> plan (serverFarmId); app and api reference the database, which must move with them;
    # vm -> nic (a 'network-interface' dependency: the nic moves first or with it).
    db = res("pg1", "Microsoft.DBforPostgreSQL/flexibleServers", storage={"storageSizeGB": 256})
    plan = res("plan1", "Microsoft.Web/serverfarms")
    app = res("app1", "Microsoft.Web/sites", serverFarmId=plan["id"], db={"id": db["id"]})
    api = res("api1", "Microsoft.Web/sites", db={"id": db["id"]})
    nic = res("nic1", "Microsoft.Network/networkInterfaces")
    vm = res("vm1", "Microsoft.Compute/virtualMachines", networkProfile={"networkInterfaces": [{"id": nic["id"]}]})
    watcher = res("nw1", "Microsoft.Network/networkWatchers")
    out = tmp_path / "out"
    run("plan", estate(tmp_path, [db, plan, app, api, nic, vm, watcher]), *frozen, "--waves", "3", "--out", out)
    doc = load_json(out / "plan.json")
    wave = {r["name"]: r["wave"] for r in doc["resources"]}
    assert wave["pg1"] == wave["app1"] == wave["api1"]      # coupled: a database and the apps using it
    assert wave["plan1"] <= wave["app1"]
    assert wave["nic1"] <= wave["vm1"]
    assert wave["nw1"] is None                               # retired: does not move
    groups = sum(w["groups"] for w in doc["waves"]["items"])
    assert groups == 4                                       # {pg1, app1, api1}, plan1, nic1, vm1
    pg = [d for w in doc["waves"]["items"] for d in w["data_bearing"] if d["id"].endswith("/pg1")]
    assert pg == [{"id": db["id"], "data_gb": 256.0}]
    assert assert_dependencies_respected(doc) == 4  # app->plan, app->pg1, api->pg1, vm->nic1
    with open(out / "resources.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["name"], r["wave"]) for r in rows} == {(n, "" if w is None else str(w)) for n, w in wave.items()}


def test_max_wave_days_caps_each_wave(run, frozen, tmp_path):
    vms = [res(f"vm{i}", "Microsoft.Compute/virtualMachines") for i in range(6)]
    out = tmp_path / "out"
    result = run("plan", estate(tmp_path, vms), *frozen, "--max-wave-days", "0.5", "--team", "2", "--out", out)
    doc = load_json(out / "plan.json")
    par = doc["waves"]["parameters"]
    assert par["max_wave_person_days"] == 1.0 and par["team_size"] == 2
    per_vm = max(r["targets"][p]["effort_days"]["likely"] for r in doc["resources"] for p in r["targets"])
    for w in doc["waves"]["items"]:
        heaviest = max(e["likely"] for e in w["effort_days"].values())
        assert heaviest <= 1.0 or len(w["resources"]) == 1
    assert len(doc["waves"]["items"]) == -(-6 // max(1, int(1.0 // per_vm)))
    assert "at most 0.5 working days of a team of 2" in result.output


def test_waves_options_are_exclusive_and_checked(run, frozen, tmp_path):
    path = estate(tmp_path, [res("vm1", "Microsoft.Compute/virtualMachines")])
    both = run("plan", path, *frozen, "--waves", "2", "--max-wave-days", "10", ok=False)
    assert both.exit_code == 2 and "not both" in both.stderr
    zero = run("plan", path, *frozen, "--waves", "0", ok=False)
    assert zero.exit_code == 2


def test_no_waves_requested_means_null(run, frozen, tmp_path):
    out = tmp_path / "out"
    run("plan", estate(tmp_path, [res("vm1", "Microsoft.Compute/virtualMachines")]), *frozen, "--out", out)
    doc = load_json(out / "plan.json")
    assert doc["waves"] is None
    assert doc["resources"][0]["wave"] is None and doc["resources"][0]["depends_on"] == []


def _edges(pairs, kinds=None):
    src, dst = zip(*pairs) if pairs else ((), ())
    return pd.DataFrame({"src": list(src), "dst": list(dst), "kind": kinds or ["reference"] * len(pairs),
                         "field": "x", "target": None})


def test_merging_that_closes_a_cycle_between_groups_is_condensed():
    # No cycle as given (2 -> 0 -> 1, 2 -> 1, 3 -> 0), but 2 is a child of 1, so {1, 2} move together;
    # that group depends on 0 and 0 depends on it: all three must become one group.
    edges = _edges([(0, 1), (2, 1), (2, 0), (3, 0)], ["reference", "parent", "reference", "reference"])
    moving = np.ones(4, dtype=bool)
    group, e = coupled_groups(4, edges, moving, np.array([""] * 4, dtype=object), ["parent"], ["databases"])
    assert len(set(strong_components(4, e["src"].to_numpy(), e["dst"].to_numpy()))) == 4  # no cycle before merging
    assert group[0] == group[1] == group[2] != group[3]
    wave = assign_waves(group, e, moving, np.ones(4), n_waves=4)
    assert wave[0] == wave[1] == wave[2] <= wave[3]


def test_random_graphs_never_put_a_dependency_after_its_dependant():
    rng = np.random.default_rng(11)
    for trial in range(30):
        n = int(rng.integers(5, 60))
        m = int(rng.integers(0, 3 * n))
        pairs = [(int(a), int(b)) for a, b in rng.integers(0, n, size=(m, 2)) if a != b]  # cycles included
        kinds = [str(k) for k in rng.choice(["parent", "reference", "subnet"], size=len(pairs))]
        edges = _edges(pairs, kinds)
        moving = rng.random(n) > 0.1
        family = rng.choice(["databases", "compute", ""], size=n).astype(object)
        group, e = coupled_groups(n, edges, moving, family, ["parent"], ["databases"])
        weight = rng.uniform(0, 5, n)
        for kw in ({"n_waves": int(rng.integers(1, 6))}, {"max_weight": float(rng.uniform(1, 20))}):
            wave = assign_waves(group, e, moving, weight, **kw)
            assert (wave[~moving] == 0).all() and (wave[moving] >= 1).all()
            for (a, b), k in zip(pairs, kinds):
                if moving[a] and moving[b]:
                    assert wave[b] <= wave[a], (trial, a, b)
                    if k == "parent" or family[b] == "databases":
                        assert wave[a] == wave[b]
            if "n_waves" in kw:
                assert wave.max() <= kw["n_waves"]
            assert sorted(set(wave[moving])) == list(range(1, wave.max() + 1))  # no empty wave
