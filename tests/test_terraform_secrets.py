"""No secret of a Terraform state reaches any output, log or error (secrets planted in fixtures/terraform)."""

import json

from conftest import FIXTURES

TF = FIXTURES / "terraform"
STATES = [TF / n for n in ("modules.tfstate", "aks.tfstate", "sql-plan.json", "storage.tfstate", "modules-show.json",
                           "real-terraform/terraform.tfstate", "real-terraform/plan.json")]


def _secrets() -> list[str]:
    planted = [s for s in (TF / "secrets.txt").read_text().splitlines() if s.strip()]
    return planted + ["tf-planted-Secret-0001", "tf-planted-Secret-0002"]


def test_the_fixtures_do_hold_the_secrets():
    text = "".join(p.read_text() for p in STATES + [TF / "sql.tfstate"])
    missing = [s for s in _secrets() if s not in text]
    assert not missing                                                  # otherwise the grep below proves nothing


def test_no_secret_in_any_output(run, frozen, tmp_path):
    texts: list[str] = []

    def keep(result):
        texts.extend([result.stdout, result.stderr])
        return result
    inv = tmp_path / "inv.json"
    keep(run("inventory", "import", TF / "live-export.json", *STATES, "-o", inv))
    keep(run("inventory", "show", *STATES))
    keep(run("inventory", "show", *STATES, "--format", "json"))
    keep(run("inventory", "import", TF / "sql.tfstate", "-o", tmp_path / "old-inv.json"))
    keep(run("inventory", "import", TF / "modules.tfstate", "-o", tmp_path / "vms.json"))
    for d, source in (("old", tmp_path / "old-inv.json"), ("new", inv)):
        keep(run("plan", source, *frozen, "--out", tmp_path / d))
        keep(run("audit", tmp_path / d / "plan.json", "--format", "json", "-o", tmp_path / d / "audit.json",
                 "--as-of", "2026-11-24", ok=False))
    for fmt in ("table", "json", "md", "csv"):
        keep(run("plan", TF / "live-export.json", *STATES, *frozen, "--format", fmt))
    for fmt in ("table", "md", "json"):
        keep(run("diff", tmp_path / "old" / "plan.json", tmp_path / "new" / "plan.json", "--format", fmt,
                 "--fail-on", "cost-increase>1%", "--fail-on", "audit-regression", ok=False))
    keep(run("report", tmp_path / "new" / "plan.json", "-o", tmp_path / "report.html"))
    # an error about a broken state that holds a secret
    broken = tmp_path / "broken.tfstate"
    doc = json.loads((TF / "modules.tfstate").read_text())
    doc["resources"][-1]["instances"][0] = "tf-planted-Secret-0001"
    broken.write_text(json.dumps(doc))
    keep(run("inventory", "import", broken, "-o", tmp_path / "x.json", ok=False))

    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "broken.tfstate"]
    assert {"plan.json", "plan.md", "resources.csv", "focus-projection.csv", "report.html", "plan.xlsx",
            "audit.json", "inv.json"} <= {p.name for p in files}
    blobs = [(str(p), p.read_bytes()) for p in files] + [(f"output {i}", t.encode()) for i, t in enumerate(texts)]
    leaks = [(where, s) for s in _secrets() for where, blob in blobs if s.encode() in blob]
    assert not leaks
    # the xlsx is a zip: look inside too
    import zipfile
    for xlsx in (p for p in files if p.suffix == ".xlsx"):
        with zipfile.ZipFile(xlsx) as z:
            inside = b"".join(z.read(n) for n in z.namelist())
        assert not [s for s in _secrets() if s.encode() in inside]
    # and the redaction was at work: the VMs' planted tags are kept, their values hidden
    vm = [r for r in json.loads((tmp_path / "vms.json").read_text())["resources"] if r["name"] == "vm-app-0"][0]
    assert vm["tags"] == {"db_password": "[REDACTED]", "env": "prod", "owner_token": "[REDACTED]"}
