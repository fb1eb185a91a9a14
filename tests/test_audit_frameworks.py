"""Frameworks as data: every requirement maps to existing checks, each says where its wording was verified,
and `migrate audit --framework` / `--list-frameworks` run and list them."""

import json

import pytest
import yaml
from audit_fixtures import clean_plan, full_evidence, plan, res

from migrate.audit.frameworks import by_id, frameworks, iaas_classes, requirement_status
from migrate.audit.registry import CHECKS
from migrate.bundled import catalog_dir
from migrate.errors import MigrateError

AS_OF = ["--as-of", "2026-11-24"]


def test_at_least_seven_frameworks_each_requirement_maps_to_existing_checks():
    fws = frameworks()
    ids = {c.id for c in CHECKS}
    assert len(fws) >= 7
    assert {"dora", "rts-2024-1773", "eba-gl-2019-02", "eu-data-act", "secnumcloud-3.2", "hds-v2",
            "sren-art31", "eu-cloud-sovereignty"} <= {f.id for f in fws}
    for f in fws:
        assert f.requirements and f.document["url"].startswith("https://")
        assert len({r.id for r in f.requirements}) == len(f.requirements), f.id
        for r in f.requirements:
            assert r.checks and set(r.checks) <= ids, (f.id, r.id)
            v = r.verified
            assert v["status"] in ("confirmed", "unconfirmed") and v["source"]
            # a confirmed wording names where it was read and when; an unconfirmed one says so
            if v["status"] == "confirmed":
                assert v["source"].startswith("http") and v["as_of"] != "unknown" and v["basis"] != "research-note"


def test_every_check_evidences_at_least_one_requirement():
    cited = {c for f in frameworks() for r in f.requirements for c in r.checks}
    assert cited == {c.id for c in CHECKS}


def test_the_figures_the_issue_names_are_in_the_frameworks():
    data_act = {r.id: r for r in by_id("eu-data-act").requirements}
    assert "30 calendar days" in data_act["art-25-2-a"].summary and "two months" in data_act["art-25-2-d"].summary
    assert "at least 30" in data_act["art-25-2-g"].summary and "12 January 2027" in data_act["art-29"].summary
    snc = {r.id: r for r in by_id("secnumcloud-3.2").requirements}
    assert "24 %" in snc["19-6-b"].summary and "39 %" in snc["19-6-b"].summary
    rts = {r.id: r for r in by_id("rts-2024-1773").requirements}
    summary = rts["art-10-1-scenarios"].summary
    assert "persistent service interruptions" in summary and "failed service delivery" in summary
    assert "unexpected termination" in summary and "compatible with the exit" in rts["art-10-2"].summary


def test_every_service_class_is_classed_iaas_or_not_exactly_once():
    classes = set(yaml.safe_load((catalog_dir() / "azure.yaml").read_text())["service_classes"])
    sc = by_id("eu-data-act").service_classes
    assert not set(sc["iaas"]) & set(sc["not_iaas"])
    assert set(sc["iaas"]) | set(sc["not_iaas"]) == classes
    assert {"compute.vm", "compute.disk", "network.vnet"} <= iaas_classes() and "db.postgresql" not in iaas_classes()


def test_requirement_status_rolls_up_its_checks():
    assert requirement_status(["PASS", "FAIL", "UNKNOWN"]) == "FAIL"
    assert requirement_status(["PASS", "UNKNOWN"]) == "UNKNOWN"
    assert requirement_status(["SKIPPED", "SKIPPED"]) == "SKIPPED"
    assert requirement_status(["PASS", "SKIPPED"]) == "PASS"
    with pytest.raises(MigrateError, match="unknown framework"):
        by_id("nis2")


def test_list_frameworks(run):
    r = run("audit", "--list-frameworks")
    assert r.exit_code == 0
    assert "dora:" in r.stdout and "Art. 28(8): C02, C23, C25, C26, C27" in r.stdout and "(unconfirmed)" in r.stdout
    listed = json.loads(run("audit", "--list-frameworks", "--format", "json").stdout)
    assert len(listed) >= 7 and all(f["requirements"] for f in listed)


def test_audit_one_framework_runs_its_checks_and_shows_its_requirements(run, tmp_path):
    from test_audit_cli import write_evidence

    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    evidence = write_evidence(tmp_path, full_evidence())
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--framework", "rts-2024-1773")
    assert r.exit_code == 0 and "Art. 10(1)(a)-(c)" in r.stdout and "framework rts-2024-1773" in r.stdout
    doc = json.loads(run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--framework",
                         "rts-2024-1773", "--format", "json").stdout)
    assert sorted(c["id"] for c in doc["checks"]) == ["C03", "C19", "C20", "C22", "C23", "C24", "C25", "C26", "C27"]
    assert {r["id"]: r["status"] for r in doc["framework"]["requirements"]} == {
        "art-10-1": "PASS", "art-10-1-scenarios": "PASS", "art-10-2": "PASS"}
    # without evidence the requirements are not proven
    (tmp_path / "p2.json").write_text(json.dumps(plan([res("a")])))
    r = run("audit", tmp_path / "p2.json", *AS_OF, "--framework", "dora", "--format", "json", ok=False)
    assert r.exit_code == 3
    reqs = {q["id"]: q["status"] for q in json.loads(r.stdout)["framework"]["requirements"]}
    assert reqs["art-28-8"] == "UNKNOWN" and reqs["art-29"] == "SKIPPED" and "FAIL" not in reqs.values()
    assert reqs["art-28-8-alternatives"] == "PASS"      # every resource has a target; no lock-in, nothing critical
    r = run("audit", tmp_path / "p2.json", "--framework", "nis2", ok=False)
    assert r.exit_code == 2 and "--list-frameworks" in r.stderr
