"""`migrate diff`: two plans of the demo estate with one known change give exactly that change."""

import copy
import json

import pytest

from conftest import load_json

from migrate.bundled import demo_inventory
from migrate.diff import diff_plans, evaluate, parse_rule
from migrate.errors import MigrateError

REMOVED = "alert-vm-cpu-sas01"      # a metric alert nothing depends on
RESIZED = "vmhdhsftp01"             # Standard_D4s_v5 -> Standard_E64s_v5 (both in the frozen test catalogue)
ADDED = "stnewarchive01"            # a copy of the first storage account


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The demo plan and the plan of the demo with the three changes, on the frozen test catalogue."""
    from click.testing import CliRunner
    from conftest import TEST_CATALOG
    from migrate.cli import cli

    tmp = tmp_path_factory.mktemp("diff")
    doc = load_json(demo_inventory())
    rows = doc["data"]
    rows.remove(next(r for r in rows if r["name"] == REMOVED))
    next(r for r in rows if r["name"] == RESIZED)["properties"]["hardwareProfile"]["vmSize"] = "Standard_E64s_v5"
    sa = copy.deepcopy(next(r for r in rows if r["type"] == "microsoft.storage/storageaccounts"))
    sa["id"], sa["name"] = sa["id"].rsplit("/", 1)[0] + "/" + ADDED, ADDED
    rows.append(sa)
    doc["count"] = doc["total_records"] = len(rows)
    (tmp / "changed.json").write_text(json.dumps(doc))
    frozen = ["--catalog-dir", str(TEST_CATALOG), "--no-bundled-catalogs"]
    for name, source in (("old", str(demo_inventory())), ("new", str(tmp / "changed.json"))):
        r = CliRunner().invoke(cli, ["plan", source, *frozen, "--out", str(tmp / name)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
    return tmp


def _diff(run, plans, *args, ok=True):
    return run("diff", plans / "old" / "plan.json", plans / "new" / "plan.json", *args, ok=ok)


def test_the_known_change_and_nothing_else(run, plans):
    d = json.loads(_diff(run, plans, "--format", "json").stdout)
    assert [r["name"] for r in d["resources"]["added"]] == [ADDED]
    assert [r["name"] for r in d["resources"]["removed"]] == [REMOVED]
    assert d["resources"]["in_both"] == 277
    touched = {c["name"] for p in d["providers"] for c in p["changes"]}
    # the VM's network interface is included on it and follows its status
    assert touched == {RESIZED, f"{RESIZED}-nic-01"}
    assert all(p["repriced"]["resources"] == 0 for p in d["providers"])
    # Azure today: the VM's hourly list price goes from 0.2 to 4.0 EUR (frozen catalogue), x 730 hours; the
    # new storage account is priced on the stated default capacity (quantity assumed) and the removed alert
    # has no price, so nothing else moves
    added = next(r for r in load_json(plans / "new" / "plan.json")["resources"] if r["name"] == ADDED)["azure"]
    assert added["quantity_assumed"] is True
    assert d["azure"]["monthly_eur"]["abs"] == pytest.approx((4.0 - 0.2) * 730 + added["monthly_eur"])
    # the VM outgrows both providers' largest flavours: equivalent -> partial, on the largest one
    alpha, beta = (next(p for p in d["providers"] if p["id"] == pid) for pid in ("alpha", "beta"))
    a, b = (next(c for c in p["changes"] if c["name"] == RESIZED) for p in (alpha, beta))
    assert (a["from"]["status"], a["to"]["status"], a["from"]["offer_id"], a["to"]["offer_id"]) == \
        ("equivalent", "partial", "a-m", "a-l")
    assert (b["from"]["status"], b["to"]["status"], b["from"]["offer_id"], b["to"]["offer_id"]) == \
        ("equivalent", "partial", "b-8", "b-8")
    assert a["from"]["disposition"] == a["to"]["disposition"] == "offer"
    old, new = load_json(plans / "old" / "plan.json"), load_json(plans / "new" / "plan.json")
    old_a = next(p for p in old["providers"] if p["id"] == "alpha")["scenario"]
    new_a = next(p for p in new["providers"] if p["id"] == "alpha")["scenario"]
    added_target = next(r for r in new["resources"] if r["name"] == ADDED)["targets"]
    m = alpha["monthly_eur"]
    assert (m["old"], m["new"]) == (old_a["monthly_eur"], new_a["monthly_eur"])
    # alpha: the larger flavour plus the added account on its default capacity; nothing else moves
    assert m["abs"] == pytest.approx(new_a["monthly_eur"] - old_a["monthly_eur"]) == \
        pytest.approx(a["monthly_eur"]["abs"] + added_target["alpha"]["monthly_eur"])
    assert m["pct"] == pytest.approx(m["abs"] / old_a["monthly_eur"] * 100, abs=0.01)
    assert b["monthly_eur"]["abs"] == 0                                          # same flavour, same price
    assert beta["monthly_eur"]["abs"] == pytest.approx(added_target["beta"]["monthly_eur"])
    # counts by disposition: the VM stays on an offer (equivalent -> partial), the new storage account goes to
    # an offer, the removed alert had no offer in the frozen catalogue and stayed on Azure
    assert {k: v["abs"] for k, v in alpha["dispositions"].items()} == {"offer": 1, "stays-on-azure": -1}
    old_p = next(p for p in old["providers"] if p["id"] == "alpha")
    new_p = next(p for p in new["providers"] if p["id"] == "alpha")
    assert alpha["tco_total_eur"]["abs"] == pytest.approx(new_p["tco"]["total_eur"] - old_p["tco"]["total_eur"])
    assert alpha["effort_days_likely"]["old"] == old_p["effort_days"]["likely"]
    assert all(not p["gaps"]["new"] and not p["gaps"]["closed"] for p in d["providers"])
    assert d["audit"] is None and d["old"]["sha256"] and d["new"]["schema_version"] == 2


def test_markdown_and_table(run, plans):
    md = _diff(run, plans, "--format", "md").stdout
    assert md.startswith("### Exit plan diff")
    assert f"- added `microsoft.storage/storageaccounts` {ADDED}" in md
    assert f"- removed `microsoft.insights/metricalerts` {REMOVED}" in md
    assert f"| {RESIZED} " in md and "| provider " in md and "<details>" in md
    text = _diff(run, plans).stdout
    assert "Resources: +1 added, -1 removed, 277 in both" in text
    assert f"alpha: {RESIZED} (microsoft.compute/virtualmachines): equivalent a-m -> partial a-l" in text


def test_fail_on_rules_set_the_exit_code(run, plans):
    # old -> new raises alpha's monthly cost by 1.3 % (larger flavour, added account) and beta's by 0.8 %
    result = _diff(run, plans, "--fail-on", "cost-increase>1%", "--fail-on", "cost-increase>5%",
                   "--fail-on", "cost-increase:beta>25", "--format", "json", ok=False)
    assert result.exit_code == 1
    rules = {r["rule"]: r for r in json.loads(result.stdout)["rules"]}
    assert rules["cost-increase>1%"]["triggered"] and rules["cost-increase>1%"]["detail"] == [
        d for d in rules["cost-increase>1%"]["detail"] if d.startswith("alpha ")] != []
    assert not rules["cost-increase>5%"]["triggered"] and not rules["cost-increase:beta>25"]["triggered"]
    assert "fail-on cost-increase>1%: alpha" in result.stderr
    assert _diff(run, plans, "--fail-on", "cost-increase>5%").exit_code == 0
    assert _diff(run, plans, "--fail-on", "cost-increase>10", ok=False).exit_code == 1  # +37 EUR/month
    back = run("diff", plans / "new" / "plan.json", plans / "old" / "plan.json", "--fail-on", "cost-increase>1%")
    assert back.exit_code == 0                                                        # a decrease breaks nothing


def test_new_gap_rule(plans):
    old = load_json(plans / "old" / "plan.json")
    new = copy.deepcopy(old)
    alpha = next(p for p in new["providers"] if p["id"] == "alpha")
    alpha["gaps"].append({"service_class": "ai.search", "title": "Search", "resources": 2, "severity": "high",
                          "reason": "r", "replacement": "OpenSearch", "data_bearing": False})
    d = diff_plans(old, new, old_meta={"file": "a"}, new_meta={"file": "b"})
    assert [g["service_class"] for g in next(p for p in d["providers"] if p["id"] == "alpha")["gaps"]["new"]] == ["ai.search"]
    assert evaluate(parse_rule("new-gap>=high"), d)["triggered"]
    assert evaluate(parse_rule("new-gap>=medium"), d)["triggered"]
    assert not evaluate(parse_rule("new-gap>=critical"), d)["triggered"]
    assert not evaluate(parse_rule("new-gap:beta>=low"), d)["triggered"]
    closed = diff_plans(new, old, old_meta={"file": "b"}, new_meta={"file": "a"})
    assert [g["service_class"] for p in closed["providers"] for g in p["gaps"]["closed"]] == ["ai.search"]


def test_audit_regression_from_audits_beside_the_plans(run, plans, tmp_path):
    import shutil

    for side in ("old", "new"):
        shutil.copytree(plans / side, tmp_path / side)
        run("audit", tmp_path / side / "plan.json", "--format", "json", "-o", tmp_path / side / "audit.json",
            "--as-of", "2026-11-24", "--soft-fail")
    audit = load_json(tmp_path / "new" / "audit.json")
    passed = next(c for c in audit["checks"] if c["status"] == "PASS")
    passed["status"] = "FAIL"
    (tmp_path / "new" / "audit.json").write_text(json.dumps(audit))
    result = run("diff", tmp_path / "old" / "plan.json", tmp_path / "new" / "plan.json", "--fail-on", "audit-regression",
                 "--format", "json", ok=False)
    assert result.exit_code == 1
    d = json.loads(result.stdout)
    assert [(c["id"], c["from"], c["to"], c["regression"]) for c in d["audit"]["changes"]] == \
        [(passed["id"], "PASS", "FAIL", True)]
    assert d["audit_notes"] == []                                       # each audit was run on its plan
    # an audit of another plan is used, with a note saying so
    result = run("diff", tmp_path / "old" / "plan.json", tmp_path / "new" / "plan.json",
                 "--old-audit", tmp_path / "new" / "audit.json", "--format", "json", ok=False)
    assert "different plan" in json.loads(result.stdout)["audit_notes"][0]


def test_plans_of_different_schema_versions_are_refused(run, plans, tmp_path):
    doc = load_json(plans / "new" / "plan.json")
    doc["schema_version"] = 3
    (tmp_path / "v3.json").write_text(json.dumps(doc))
    result = run("diff", plans / "old" / "plan.json", tmp_path / "v3.json", ok=False)
    assert result.exit_code == 2
    assert "schema_version 2" in result.stderr and "and 3" in result.stderr and "not comparable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_version_2_fields_are_read_when_present(plans):
    """Scenario totals and target dispositions (the plan version 2 shape) win over monthly_eur and status."""
    old = load_json(plans / "old" / "plan.json")
    new = copy.deepcopy(old)
    for doc, total in ((old, 1000.0), (new, 1100.0)):
        doc["schema_version"] = 2
        for p in doc["providers"]:
            p["scenario"] = {"monthly_eur": total, "by_disposition": {"offer": {"resources": 3, "monthly_eur": total}}}
    target = new["resources"][0]["targets"]["alpha"]
    target["disposition"] = "stays-on-azure"
    d = diff_plans(old, new, old_meta={"file": "a"}, new_meta={"file": "b"})
    alpha = next(p for p in d["providers"] if p["id"] == "alpha")
    assert alpha["monthly_eur"] == {"old": 1000.0, "new": 1100.0, "abs": 100.0, "pct": 10.0}
    assert [c["to"]["disposition"] for c in alpha["changes"]] == ["stays-on-azure"]
    assert evaluate(parse_rule("cost-increase>5%"), d)["triggered"]


@pytest.mark.parametrize("rule", ["cost-increase>", "cost>5%", "new-gap>=huge", "audit"])
def test_bad_rules_are_refused(run, plans, rule):
    result = _diff(run, plans, "--fail-on", rule, ok=False)
    assert result.exit_code == 2 and "unknown --fail-on rule" in result.stderr and "cost-increase>5%" in result.stderr


def test_audit_regression_without_audits_is_an_input_error(run, plans):
    result = _diff(run, plans, "--fail-on", "audit-regression", ok=False)
    assert result.exit_code == 2 and "needs the audit of both plans" in result.stderr


def test_not_a_plan(run, plans, tmp_path):
    (tmp_path / "audit.json").write_text(json.dumps({"format": "migrate-audit", "schema_version": 1}))
    result = run("diff", plans / "old" / "plan.json", tmp_path / "audit.json", ok=False)
    assert result.exit_code == 2 and "not a migrate plan" in result.stderr


def test_zero_old_cost_counts_as_an_increase():
    d = {"providers": [{"id": "x", "in": "both", "monthly_eur": {"old": 0.0, "new": 5.0, "abs": 5.0, "pct": None}}]}
    assert evaluate(parse_rule("cost-increase>50%"), d)["triggered"]
    with pytest.raises(MigrateError):
        evaluate(parse_rule("cost-increase:nobody>5%"), d)
