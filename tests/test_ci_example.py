"""examples/ci/plan-diff.sh runs as the workflow runs it: plan, audit and diff two checkouts."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, TEST_CATALOG

SCRIPT = Path(__file__).parents[1] / "examples" / "ci" / "plan-diff.sh"
TF = FIXTURES / "terraform"


def _checkouts(tmp_path):
    for side, state in (("base", "sql.tfstate"), ("head", "sql-plan.json")):
        inv = tmp_path / side / "inventory"
        inv.mkdir(parents=True)
        shutil.copy(TF / state, inv / state)
        shutil.copy(TF / "live-export.json", inv / "live-export.json")


def _run(tmp_path, rules):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "MIGRATE_PLAN_ARGS": f"--catalog-dir {TEST_CATALOG} --no-bundled-catalogs",
           "MIGRATE_FAIL_ON": rules, "MIGRATE_AS_OF": "2026-11-24"}
    return subprocess.run(["bash", str(SCRIPT), "base", "head", "out"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("rules,code", [("", 0), ("effort-increase>1% audit-regression", 1)])
def test_plan_diff_script(tmp_path, rules, code):
    _checkouts(tmp_path)
    result = _run(tmp_path, rules)
    assert result.returncode == code, result.stderr
    out = tmp_path / "out"
    for f in ("base/plan.json", "head/plan.json", "base/audit.json", "head/audit.json", "diff.json", "diff.md"):
        assert (out / f).is_file(), f
    md = (out / "diff.md").read_text()
    assert md.startswith("### Exit plan diff") and "`base/plan.json`" in md
    assert "added `microsoft.search/searchservices` srch-tf" in md
    diff = json.loads((out / "diff.json").read_text())
    assert [r["name"] for r in diff["resources"]["added"]] == ["srch-tf"] and diff["resources"]["removed"] == []
    assert diff["audit"] is not None                                     # the audits beside the plans were read
    if code:
        assert "FAILED: effort-increase>1%" in md and "ok: audit-regression" in md
        assert "fail-on effort-increase>1%" in result.stderr


def test_workflow_runs_the_script():
    workflow = (SCRIPT.parent / "exit-plan.yml").read_text()
    import yaml

    doc = yaml.safe_load(workflow)
    steps = doc["jobs"]["plan-diff"]["steps"]
    assert any("plan-diff.sh base head out" in (s.get("run") or "") for s in steps)
    assert any("--body-file out/diff.md" in (s.get("run") or "") for s in steps)
    assert set(doc[True]["pull_request"]["paths"]) >= {"inventory/**", "catalogs/**"}   # YAML reads `on` as True
