"""`migrate report`: formats, the audit beside the plan, and bad input refused with nothing written."""

from __future__ import annotations

import json

import pytest
from conftest import GOLDEN, load_json
from report_sections import audit_doc, bare, with_provider_sections

from migrate.plan_schema import plan_errors


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """`migrate plan --out` on the golden estate and frozen catalogue: its five files."""
    from click.testing import CliRunner

    from conftest import TEST_CATALOG
    from migrate.cli import cli

    out = tmp_path_factory.mktemp("planned")
    result = CliRunner().invoke(cli, ["plan", str(GOLDEN / "inventory.json"), "--catalog-dir", str(TEST_CATALOG),
                                      "--no-bundled-catalogs", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_plan_out_writes_the_report_and_workbook(planned):
    assert sorted(p.name for p in planned.iterdir()) == ["focus-projection.csv", "plan.json", "plan.md", "plan.xlsx",
                                                         "report.html", "resources.csv"]
    assert (planned / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert (planned / "plan.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("name,fmt", [("plan.md", "md"), ("resources.csv", "csv"), ("plan.json", "json"),
                                      ("report.html", "html"), ("plan.xlsx", "xlsx")])
def test_a_saved_plan_renders_as_plan_out_wrote_it(run, planned, tmp_path, name, fmt):
    """Rendering the saved plan gives the same bytes as `plan --out`: renderers only read plan.json."""
    out = tmp_path / f"again.{fmt}"
    run("report", planned / "plan.json", "--format", fmt, "-o", out)
    assert out.read_bytes() == (planned / name).read_bytes()


def test_format_follows_the_output_suffix_and_text_goes_to_stdout(run, planned, tmp_path):
    run("report", planned / "plan.json", "-o", tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").read_bytes() == (planned / "plan.xlsx").read_bytes()
    assert run("report", planned / "plan.json", "--format", "md").stdout == (planned / "plan.md").read_text()
    assert run("report", planned / "plan.json").stdout == (planned / "report.html").read_text()


def test_xlsx_needs_an_output_file(run, planned):
    result = run("report", planned / "plan.json", "--format", "xlsx", ok=False)
    assert result.exit_code == 2 and "-o FILE" in result.output


def test_audit_beside_the_plan_is_read(run, planned, tmp_path):
    (tmp_path / "plan.json").write_bytes((planned / "plan.json").read_bytes())
    doc = load_json(tmp_path / "plan.json")
    (tmp_path / "audit.json").write_text(json.dumps(audit_doc(tmp_path / "plan.json", doc)))
    result = run("report", tmp_path / "plan.json", "-o", tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text()
    assert "with the audit" in result.stderr and "warning" not in result.stderr
    assert 'id="audit-table"' in html and "EXIT-SNC-03" in html and "different plan" not in html
    # --audit names another file explicitly; a plan without an audit says how to get one.
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "plan.json").write_bytes((planned / "plan.json").read_bytes())
    run("report", other / "plan.json", "-o", other / "r.html")
    assert 'id="audit-table"' not in (other / "r.html").read_text()
    run("report", other / "plan.json", "--audit", tmp_path / "audit.json", "-o", other / "r2.html")
    assert "EXIT-SNC-03" in (other / "r2.html").read_text()
    # Markdown renders the plan alone: an audit beside it is not read, one named explicitly is reported as unused.
    assert run("report", tmp_path / "plan.json", "--format", "md").stderr == ""
    result = run("report", other / "plan.json", "--format", "md", "--audit", tmp_path / "audit.json")
    assert "html and xlsx only" in result.stderr and result.stdout == (planned / "plan.md").read_text()


def test_an_audit_of_another_plan_is_flagged(run, planned, tmp_path):
    doc = load_json(planned / "plan.json")
    audit = audit_doc(planned / "plan.json", doc, plan_bytes=b"another plan")
    (tmp_path / "audit.json").write_text(json.dumps(audit))
    result = run("report", planned / "plan.json", "--audit", tmp_path / "audit.json", "-o", tmp_path / "r.html")
    assert "warning" in result.stderr and "different plan" in result.stderr
    assert "different plan" in (tmp_path / "r.html").read_text()


def test_optional_sections_render_when_present_and_are_left_out_when_absent(run, planned, tmp_path):
    real = load_json(planned / "plan.json")
    assert real["providers"][0]["tco"]["cumulative"]                    # the plan's own TCO (issue 6b)
    assert 'id="chart-tco-title"' in (planned / "report.html").read_text()
    for name, doc in [("bare", bare(real)), ("contract", with_provider_sections(bare(real)))]:
        assert plan_errors(doc) == []
        (tmp_path / f"{name}.json").write_text(json.dumps(doc))
        run("report", tmp_path / f"{name}.json", "-o", tmp_path / f"{name}.html")
        run("report", tmp_path / f"{name}.json", "-o", tmp_path / f"{name}.xlsx")
    assert 'id="chart-tco-title"' not in (tmp_path / "bare.html").read_text()
    assert 'id="chart-tco-title"' in (tmp_path / "contract.html").read_text()


def _bad_plans(planned):
    good = load_json(planned / "plan.json")
    no_total = json.loads(json.dumps(good))
    del no_total["providers"][1]["monthly_eur"]
    old = dict(good, schema_version=0)
    return {
        "missing": (None, "no such file", None),
        "not-json": ("{\"format\": \"migrate-plan\",\n  oops", "not JSON", "line 2, column 3"),
        "audit-as-plan": (json.dumps({"format": "migrate-audit", "schema_version": 1}), "not a migrate plan", "format"),
        "old-version": (json.dumps(old), "plan schema version 0", "schema_version"),
        "schema": (json.dumps(no_total), "does not match plan.schema.json", "providers/1"),
        "list": ("[1, 2]", "not a migrate plan", "format"),
    }


@pytest.mark.parametrize("case", ["missing", "not-json", "audit-as-plan", "old-version", "schema", "list"])
@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_a_wrong_plan_is_refused_naming_file_and_place(run, planned, tmp_path, case, fmt):
    content, problem, place = _bad_plans(planned)[case]
    plan = tmp_path / "wrong-plan.json"
    if content is not None:
        plan.write_text(content)
    out = tmp_path / f"out.{fmt}"
    result = run("report", plan, "-o", out, ok=False)
    assert result.exit_code == 2
    assert "wrong-plan.json" in result.stderr and problem in result.stderr and "fix:" in result.stderr
    if place:
        assert place in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ([plan.name] if content else [])


@pytest.mark.parametrize("mutate,place", [
    (lambda a: a.update(format="migrate-plan"), "format"),
    (lambda a: a["checks"][2].update(status="OK"), "checks[2].status"),
    (lambda a: a.pop("summary"), "summary"),
    (lambda a: a["checks"][0].pop("id"), "checks[0]"),
])
def test_a_wrong_audit_is_refused(run, planned, tmp_path, mutate, place):
    (tmp_path / "plan.json").write_bytes((planned / "plan.json").read_bytes())
    audit = audit_doc(tmp_path / "plan.json", load_json(tmp_path / "plan.json"))
    mutate(audit)
    (tmp_path / "audit.json").write_text(json.dumps(audit))
    result = run("report", tmp_path / "plan.json", "-o", tmp_path / "r.xlsx", ok=False)
    assert result.exit_code == 2 and "audit.json" in result.stderr and place in result.stderr
    assert not (tmp_path / "r.xlsx").exists()
