"""Bad input: one line naming the file and the problem, exit code 2, nothing written."""

import json

import pytest


@pytest.mark.parametrize("content,expected", [
    (b'[{"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d", "type": "A.B/c"', "malformed JSON"),
    (b"", "file is empty"),
    (b"   \n", "file is empty"),
    (b'{"hello": "world"}', "unknown input format"),
    (b"name,type,location\nvm1,Microsoft.Compute/virtualMachines,francecentral\n", "no `id` column"),
    (b'[{"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d"}]', "resource has no type"),
    (b'{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", '
     b'"contentVersion": "1.0.0.0", "resources": [{"name": "x"}]}', "resource has no `type`"),
    (b"\xff\xfe\x00\xd8", "not"),
])
def test_bad_inventory_file(run, frozen, tmp_path, content, expected):
    bad = tmp_path / "export.json"
    bad.write_bytes(content)
    out = tmp_path / "out"
    for args in (["plan", bad, *frozen, "--out", out], ["inventory", "import", bad, "-o", out / "inv.json", *frozen]):
        result = run(*args, ok=False)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert str(bad) in lines[0] and expected in lines[0]
        assert not out.exists()


def test_missing_file(run, frozen, tmp_path):
    result = run("plan", tmp_path / "nope.json", *frozen, ok=False)
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_forced_format_mismatch(run, frozen, tmp_path):
    f = tmp_path / "list.json"
    f.write_text(json.dumps([{"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d", "type": "A.B/c"}]))
    result = run("plan", f, *frozen, "--input-format", "arm-template", ok=False)
    assert result.exit_code == 2
    assert "does not look like arm-template" in result.stderr


def test_unknown_provider(run, frozen, tmp_path):
    from conftest import GOLDEN
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--provider", "nimbus", ok=False)
    assert result.exit_code == 2
    assert "unknown provider(s): nimbus" in result.stderr and "alpha" in result.stderr


def test_bad_config(run, frozen, tmp_path):
    from conftest import GOLDEN
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("effort:\n  base:\n    gap: [10, 5, 20]\n")
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, ok=False)
    assert result.exit_code == 2
    assert "effort.base.gap" in result.stderr and str(cfg) in result.stderr
    cfg.write_text("efort: {}\n")
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, ok=False)
    assert "unknown key(s): efort" in result.stderr


def test_config_changes_effort(run, frozen, tmp_path):
    from conftest import GOLDEN, load_json
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("effort:\n  base:\n    gap: [50, 100, 200]\n")
    run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, "--out", tmp_path / "o")
    doc = load_json(tmp_path / "o" / "plan.json")
    kv = next(r for r in doc["resources"] if r["name"] == "kv-1")
    assert kv["targets"]["beta"]["effort_days"]["likely"] == 100.0
    assert doc["inputs"]["config"]["effort"]["base"]["gap"] == [50, 100, 200]


@pytest.mark.parametrize("command", ["plan", "compare"])
def test_empty_inventory_is_refused_not_a_traceback(run, frozen, tmp_path, command):
    (tmp_path / "empty.json").write_text("[]")
    result = run(command, tmp_path / "empty.json", *frozen, ok=False)
    assert result.exit_code == 2
    assert "empty.json: no Azure resource in the input" in result.stderr and "Traceback" not in result.output
