"""`migrate audit` end to end: plan -> audit, evidence files, formats, exit codes, bad input."""

import json
import xml.etree.ElementTree as ET

import pytest
import yaml
from audit_fixtures import clean_plan, drill, full_evidence, plan, res
from conftest import GOLDEN

from migrate.audit.registry import CHECKS

AS_OF = ["--as-of", "2026-11-24"]


@pytest.fixture(scope="module")
def golden_plan(tmp_path_factory):
    """The golden estate planned on the frozen catalogue (its pg-1 and stlake carry tags)."""
    from click.testing import CliRunner

    from migrate.cli import cli
    from conftest import TEST_CATALOG

    out = tmp_path_factory.mktemp("plan")
    r = CliRunner().invoke(cli, ["plan", str(GOLDEN / "inventory.json"), "--catalog-dir", str(TEST_CATALOG),
                                 "--no-bundled-catalogs", "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out / "plan.json"


def write_evidence(dirpath, evidence):
    """Write evidence YAML as a user would: paths are plain strings, files beside it."""
    ev = json.loads(json.dumps(evidence))
    ev["exit_plan"]["document"] = "docs/exit-plan.pdf"
    ev.get("register_of_information", {}).pop("file", None)
    (dirpath / "docs").mkdir(exist_ok=True)
    (dirpath / "docs" / "exit-plan.pdf").write_bytes(b"%PDF-1.4")
    (dirpath / "drill").mkdir(exist_ok=True)
    (dirpath / "drill" / "evidence.json").write_text(json.dumps(drill()))
    ev["exit_tests"] = [{"date": "2026-10-01", "kind": "drill", "drill_evidence": "drill/evidence.json"}]
    path = dirpath / "evidence.yaml"
    path.write_text(yaml.safe_dump(ev, sort_keys=False))
    return path


def test_labels_come_from_tags(golden_plan):
    by_name = {r["name"]: r["labels"] for r in json.loads(golden_plan.read_text())["resources"]}
    assert by_name["pg-1"] == {"classification": "health-pseudonymised", "business_function": "research",
                               "critical": True}
    assert by_name["stlake"] == {"classification": "internal", "business_function": "lake", "critical": False}
    assert by_name["vm-fits"] == {"classification": None, "business_function": None, "critical": None}


def test_audit_of_a_plan_without_evidence_is_not_proven_exit_3(run, golden_plan):
    r = run("audit", golden_plan, *AS_OF, "--format", "json", ok=False)
    assert r.exit_code == 3 and "exit-ready: no — 0 fail" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["summary"]["fail"] == 0 and doc["summary"]["unknown"] >= 1 and len(doc["checks"]) == 32
    assert doc["exit_ready"] is False and doc["verdict"].startswith("exit-ready: no")
    c01 = next(c for c in doc["checks"] if c["id"] == "C01")
    # data-bearing, untagged: disk-1, disk-weu, cosmos-1 (kv-1 too); pg-1 and stlake are tagged
    assert c01["status"] == "UNKNOWN" and "data_classification" in c01["reason"] and c01["remediation"]
    names = sorted(i.rsplit("/", 1)[-1] for i in c01["resources"])
    assert "pg-1" not in names and "stlake" not in names and "cosmos-1" in names
    assert all(c["reason"] for c in doc["checks"] if c["status"] in ("FAIL", "UNKNOWN"))
    assert run("audit", golden_plan, *AS_OF, "--soft-fail").exit_code == 0


def test_a_failing_check_exits_1_and_soft_fail_gives_0(run, tmp_path):
    """Health data planned on an offer without SecNumCloud: C05 fails on the plan's own facts."""
    from audit_fixtures import line

    doc = plan([res("h", classification="health", targets={"alpha": line(offer="a-plain")})])
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    r = run("audit", tmp_path / "plan.json", *AS_OF, "--format", "json", ok=False)
    audit = json.loads(r.stdout)
    assert r.exit_code == 1 and audit["summary"]["fail"] >= 1 and "exit-ready: no" in r.stderr
    assert next(c for c in audit["checks"] if c["id"] == "C05")["status"] == "FAIL"
    assert run("audit", tmp_path / "plan.json", *AS_OF, "--soft-fail").exit_code == 0


def test_json_follows_the_contract(run, golden_plan):
    doc = json.loads(run("audit", golden_plan, *AS_OF, "--format", "json", "--soft-fail").stdout)
    assert set(doc) == {"format", "schema_version", "plan", "as_of", "profile", "evidence", "summary", "exit_ready",
                        "verdict", "framework", "checks"}
    assert doc["format"] == "migrate-audit" and doc["schema_version"] == 1 and doc["as_of"] == "2026-11-24"
    assert set(doc["plan"]) == {"file", "sha256"} and len(doc["plan"]["sha256"]) == 64
    assert doc["evidence"] is None and doc["profile"] == "all"
    assert set(doc["summary"]) == {"pass", "fail", "unknown", "skipped"}
    assert sum(doc["summary"].values()) == len(doc["checks"])
    for c in doc["checks"]:
        assert set(c) == {"id", "title", "severity", "profiles", "legal_basis", "inputs", "preconditions", "status",
                          "reason", "resources", "remediation", "thresholds"}
        assert c["legal_basis"] and all(set(b) == {"regulation", "article", "source", "confirmed"}
                                        for b in c["legal_basis"])
        assert c["resources"] == sorted(c["resources"])


def test_output_is_deterministic_and_written_atomically(run, golden_plan, tmp_path):
    a = run("audit", golden_plan, *AS_OF, "--format", "json", "--soft-fail").stdout
    b = run("audit", golden_plan, *AS_OF, "--format", "json", "--soft-fail").stdout
    assert a == b
    r = run("audit", golden_plan, *AS_OF, "--format", "json", "-o", tmp_path / "audit.json", ok=False)
    assert r.exit_code == 3 and (tmp_path / "audit.json").read_text() == a


def test_junit_parses_with_the_right_counts(run, golden_plan, tmp_path):
    doc = json.loads(run("audit", golden_plan, *AS_OF, "--format", "json", "--soft-fail").stdout)
    run("audit", golden_plan, *AS_OF, "--format", "junit", "-o", tmp_path / "audit.xml", "--soft-fail")
    root = ET.parse(tmp_path / "audit.xml").getroot()
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 32 == int(suite.get("tests"))
    s = doc["summary"]
    assert len(suite.findall("testcase/failure")) == s["fail"] == int(suite.get("failures"))
    assert len(suite.findall("testcase/error")) == s["unknown"] == int(suite.get("errors"))
    assert len(suite.findall("testcase/skipped")) == s["skipped"] == int(suite.get("skipped"))
    c01 = next(c for c in cases if c.get("name").startswith("C01 "))
    assert "Legal basis:" in c01.find("error").text and "Fix:" in c01.find("error").text


def test_sarif_structure(run, golden_plan):
    sarif = json.loads(run("audit", golden_plan, *AS_OF, "--format", "sarif", "--soft-fail").stdout)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    assert len(sarif["runs"]) == 1
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for c in CHECKS]
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"] and r["helpUri"].startswith("https://")
    for res_ in run_["results"]:
        rule = rules[res_["ruleIndex"]]
        assert res_["ruleId"] == rule["id"] and res_["message"]["text"]
        assert res_["kind"] in ("pass", "fail", "notApplicable") and res_["level"] in ("none", "warning", "error")
        if res_["kind"] != "fail":      # SARIF §3.27.10: only kind fail may carry a level other than none
            assert res_["level"] == "none"
        loc = res_["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == str(golden_plan)
        for ll in loc.get("logicalLocations", []):
            assert ll["fullyQualifiedName"].startswith("/subscriptions/") and ll["kind"] == "resource"
    unknown = [r for r in run_["results"] if r["level"] == "warning"]
    assert unknown and all(r["message"]["text"].startswith("UNKNOWN:") for r in unknown)


def test_profile_skips_other_rules(run, golden_plan):
    doc = json.loads(run("audit", golden_plan, *AS_OF, "--format", "json", "--profile", "health",
                         "--soft-fail").stdout)
    by_id = {c["id"]: c for c in doc["checks"]}
    assert by_id["C13"]["status"] == "SKIPPED" and "profile health" in by_id["C13"]["reason"]
    assert by_id["C06"]["status"] != "SKIPPED"


def _seal_config(tmp_path):
    path = tmp_path / "seal.yaml"
    path.write_text("audit:\n  sovereignty_require: [seal-3]\n")
    return path


def test_clean_plan_with_evidence_passes_and_accepts_drill_evidence(run, tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    evidence = write_evidence(tmp_path, full_evidence())
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--format", "json", "--config",
            _seal_config(tmp_path))
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and doc["summary"] == {"pass": 32, "fail": 0, "unknown": 0, "skipped": 0}
    assert "exit-ready: yes — 32 pass" in r.stderr
    c27 = next(c for c in doc["checks"] if c["id"] == "C27")
    assert "drill/evidence.json" in c27["reason"] and "0 mismatches" in c27["reason"]
    assert doc["evidence"] == {"file": str(evidence)}
    # the same drill, one mismatch: the exit test fails, exit code 1
    (tmp_path / "drill" / "evidence.json").write_text(json.dumps(drill(mismatches=1)))
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--format", "json", ok=False)
    assert r.exit_code == 1
    assert next(c for c in json.loads(r.stdout)["checks"] if c["id"] == "C27")["status"] == "FAIL"
    # a year later the same passing drill is too old
    (tmp_path / "drill" / "evidence.json").write_text(json.dumps(drill()))
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, "--as-of", "2027-11-24", "--format", "json",
            ok=False)
    assert next(c for c in json.loads(r.stdout)["checks"] if c["id"] == "C27")["status"] == "FAIL"


def test_missing_document_is_a_finding_not_an_error(run, tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    evidence = write_evidence(tmp_path, full_evidence())
    (tmp_path / "docs" / "exit-plan.pdf").unlink()
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--format", "json", ok=False)
    c25 = next(c for c in json.loads(r.stdout)["checks"] if c["id"] == "C25")
    assert r.exit_code == 1 and c25["status"] == "FAIL" and "not found" in c25["reason"]


def test_evidence_template_round_trip(run, tmp_path):
    tpl = tmp_path / "evidence.yaml"
    run("audit", "--init-evidence", tpl)
    text = tpl.read_text()
    # every key explained, with the checks that read it
    assert "# Exit plan document" in text and "[C25, C30]" in text and "drill_evidence" in text
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    # unfilled: evidence-driven checks are unknown naming the keys to fill, and the file is accepted as it is
    r = run("audit", tmp_path / "plan.json", "--evidence", tpl, *AS_OF, "--format", "json", ok=False)
    assert r.exit_code == 3
    by_id = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
    assert by_id["C25"]["status"] == "UNKNOWN" and "exit_plan.document" in by_id["C25"]["reason"]
    assert by_id["C26"]["status"] == "UNKNOWN"
    # fill the template's own keys in, as a user would
    filled = yaml.safe_load(text)
    ev = full_evidence()
    for section, value in ev.items():
        if isinstance(value, dict):
            filled[section].update(value)
        else:
            filled[section] = value
    out = write_evidence(tmp_path, filled)
    r = run("audit", tmp_path / "plan.json", "--evidence", out, *AS_OF, "--format", "json", "--config",
            _seal_config(tmp_path))
    assert json.loads(r.stdout)["summary"]["pass"] == 32
    # never overwrite a filled-in file
    r = run("audit", "--init-evidence", out, ok=False)
    assert r.exit_code == 2 and "exists" in r.stderr


def test_config_overrides_a_threshold(run, tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    evidence = write_evidence(tmp_path, full_evidence())
    (tmp_path / "strict.yaml").write_text("audit:\n  thresholds:\n    exit_test_max_age_months: 1\n")
    r = run("audit", tmp_path / "plan.json", "--evidence", evidence, *AS_OF, "--config", tmp_path / "strict.yaml",
            "--format", "json", ok=False)
    by_id = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
    assert by_id["C27"]["status"] == "FAIL" and by_id["C27"]["thresholds"] == {"exit_test_max_age_months": 1}


@pytest.mark.parametrize("evidence_text,place", [
    ("exit_plan:\n  documnet: x.pdf\n", "exit_plan"),
    ("exit_plan:\n  last_reviewed: last spring\n", "exit_plan.last_reviewed"),
    ("exit_tests:\n  - kind: drill\n    drill_evidence: nowhere.json\n", "exit_tests[0].drill_evidence"),
    ("contracts: {party: azure}\n", "contracts"),
    ("contracts:\n  - {party: azure, name: MCA, notice_days: 30 days}\n", "contracts[0].notice_days"),
    ("contracts:\n  - {party: microsoft, name: MCA}\n", "contracts[0].party"),
    ("exit_plan:\n  decisions:\n    - resources: ['*']\n", "exit_plan.decisions[0]"),
    ("exit_plan:\n  rekeying:\n    - resources: ['*']\n", "exit_plan.rekeying[0]"),
    ("exit_plan:\n  approved_by: the board\n", "exit_plan.approved_by"),
    ("exit_plan:\n  approved_by: {by: board}\n", "exit_plan.approved_by"),
    ("target:\n  hds_activities: [1, 7]\n", "target.hds_activities[1]"),
    ("target:\n  ownership: {non_eu_largest_pct: 120, non_eu_total_pct: 10, source: x}\n",
     "target.ownership.non_eu_largest_pct"),
    ("target: [1, 2\n", None),
    ("target:\n  provider: nowhere\n", "target.provider"),
])
def test_bad_evidence_names_file_and_key(run, tmp_path, evidence_text, place):
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    (tmp_path / "ev.yaml").write_text(evidence_text)
    r = run("audit", tmp_path / "plan.json", "--evidence", tmp_path / "ev.yaml", "-o", tmp_path / "out.json", ok=False)
    assert r.exit_code == 2
    assert str(tmp_path / "ev.yaml") in r.stderr and "fix:" in r.stderr
    if place:
        assert f": {place}:" in r.stderr
    assert not (tmp_path / "out.json").exists()


def test_drill_evidence_that_is_not_one(run, tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps(clean_plan()))
    (tmp_path / "d.json").write_text(json.dumps({"format": "something-else"}))
    (tmp_path / "ev.yaml").write_text("exit_tests:\n  - kind: drill\n    drill_evidence: d.json\n")
    r = run("audit", tmp_path / "plan.json", "--evidence", tmp_path / "ev.yaml", ok=False)
    assert r.exit_code == 2 and "not a drill evidence file" in r.stderr


@pytest.mark.parametrize("args,message", [
    (["missing.json"], "missing.json: no such file"),
    (["{inv}"], "not a migrate plan"),
    (["{plan}", "--as-of", "yesterday"], "--as-of"),
    (["{plan}", "--provider", "nope"], "not in the plan"),
])
def test_bad_input_exits_2(run, tmp_path, args, message):
    (tmp_path / "plan.json").write_text(json.dumps(plan([res("a")])))
    args = [a.format(plan=tmp_path / "plan.json", inv=GOLDEN / "inventory.json") for a in args]
    r = run("audit", *args, ok=False)
    assert r.exit_code == 2 and message in r.stderr


def test_demo_plan_audit(run, tmp_path):
    """The issue's "done when": the demo plan without evidence exits 3 and says why (every check UNKNOWN or
    SKIPPED with its reason and the key or input to provide), and writes JUnit XML that parses."""
    run("plan", "--demo", "--out", tmp_path)
    r = run("audit", tmp_path / "plan.json", *AS_OF, ok=False)
    assert r.exit_code == 3
    assert "C30" in r.stdout and "DORA Art. 28(8)" in r.stdout and "exit-ready: no — 0 fail" in r.stdout
    r = run("audit", tmp_path / "plan.json", *AS_OF, "--format", "junit", "-o", tmp_path / "audit.xml", ok=False)
    assert r.exit_code == 3
    suite = ET.parse(tmp_path / "audit.xml").getroot().find("testsuite")
    assert int(suite.get("tests")) == 32 and int(suite.get("failures")) == 0 and int(suite.get("errors")) >= 1
    doc = json.loads(run("audit", tmp_path / "plan.json", *AS_OF, "--format", "json", "--soft-fail").stdout)
    assert all(c["legal_basis"] for c in doc["checks"])
    assert all(c["reason"] for c in doc["checks"] if c["status"] in ("FAIL", "UNKNOWN"))
    c01 = next(c for c in doc["checks"] if c["id"] == "C01")
    # the two data-bearing resources of the demo without a dataClassification tag
    assert c01["status"] == "UNKNOWN"
    assert sorted(i.rsplit("/", 1)[-1] for i in c01["resources"]) == ["SecurityInsights(law-hdh-sentinel-frc)",
                                                                     "scanfrancecentral62407bd"]
